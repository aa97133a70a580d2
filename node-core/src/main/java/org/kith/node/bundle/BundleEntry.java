package org.kith.node.bundle;

import java.util.Arrays;
import org.kith.protocol.identity.Ed25519PublicKey;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.Limits;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RejectReason;
import org.kith.protocol.record.SignedRecord;

/**
 * One record as a bundle holds it, not yet checked: the stated id, the payload bytes (the
 * UTF-8 of the JSON string), and the signature, or {@code null} where the entry was unreadable.
 *
 * @param index position in the bundle, from 0
 */
public record BundleEntry(int index, String statedId, byte[] payload, byte[] signature, String problem) {

    /** The envelope, once the entry's shape and stated id are right. */
    public SignedRecord toSignedRecord() throws InvalidRecordException {
        if (problem != null) {
            throw new InvalidRecordException(RejectReason.ENVELOPE_MALFORMED, problem);
        }
        if (payload.length > Limits.MAX_PAYLOAD_BYTES) {
            throw new InvalidRecordException(RejectReason.PAYLOAD_TOO_LARGE,
                    payload.length + " bytes, limit " + Limits.MAX_PAYLOAD_BYTES);
        }
        if (signature.length != Ed25519PublicKey.SIGNATURE_BYTES) {
            throw new InvalidRecordException(RejectReason.ENVELOPE_MALFORMED, "signature must be 64 bytes");
        }
        SignedRecord record = SignedRecord.of(payload, signature);
        if (statedId != null && !record.id().toString().equals(statedId)) {
            throw new InvalidRecordException(RejectReason.ID_MISMATCH, "stated id is not sha256 of the payload");
        }
        return record;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BundleEntry e && index == e.index && Arrays.equals(payload, e.payload);
    }

    @Override
    public int hashCode() {
        return 31 * index + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "BundleEntry[" + index + ", " + statedId + "]";
    }

    /** Builds a rejection-ready entry for an unreadable record. */
    static BundleEntry unreadable(int index, String statedId, String problem) {
        return new BundleEntry(index, statedId, null, null, problem);
    }

    static boolean idLooksValid(String id) {
        try {
            RecordId.parse(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
