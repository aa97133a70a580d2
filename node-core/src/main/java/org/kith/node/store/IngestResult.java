package org.kith.node.store;

import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RejectReason;

/**
 * What the ingest door did with one record.
 *
 * @param id the record's id, or {@code null} if the envelope could not even be decoded
 * @param reason set only when {@code status} is {@link Status#REJECTED}
 * @param detail a human-readable line (no record content)
 */
public record IngestResult(Status status, RecordId id, RejectReason reason, String detail) {

    public enum Status {
        /** Stored in its feed; derived tables updated; listeners told. */
        ACCEPTED,
        /** Already stored (or already held): nothing changed. */
        DUPLICATE,
        /** Valid but ahead of its predecessor: kept in memory until the gap is filled. */
        HELD,
        /** A second record for a (author, swarm, seq) slot: kept as evidence, feed flagged. */
        FORK,
        /** Refused: not stored, must not be forwarded. */
        REJECTED
    }

    static IngestResult rejected(RecordId id, RejectReason reason, String detail) {
        return new IngestResult(Status.REJECTED, id, reason, detail);
    }

    static IngestResult of(Status status, RecordId id, String detail) {
        return new IngestResult(status, id, null, detail);
    }

    public boolean isRejected() {
        return status == Status.REJECTED;
    }
}
