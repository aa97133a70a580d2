package org.kith.node.workflow;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kith.node.store.StoreQueries;
import org.kith.node.store.Views;
import org.kith.protocol.record.CommitmentStatus;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;

/**
 * What asks for the user's attention, from what this node holds (works offline):
 * <ul>
 *   <li><b>attest</b> — a commitment to a proposal the user wrote or works on (as a committer), by
 *       someone else, that was delivered, or whose due date has passed, and that the user has not
 *       attested yet. An RSVP to a gathering (a commitment to attend) asks for this once the
 *       gathering's day has passed: did they come?</li>
 *   <li><b>overdue</b> / <b>due-soon</b> — the user's own open or renegotiated commitments whose due
 *       date has passed, or falls within {@link #DUE_SOON_DAYS} days.</li>
 *   <li><b>match</b> — proposals open or forming, made within {@link #NEW_DAYS} days by someone else,
 *       asking for a skill in the user's profile, that the user has not committed to.</li>
 * </ul>
 * Items come in that order; within a kind, the most pressing first.
 */
public final class Inbox {

    /** A commitment due within this many days is "due soon". */
    public static final int DUE_SOON_DAYS = 7;
    /** A proposal made within this many days counts as new for matching. */
    public static final int NEW_DAYS = 30;

    /** One thing to do. {@code id} is the record to act on; {@code proposalId} the proposal it belongs to. */
    public record Item(Kind kind, String id, String proposalId, String title, String person, String date,
            String detail) {
    }

    public enum Kind {
        ATTEST, OVERDUE, DUE_SOON, MATCH;

        /** Lower-case, hyphenated name used in JSON and text. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final Set<String> OPEN_COMMITMENT = Set.of("open", CommitmentStatus.RENEGOTIATED.wire());

    private final StoreQueries q;
    private final String me;
    private final LocalDate today;
    private final ZoneId zone;

    /**
     * @param me the user's peer id
     * @param today the user's calendar day, and {@code zone} their time zone (for record timestamps)
     */
    public Inbox(StoreQueries queries, String me, LocalDate today, ZoneId zone) {
        this.q = queries;
        this.me = me;
        this.today = today;
        this.zone = zone;
    }

    public List<Item> items() {
        List<Item> out = new ArrayList<>(toAttest());
        out.addAll(myCommitments());
        out.addAll(matches());
        return out;
    }

    private List<Item> toAttest() {
        // Proposals the user wrote or committed to: the people whose work they can speak about.
        Map<String, Views.Proposal> involved = new LinkedHashMap<>();
        for (Views.Proposal p : q.proposals(new Views.ProposalFilter(null, null, null, null, null, me))) {
            involved.put(p.id(), p);
        }
        for (Views.Commitment c : q.commitments(null, me, null)) {
            if (!involved.containsKey(c.proposalId())) {
                q.proposal(c.proposalId()).ifPresent(p -> involved.put(p.id(), p));
            }
        }
        List<Item> out = new ArrayList<>();
        for (Views.Proposal p : involved.values()) {
            boolean gathering = ProposalKind.GATHERING.wire().equals(p.kind());
            for (Views.Commitment c : q.commitments(p.id(), null, null)) {
                if (c.author().equals(me) || CommitmentStatus.WITHDRAWN.wire().equals(c.status())) {
                    continue;
                }
                boolean delivered = CommitmentStatus.DELIVERED.wire().equals(c.status());
                boolean pastDue = LocalDate.parse(c.due()).isBefore(today);
                if (!(delivered || pastDue) || !q.attestations(c.id(), null, me).isEmpty()) {
                    continue;
                }
                String detail;
                String date;
                if (gathering) {
                    date = c.due();
                    detail = "did " + name(c.author()) + " come to \"" + p.title() + "\" on " + c.due() + "?";
                } else if (delivered) {
                    date = day(c.updatedMillis()).toString();
                    detail = name(c.author()) + " delivered \"" + c.what() + "\" on " + date;
                } else {
                    date = c.due();
                    detail = name(c.author()) + "'s \"" + c.what() + "\" was due " + c.due() + "; no delivery yet";
                }
                out.add(new Item(Kind.ATTEST, c.id(), p.id(), p.title(), c.author(), date, detail));
            }
        }
        out.sort(Comparator.comparing(Item::date).thenComparing(Item::id));
        return out;
    }

    private List<Item> myCommitments() {
        List<Item> overdue = new ArrayList<>();
        List<Item> soon = new ArrayList<>();
        LocalDate horizon = today.plusDays(DUE_SOON_DAYS);
        for (Views.Commitment c : q.commitments(null, me, null)) {
            if (!OPEN_COMMITMENT.contains(c.status())) {
                continue;
            }
            LocalDate due = LocalDate.parse(c.due());
            String title = q.proposal(c.proposalId()).map(Views.Proposal::title).orElse("(proposal not here)");
            if (due.isBefore(today)) {
                overdue.add(new Item(Kind.OVERDUE, c.id(), c.proposalId(), title, me, c.due(), "\"" + c.what()
                        + "\" was due " + c.due() + ": deliver, or renegotiate or withdraw it"));
            } else if (!due.isAfter(horizon)) {
                String when = due.equals(today) ? "today" : "in " + (due.toEpochDay() - today.toEpochDay()) + " days";
                soon.add(new Item(Kind.DUE_SOON, c.id(), c.proposalId(), title, me, c.due(), "\"" + c.what()
                        + "\" is due " + when + " (" + c.due() + ")"));
            }
        }
        // q.commitments orders by due date already.
        overdue.addAll(soon);
        return overdue;
    }

    private List<Item> matches() {
        Optional<Views.Person> profile = q.person(me);
        if (profile.isEmpty() || profile.get().skills().isEmpty()) {
            return List.of();
        }
        Set<String> committed = new LinkedHashSet<>();
        for (Views.Commitment c : q.commitments(null, me, null)) {
            committed.add(c.proposalId());
        }
        long since = today.minusDays(NEW_DAYS).atStartOfDay(zone).toInstant().toEpochMilli();
        Map<String, Views.Proposal> found = new LinkedHashMap<>();
        Map<String, List<String>> matched = new LinkedHashMap<>();
        for (String skill : profile.get().skills()) {
            for (Views.Proposal p : q.proposals(new Views.ProposalFilter(null, skill, null, null, null, null))) {
                boolean open = ProposalStatus.OPEN.wire().equals(p.status())
                        || ProposalStatus.FORMING.wire().equals(p.status());
                if (open && !p.author().equals(me) && !committed.contains(p.id()) && p.createdMillis() >= since) {
                    found.putIfAbsent(p.id(), p);
                    matched.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(skill);
                }
            }
        }
        List<Views.Proposal> newestFirst = new ArrayList<>(found.values());
        newestFirst.sort(Comparator.comparingLong(Views.Proposal::createdMillis).reversed()
                .thenComparing(Views.Proposal::id));
        List<Item> out = new ArrayList<>();
        for (Views.Proposal p : newestFirst) {
            out.add(new Item(Kind.MATCH, p.id(), p.id(), p.title(), p.author(), day(p.createdMillis()).toString(),
                    "wants " + String.join(", ", matched.get(p.id())) + " — a " + p.kind() + " by "
                            + name(p.author())));
        }
        return out;
    }

    private LocalDate day(long millis) {
        return Instant.ofEpochMilli(millis).atZone(zone).toLocalDate();
    }

    /** A person's profile name, or the start of their peer id. */
    private String name(String peerId) {
        return q.person(peerId).map(Views.Person::name).orElse(peerId.substring(0, Math.min(12, peerId.length())));
    }
}
