package org.kith.protocol.record;

import java.io.IOException;
import java.util.Set;
import org.kith.protocol.identity.PeerId;

/**
 * A receiver's verdict on a commitment (Valueflows vf:Satisfaction). {@code committer} names
 * whose commitment it is, so a self-attestation is refused without looking anything up; the
 * store checks it against the commitment's real author when it knows the commitment.
 */
public record Attestation(RecordId commitment, PeerId committer, Outcome outcome, String note)
        implements RecordBody {

    private static final Set<String> FIELDS = Set.of("commitment", "committer", "outcome", "note");

    @Override
    public String typeName() {
        return RecordType.ATTESTATION.wire();
    }

    static Attestation read(Fields f, PeerId author) throws InvalidRecordException {
        f.allowOnly(FIELDS);
        Attestation a = new Attestation(f.recordId("commitment"), f.peerId("committer"),
                f.enumValue("outcome", Outcome.class), f.optText("note", Limits.MAX_NOTE_CHARS, Text.MULTI_LINE));
        if (a.committer.equals(author)) {
            throw new InvalidRecordException(RejectReason.SELF_ATTESTATION,
                    "the committer cannot attest their own commitment");
        }
        return a;
    }

    @Override
    public void write(JsonOut out) throws IOException {
        out.text("commitment", commitment).text("committer", committer).text("outcome", outcome).text("note", note);
    }
}
