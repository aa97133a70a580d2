package org.kith.node.store;

import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordPayload;
import org.kith.protocol.record.SignedRecord;

/**
 * A record as stored: its envelope bytes exactly as verified, and the parsed payload.
 *
 * @param forkEvidence true if kept only as proof of a fork, outside the feed's chain
 */
public record StoredRecord(RecordId id, byte[] envelope, RecordPayload payload, long receivedAtMillis,
        boolean forkEvidence) {

    public SignedRecord signed() {
        try {
            return SignedRecord.decode(envelope);
        } catch (org.kith.protocol.record.InvalidRecordException e) {
            throw new StoreException("stored envelope no longer decodes: " + e.getMessage());
        }
    }
}
