package org.kith.ui.projects;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kith.node.store.Views;
import org.kith.protocol.record.Limits;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.WireEnum;

/**
 * Turns a {@link ProposalDraft} into a proposal record body, or into errors keyed by field
 * ({@code title}, {@code summary}, {@code details}, {@code roles}, {@code start}, {@code end},
 * {@code place}, {@code tags}, {@code status}). Nothing is published while there are errors.
 */
final class ProposalValidation {

    /** The outcome: {@code proposal} is null exactly when {@code errors} is not empty. */
    record Result(Map<String, String> errors, Proposal proposal) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    private ProposalValidation() {
    }

    /**
     * @param today the user's calendar day (a gathering may not start before it)
     * @param original the proposal being edited, or null for a new one: an edit keeps its kind, may
     *     keep a start date that has passed, and may move its status only along {@link Lifecycle}
     */
    static Result validate(ProposalDraft d, LocalDate today, Views.Proposal original) {
        Map<String, String> e = new LinkedHashMap<>();
        ProposalKind kind = original != null ? WireEnum.fromWire(ProposalKind.class, original.kind())
                : "gathering".equals(d.kind()) ? ProposalKind.GATHERING : ProposalKind.PROJECT;
        boolean gathering = kind == ProposalKind.GATHERING;

        String title = Checks.required(e, "title", "The title", d.title(), Limits.MAX_TITLE_CHARS, true,
                "A title is needed");
        String summary = Checks.required(e, "summary", "The summary", d.summary(), Limits.MAX_SUMMARY_CHARS, false,
                "A short summary is needed");
        String details = Checks.text(e, "details", "The details", d.details(), Limits.MAX_DETAILS_CHARS, false);

        List<Proposal.Role> roles = roles(e, d.roles());

        LocalDate start = Checks.date(e, "start", "The start", d.start());
        LocalDate end = Checks.date(e, "end", "The end", d.end());
        boolean startChanged = original == null || original.whenStart() == null
                || !original.whenStart().startsWith(String.valueOf(start));
        if (gathering && start == null && !e.containsKey("start")) {
            e.put("start", "A gathering needs a start date");
        }
        if (gathering && start != null && start.isBefore(today) && startChanged) {
            e.put("start", "The start date " + start + " is in the past");
        }
        if (end != null && start == null && !e.containsKey("start")) {
            e.put("start", "An end date needs a start date");
        }
        if (end != null && start != null && end.isBefore(start)) {
            e.put("end", "The end (" + end + ") is before the start (" + start + ")");
        }
        String place = Checks.text(e, "place", "The place", d.place(), Limits.MAX_PLACE_CHARS, true);
        List<String> tags = tags(e, d.tags());

        ProposalStatus status = ProposalStatus.OPEN;
        if (original != null) {
            ProposalStatus from = WireEnum.fromWire(ProposalStatus.class, original.status());
            status = d.status() == null ? from : WireEnum.fromWire(ProposalStatus.class, d.status());
            if (status != from && !Lifecycle.next(from).contains(status)) {
                e.put("status", "The status cannot go from " + from.wire() + " to " + status.wire());
            }
        }
        if (!e.isEmpty()) {
            return new Result(Map.copyOf(e), null);
        }
        Proposal.When when = start == null && place == null ? null
                : new Proposal.When(start == null ? null : keepTime(start, original == null ? null
                        : original.whenStart()), end == null ? null : keepTime(end, original == null ? null
                                : original.whenEnd()), place);
        RecordId of = original == null ? null : RecordId.parse(original.id());
        return new Result(Map.of(), new Proposal(kind, title, summary, details, roles, when, tags, status, of));
    }

    /** An edit that leaves the day alone keeps a date-time the CLI may have given. */
    private static String keepTime(LocalDate day, String was) {
        return was != null && was.length() > 10 && was.startsWith(day.toString()) ? was : day.toString();
    }

    private static List<Proposal.Role> roles(Map<String, String> e, List<ProposalDraft.RoleDraft> drafts) {
        List<Proposal.Role> out = new ArrayList<>();
        int n = 0;
        for (ProposalDraft.RoleDraft r : drafts) {
            if (r.isBlank()) {
                continue;
            }
            n++;
            String label = "Role " + n;
            String name = Checks.required(e, "roles", label + ": the name", r.name(), Limits.MAX_ROLE_NAME_CHARS, true,
                    label + " needs a name");
            List<String> skills = new ArrayList<>();
            for (String s : split(r.skills())) {
                String skill = Checks.text(e, "roles", label + ": skill \"" + s + "\"", s, Limits.MAX_SKILL_CHARS, true);
                if (skill != null) {
                    skills.add(skill);
                }
            }
            if (skills.size() > Limits.MAX_ROLE_SKILLS) {
                e.putIfAbsent("roles", label + " lists " + skills.size() + " skills, at most "
                        + Limits.MAX_ROLE_SKILLS);
            }
            String effort = Checks.text(e, "roles", label + ": the effort", r.effort(), Limits.MAX_EFFORT_CHARS, true);
            if (name != null) {
                out.add(new Proposal.Role(name, skills, effort));
            }
        }
        if (n > Limits.MAX_ROLES) {
            e.putIfAbsent("roles", n + " roles, at most " + Limits.MAX_ROLES);
        }
        return out;
    }

    private static List<String> tags(Map<String, String> e, String raw) {
        List<String> tags = new ArrayList<>();
        for (String t : split(raw)) {
            String tag = Checks.text(e, "tags", "Tag \"" + t + "\"", t, Limits.MAX_TAG_CHARS, true);
            if (tag != null) {
                tags.add(tag);
            }
        }
        if (tags.size() > Limits.MAX_TAGS) {
            e.putIfAbsent("tags", tags.size() + " tags, at most " + Limits.MAX_TAGS);
        }
        return tags;
    }

    /** Comma-separated items, stripped, without blanks or repeats. */
    static List<String> split(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String part : raw.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return List.copyOf(out);
    }
}
