package org.kith.protocol.record;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A project or gathering proposal (Valueflows vf:Proposal). A proposal with {@link #of()} set is
 * an update: the full new state of the proposal {@code of} names, which must be an earlier
 * proposal in the same feed (only its author may update it).
 *
 * @param roles the intents: who is wanted, with which skills and effort
 * @param when required for gatherings
 */
public record Proposal(ProposalKind kind, String title, String summary, String details, List<Role> roles,
        When when, List<String> tags, ProposalStatus status, RecordId of) implements RecordBody {

    private static final Set<String> FIELDS =
            Set.of("kind", "title", "summary", "details", "roles", "when", "tags", "status", "of");

    public Proposal {
        roles = List.copyOf(roles);
        tags = List.copyOf(tags);
    }

    /** A role the proposal seeks to fill. */
    public record Role(String name, List<String> skills, String effort) {
        private static final Set<String> FIELDS = Set.of("name", "skills", "effort");

        public Role {
            skills = List.copyOf(skills);
        }

        static Role read(Fields f) throws InvalidRecordException {
            f.allowOnly(FIELDS);
            return new Role(f.text("name", Limits.MAX_ROLE_NAME_CHARS, Text.SINGLE_LINE),
                    f.textList("skills", Limits.MAX_ROLE_SKILLS, Limits.MAX_SKILL_CHARS, Text.SINGLE_LINE),
                    f.optText("effort", Limits.MAX_EFFORT_CHARS, Text.SINGLE_LINE));
        }

        void write(JsonOut out) throws IOException {
            out.startObject();
            out.text("name", name).list("skills", skills).text("effort", effort);
            out.endObject();
        }
    }

    /**
     * When and where: {@code start}/{@code end} are {@code YYYY-MM-DD} or ISO-8601 date-times
     * with offset; {@code end} is not before {@code start}.
     */
    public record When(String start, String end, String place) {
        private static final Set<String> FIELDS = Set.of("start", "end", "place");

        static When read(Fields f) throws InvalidRecordException {
            f.allowOnly(FIELDS);
            String start = f.optDateOrDateTime("start");
            String end = f.optDateOrDateTime("end");
            String place = f.optText("place", Limits.MAX_PLACE_CHARS, Text.SINGLE_LINE);
            if (end != null && start == null) {
                throw new InvalidRecordException(RejectReason.MISSING_FIELD, f.path("start") + " is required with end");
            }
            if (end != null && endKey(end, f.path("end")) < Fields.sortKey(start, f.path("start"))) {
                throw new InvalidRecordException(RejectReason.OUT_OF_RANGE, f.path("end") + " is before start");
            }
            if (start == null && place == null) {
                throw new InvalidRecordException(RejectReason.EMPTY, f.path("start") + " or " + f.path("place") + " is required");
            }
            return new When(start, end, place);
        }

        /** A date-only end means the end of that day (UTC), so it is never before a same-day start. */
        private static long endKey(String end, String where) throws InvalidRecordException {
            long key = Fields.sortKey(end, where);
            return end.length() == 10 ? key + 86_400_000L - 1 : key;
        }

        void write(JsonOut out) throws IOException {
            out.startObject("when");
            out.text("start", start).text("end", end).text("place", place);
            out.endObject();
        }
    }

    public boolean isUpdate() {
        return of != null;
    }

    @Override
    public String typeName() {
        return RecordType.PROPOSAL.wire();
    }

    static Proposal read(Fields f) throws InvalidRecordException {
        f.allowOnly(FIELDS);
        ProposalKind kind = f.enumValue("kind", ProposalKind.class);
        List<Role> roles = new ArrayList<>();
        for (Fields role : f.objectList("roles", Limits.MAX_ROLES)) {
            roles.add(Role.read(role));
        }
        Fields whenFields = f.optObject("when");
        When when = whenFields == null ? null : When.read(whenFields);
        if (kind == ProposalKind.GATHERING && (when == null || when.start() == null)) {
            throw new InvalidRecordException(RejectReason.MISSING_FIELD, f.path("when.start") + " is required for a gathering");
        }
        return new Proposal(kind,
                f.text("title", Limits.MAX_TITLE_CHARS, Text.SINGLE_LINE),
                f.text("summary", Limits.MAX_SUMMARY_CHARS, Text.MULTI_LINE),
                f.optText("details", Limits.MAX_DETAILS_CHARS, Text.MULTI_LINE),
                roles, when,
                f.textList("tags", Limits.MAX_TAGS, Limits.MAX_TAG_CHARS, Text.SINGLE_LINE),
                f.enumValue("status", ProposalStatus.class),
                f.optRecordId("of"));
    }

    @Override
    public void write(JsonOut out) throws IOException {
        out.text("kind", kind).text("title", title).text("summary", summary).text("details", details);
        if (!roles.isEmpty()) {
            out.generator().writeArrayFieldStart("roles");
            for (Role role : roles) {
                role.write(out);
            }
            out.generator().writeEndArray();
        }
        if (when != null) {
            when.write(out);
        }
        out.list("tags", tags).text("status", status).text("of", of);
    }
}
