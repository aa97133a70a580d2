package org.kith.protocol.record;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Set;

/**
 * A promise to do something for a proposal (Valueflows vf:Commitment), by the record's author.
 *
 * @param proposal the proposal answered (usually another person's record)
 * @param role the proposal's role taken, if any
 * @param due the date it will be done by
 */
public record Commitment(RecordId proposal, String role, String what, LocalDate due, String effort)
        implements RecordBody {

    private static final Set<String> FIELDS = Set.of("proposal", "role", "what", "due", "effort");

    @Override
    public String typeName() {
        return RecordType.COMMITMENT.wire();
    }

    static Commitment read(Fields f) throws InvalidRecordException {
        f.allowOnly(FIELDS);
        return new Commitment(f.recordId("proposal"),
                f.optText("role", Limits.MAX_ROLE_NAME_CHARS, Text.SINGLE_LINE),
                f.text("what", Limits.MAX_WHAT_CHARS, Text.MULTI_LINE),
                f.date("due"),
                f.optText("effort", Limits.MAX_EFFORT_CHARS, Text.SINGLE_LINE));
    }

    @Override
    public void write(JsonOut out) throws IOException {
        out.text("proposal", proposal).text("role", role).text("what", what).text("due", due).text("effort", effort);
    }
}
