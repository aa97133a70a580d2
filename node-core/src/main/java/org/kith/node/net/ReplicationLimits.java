package org.kith.node.net;

import java.time.Duration;

/**
 * Limits on live replication (gossip), per swarm host. Catch-up has its own
 * ({@link org.kith.node.sync.SyncLimits}); records held for a missing predecessor are bounded by
 * the store's hold queue. Over a limit, a gossiped record is ignored (not stored, not forwarded,
 * not held against the sender): catch-up brings it later if it is genuine.
 */
public final class ReplicationLimits {

    /** Gossiped records a single peer may hand us at once … */
    public static final int PEER_RECORD_BURST = 2_000;
    /** … then one more per this interval (200 records/s sustained). */
    public static final Duration PEER_RECORD_REFILL = Duration.ofMillis(5);

    /** New records of one feed (author, swarm) taken live at once … */
    public static final int FEED_RECORD_BURST = 500;
    /** … then one more per this interval (a person writes far fewer; a flood waits for catch-up). */
    public static final Duration FEED_RECORD_REFILL = Duration.ofSeconds(1);

    private ReplicationLimits() {
    }
}
