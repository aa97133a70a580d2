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
        /**
         * Valid but ahead of its predecessor, or naming a record of another feed not here yet:
         * kept in memory until that arrives.
         */
        HELD,
        /** A second record for a (author, swarm, seq) slot: kept as evidence, feed flagged. */
        FORK,
        /**
         * Valid as far as checked, but it needs a record this node lacks (its predecessor, or the
         * record it names) and there is no room to hold it: not stored, not forwarded, not the
         * sender's fault. Catch-up brings it again.
         */
        DEFERRED,
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
