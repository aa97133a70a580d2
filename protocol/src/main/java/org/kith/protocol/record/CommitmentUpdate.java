package org.kith.protocol.record;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Set;

/**
 * The committer's word on their own commitment: delivered, withdrawn, or renegotiated with a new
 * due date. {@code commitment} must be an earlier commitment in the same feed.
 *
 * @param due the new due date: required when renegotiated, absent otherwise
 */
public record CommitmentUpdate(RecordId commitment, CommitmentStatus status, LocalDate due, String note)
        implements RecordBody {

    private static final Set<String> FIELDS = Set.of("commitment", "status", "due", "note");

    @Override
    public String typeName() {
        return RecordType.COMMITMENT_UPDATE.wire();
    }

    static CommitmentUpdate read(Fields f) throws InvalidRecordException {
        f.allowOnly(FIELDS);
        CommitmentStatus status = f.enumValue("status", CommitmentStatus.class);
        LocalDate due = f.optDate("due");
        if (status == CommitmentStatus.RENEGOTIATED && due == null) {
            throw new InvalidRecordException(RejectReason.MISSING_FIELD, f.path("due") + " is required when renegotiated");
        }
        if (status != CommitmentStatus.RENEGOTIATED && due != null) {
            throw new InvalidRecordException(RejectReason.UNKNOWN_FIELD,
                    f.path("due") + " is only allowed when renegotiated");
        }
        return new CommitmentUpdate(f.recordId("commitment"), status, due,
                f.optText("note", Limits.MAX_NOTE_CHARS, Text.MULTI_LINE));
    }

    @Override
    public void write(JsonOut out) throws IOException {
        out.text("commitment", commitment).text("status", status).text("due", due).text("note", note);
    }
}
