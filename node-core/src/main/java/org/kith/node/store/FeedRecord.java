package org.kith.node.store;

import org.kith.protocol.record.RecordId;

/**
 * One record of a feed as stored, without its parsed payload: what replication sends.
 *
 * @param envelope the {@code SignedRecord} bytes exactly as verified and stored (not copied: do not modify)
 */
public record FeedRecord(long seq, RecordId id, byte[] envelope) {
}
