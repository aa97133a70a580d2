package org.kith.p2p.pubsub;

import java.time.Duration;

/**
 * Router parameters (gossipsub v1.0/v1.1 specs; checklist §9 for what go and js use). Immutable.
 * {@link #defaults()} are the spec's values (D_lo = 4 as in the spec and js; go uses 5).
 *
 * @param d target mesh degree D
 * @param dLo graft when the mesh is below this
 * @param dHi prune when the mesh is above this
 * @param dLazy minimum number of peers gossiped to per topic per heartbeat
 * @param dScore peers kept by score when pruning an oversubscribed mesh
 * @param dOut outbound peers the mesh keeps (or grafts) when it can
 * @param heartbeatInitialDelay delay before the first heartbeat
 * @param heartbeatInterval heartbeat period
 * @param mcacheLength message-cache history windows
 * @param mcacheGossip windows whose IDs are gossiped
 * @param seenTtl how long a message ID stays in the seen cache
 * @param fanoutTtl a fanout topic without publishes for this long is dropped
 * @param gossipFactor gossip to max(dLazy, factor × eligible peers)
 * @param pruneBackoff backoff after a PRUNE
 * @param unsubscribeBackoff backoff announced when leaving a topic
 * @param backoffSlackHeartbeats extra heartbeats we wait past a backoff before grafting again
 * @param prunePeers most peers offered in a PRUNE's peer exchange
 * @param opportunisticGraftTicks heartbeats between opportunistic grafting rounds
 * @param opportunisticGraftPeers peers grafted per opportunistic round
 * @param iwantFollowupTime how long a peer has to deliver a message it advertised and we asked for
 * @param maxIHaveMessages IHAVE messages accepted from one peer per heartbeat
 * @param maxIHaveLength message IDs asked of one peer per heartbeat, and sent per IHAVE
 * @param graftFloodThreshold a GRAFT this soon after a PRUNE is penalised twice
 * @param maxRpcBytes frame cap; a larger RPC resets the stream
 * @param gossipRetransmission times one message is served by IWANT to one peer
 * @param floodPublish whether our own messages go to every topic peer above the publish threshold
 */
public record GossipsubParams(int d, int dLo, int dHi, int dLazy, int dScore, int dOut, Duration heartbeatInitialDelay,
        Duration heartbeatInterval, int mcacheLength, int mcacheGossip, Duration seenTtl, Duration fanoutTtl,
        double gossipFactor, Duration pruneBackoff, Duration unsubscribeBackoff, int backoffSlackHeartbeats,
        int prunePeers, int opportunisticGraftTicks, int opportunisticGraftPeers, Duration iwantFollowupTime,
        int maxIHaveMessages, int maxIHaveLength, Duration graftFloodThreshold, int maxRpcBytes,
        int gossipRetransmission, boolean floodPublish) {

    /** go's {@code DefaultMaxMessageSize}: 1 MiB. */
    public static final int DEFAULT_MAX_RPC_BYTES = 1 << 20;

    public GossipsubParams {
        if (!(0 <= dLo && dLo <= d && d <= dHi)) {
            throw new IllegalArgumentException("need 0 ≤ D_lo ≤ D ≤ D_hi, got " + dLo + ", " + d + ", " + dHi);
        }
        if (dOut < 0 || dOut >= Math.max(1, dLo) || dOut > d / 2) {
            throw new IllegalArgumentException("need D_out < D_lo and D_out ≤ D/2, got " + dOut);
        }
        if (dScore < 0 || dScore > d || dLazy < 0) {
            throw new IllegalArgumentException("need 0 ≤ D_score ≤ D and D_lazy ≥ 0");
        }
        if (mcacheGossip < 1 || mcacheGossip > mcacheLength) {
            throw new IllegalArgumentException("need 1 ≤ mcache_gossip ≤ mcache_len");
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive");
        }
        if (maxRpcBytes < 1024) {
            throw new IllegalArgumentException("max RPC size under 1 KiB");
        }
    }

    public static GossipsubParams defaults() {
        return new GossipsubParams(6, 4, 12, 6, 4, 2, Duration.ofMillis(100), Duration.ofSeconds(1), 5, 3,
                Duration.ofSeconds(120), Duration.ofSeconds(60), 0.25, Duration.ofSeconds(60), Duration.ofSeconds(10),
                2, 16, 60, 2, Duration.ofSeconds(3), 10, 5000, Duration.ofSeconds(10), DEFAULT_MAX_RPC_BYTES, 3,
                true);
    }

    /** The same parameters with another mesh degree family. */
    public GossipsubParams withDegrees(int newD, int newDLo, int newDHi, int newDLazy, int newDScore, int newDOut) {
        return new GossipsubParams(newD, newDLo, newDHi, newDLazy, newDScore, newDOut, heartbeatInitialDelay,
                heartbeatInterval, mcacheLength, mcacheGossip, seenTtl, fanoutTtl, gossipFactor, pruneBackoff,
                unsubscribeBackoff, backoffSlackHeartbeats, prunePeers, opportunisticGraftTicks,
                opportunisticGraftPeers, iwantFollowupTime, maxIHaveMessages, maxIHaveLength, graftFloodThreshold,
                maxRpcBytes, gossipRetransmission, floodPublish);
    }

    /** The same parameters with flood publishing on or off. */
    public GossipsubParams withFloodPublish(boolean on) {
        return new GossipsubParams(d, dLo, dHi, dLazy, dScore, dOut, heartbeatInitialDelay, heartbeatInterval,
                mcacheLength, mcacheGossip, seenTtl, fanoutTtl, gossipFactor, pruneBackoff, unsubscribeBackoff,
                backoffSlackHeartbeats, prunePeers, opportunisticGraftTicks, opportunisticGraftPeers,
                iwantFollowupTime, maxIHaveMessages, maxIHaveLength, graftFloodThreshold, maxRpcBytes,
                gossipRetransmission, on);
    }
}
