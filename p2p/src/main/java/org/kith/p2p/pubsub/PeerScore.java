package org.kith.p2p.pubsub;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.kith.protocol.identity.PeerId;

/**
 * Peer scores (gossipsub v1.1 §"Peer scoring"): counters per peer and topic, decayed every
 * {@link PeerScoreParams#decayInterval()}, combined on demand by {@link #score}. The router tells
 * it about grafts, prunes, message deliveries and misbehaviour. Not thread-safe; owned by the
 * router, which calls it under its lock.
 */
final class PeerScore {

    static final class TopicStats {
        boolean inMesh;
        long graftTimeMillis;
        long meshTimeMillis;
        double firstDeliveries;
        double meshDeliveries;
        boolean meshDeliveriesActive;
        double meshFailurePenalty;
        double invalidDeliveries;
    }

    static final class PeerStats {
        boolean connected = true;
        long expireAtMillis;
        final Map<String, TopicStats> topics = new HashMap<>();
        double behaviourPenalty;
    }

    /** What became of a message ID, for crediting near-first deliveries (P₃) and invalid ones (P₄). */
    private enum Status { VALIDATING, VALID, INVALID, IGNORED }

    private static final class DeliveryRecord {
        Status status = Status.VALIDATING;
        final long firstSeenMillis;
        long validatedMillis;
        final Set<PeerId> peers = new HashSet<>();

        DeliveryRecord(long now) {
            firstSeenMillis = now;
        }
    }

    private final PeerScoreParams params;
    private final Map<PeerId, PeerStats> peers = new HashMap<>();
    private final LinkedHashMap<String, DeliveryRecord> deliveries = new LinkedHashMap<>();
    private final long deliveryRecordTtlMillis;

    PeerScore(PeerScoreParams params, long deliveryRecordTtlMillis) {
        this.params = params;
        this.deliveryRecordTtlMillis = deliveryRecordTtlMillis;
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    void addPeer(PeerId peer) {
        PeerStats s = peers.computeIfAbsent(peer, p -> new PeerStats());
        s.connected = true;
    }

    /** The peer left: counters are kept for {@code retainScore} unless its score is positive. */
    void removePeer(PeerId peer, long now) {
        PeerStats s = peers.get(peer);
        if (s == null) {
            return;
        }
        if (score(peer, now) > 0) {
            peers.remove(peer);
            return;
        }
        for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
            applyMeshFailure(e.getKey(), e.getValue());
            e.getValue().inMesh = false;
            e.getValue().meshDeliveriesActive = false;
        }
        s.connected = false;
        s.expireAtMillis = now + params.retainScore().toMillis();
    }

    // ---- mesh ----------------------------------------------------------------------------------

    void graft(PeerId peer, String topic, long now) {
        TopicStats t = topicStats(peer, topic);
        if (t == null) {
            return;
        }
        t.inMesh = true;
        t.graftTimeMillis = now;
        t.meshTimeMillis = 0;
        t.meshDeliveriesActive = false;
    }

    void prune(PeerId peer, String topic) {
        TopicStats t = topicStats(peer, topic);
        if (t == null) {
            return;
        }
        applyMeshFailure(topic, t);
        t.inMesh = false;
        // P3 applies to mesh members only; outside the mesh the sticky P3b carries the deficit.
        t.meshDeliveriesActive = false;
    }

    private void applyMeshFailure(String topic, TopicStats t) {
        TopicScoreParams tp = params.topic(topic);
        if (tp != null && t.meshDeliveriesActive && t.meshDeliveries < tp.meshMessageDeliveriesThreshold()) {
            double deficit = tp.meshMessageDeliveriesThreshold() - t.meshDeliveries;
            t.meshFailurePenalty += deficit * deficit;
        }
    }

    // ---- deliveries ------------------------------------------------------------------------------

    /** A new message (not seen before) passed the router's checks and is being validated. */
    void validating(String id, long now) {
        deliveries.putIfAbsent(id, new DeliveryRecord(now));
    }

    /** The validator accepted the message {@code from} sent first. */
    void delivered(String id, PeerId from, String topic, long now) {
        DeliveryRecord r = deliveries.computeIfAbsent(id, k -> new DeliveryRecord(now));
        r.status = Status.VALID;
        r.validatedMillis = now;
        markFirstDelivery(from, topic);
        for (PeerId p : r.peers) {
            if (!p.equals(from)) {
                markDuplicateDelivery(p, topic);
            }
        }
        r.peers.clear();
    }

    /** The validator rejected it, or it failed authentication: P₄ for the sender and anyone who echoed it. */
    void rejected(String id, PeerId from, String topic, long now) {
        DeliveryRecord r = id == null ? null : deliveries.computeIfAbsent(id, k -> new DeliveryRecord(now));
        markInvalidDelivery(from, topic);
        if (r != null) {
            r.status = Status.INVALID;
            for (PeerId p : r.peers) {
                markInvalidDelivery(p, topic);
            }
            r.peers.clear();
        }
    }

    void ignored(String id) {
        DeliveryRecord r = deliveries.get(id);
        if (r != null) {
            r.status = Status.IGNORED;
            r.peers.clear();
        }
    }

    /** {@code from} sent a message we had already seen. */
    void duplicate(String id, PeerId from, String topic, long now) {
        DeliveryRecord r = deliveries.get(id);
        if (r == null) {
            return;
        }
        switch (r.status) {
            case VALIDATING -> r.peers.add(from);
            case VALID -> {
                TopicScoreParams tp = params.topic(topic);
                if (tp != null && now - r.validatedMillis <= tp.meshMessageDeliveryWindow().toMillis()) {
                    markDuplicateDelivery(from, topic);
                }
            }
            case INVALID -> markInvalidDelivery(from, topic);
            case IGNORED -> {
            }
        }
    }

    private void markFirstDelivery(PeerId peer, String topic) {
        TopicStats t = topicStats(peer, topic);
        if (t == null) {
            return;
        }
        TopicScoreParams tp = params.topic(topic);
        t.firstDeliveries = Math.min(tp.firstMessageDeliveriesCap(), t.firstDeliveries + 1);
        if (t.inMesh) {
            t.meshDeliveries = Math.min(tp.meshMessageDeliveriesCap(), t.meshDeliveries + 1);
        }
    }

    private void markDuplicateDelivery(PeerId peer, String topic) {
        TopicStats t = topicStats(peer, topic);
        if (t != null && t.inMesh) {
            t.meshDeliveries = Math.min(params.topic(topic).meshMessageDeliveriesCap(), t.meshDeliveries + 1);
        }
    }

    private void markInvalidDelivery(PeerId peer, String topic) {
        TopicStats t = topic == null ? null : topicStats(peer, topic);
        if (t != null) {
            t.invalidDeliveries += 1;
        } else {
            // A message so broken it has no scored topic still costs the sender: P₇.
            addPenalty(peer, 1);
        }
    }

    /** P₇: GRAFT during backoff, broken IWANT promises, IHAVE floods, malformed RPCs. */
    void addPenalty(PeerId peer, double count) {
        PeerStats s = peers.get(peer);
        if (s != null) {
            s.behaviourPenalty += count;
        }
    }

    private TopicStats topicStats(PeerId peer, String topic) {
        PeerStats s = peers.get(peer);
        if (s == null || params.topic(topic) == null) {
            return null;
        }
        return s.topics.computeIfAbsent(topic, k -> new TopicStats());
    }

    // ---- time ----------------------------------------------------------------------------------

    /** Decays every counter once and drops what fell below decayToZero; forgets expired peers and records. */
    void decay(long now) {
        double zero = params.decayToZero();
        Iterator<Map.Entry<PeerId, PeerStats>> it = peers.entrySet().iterator();
        while (it.hasNext()) {
            PeerStats s = it.next().getValue();
            if (!s.connected && now >= s.expireAtMillis) {
                it.remove();
                continue;
            }
            for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
                TopicScoreParams tp = params.topic(e.getKey());
                if (tp == null) {
                    continue;
                }
                TopicStats t = e.getValue();
                t.firstDeliveries = decayed(t.firstDeliveries * tp.firstMessageDeliveriesDecay(), zero);
                t.meshDeliveries = decayed(t.meshDeliveries * tp.meshMessageDeliveriesDecay(), zero);
                t.meshFailurePenalty = decayed(t.meshFailurePenalty * tp.meshFailurePenaltyDecay(), zero);
                t.invalidDeliveries = decayed(t.invalidDeliveries * tp.invalidMessageDeliveriesDecay(), zero);
                if (t.inMesh) {
                    t.meshTimeMillis = now - t.graftTimeMillis;
                    if (t.meshTimeMillis >= tp.meshMessageDeliveriesActivation().toMillis()) {
                        t.meshDeliveriesActive = true;
                    }
                }
            }
            s.behaviourPenalty = decayed(s.behaviourPenalty * params.behaviourPenaltyDecay(), zero);
        }
        Iterator<DeliveryRecord> records = deliveries.values().iterator();
        while (records.hasNext() && now - records.next().firstSeenMillis > deliveryRecordTtlMillis) {
            records.remove();
        }
    }

    private static double decayed(double v, double zero) {
        return v < zero ? 0 : v;
    }

    // ---- the score -------------------------------------------------------------------------------

    double score(PeerId peer, long now) {
        PeerStats s = peers.get(peer);
        if (s == null) {
            return 0;
        }
        double topicsScore = 0;
        for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
            TopicScoreParams tp = params.topic(e.getKey());
            if (tp == null) {
                continue;
            }
            TopicStats t = e.getValue();
            double topicScore = 0;
            if (t.inMesh) {
                long inMesh = Math.max(t.meshTimeMillis, now - t.graftTimeMillis);
                double p1 = Math.min((double) inMesh / tp.timeInMeshQuantum().toMillis(), tp.timeInMeshCap());
                topicScore += p1 * tp.timeInMeshWeight();
            }
            topicScore += t.firstDeliveries * tp.firstMessageDeliveriesWeight();
            if (t.meshDeliveriesActive && t.meshDeliveries < tp.meshMessageDeliveriesThreshold()) {
                double deficit = tp.meshMessageDeliveriesThreshold() - t.meshDeliveries;
                topicScore += deficit * deficit * tp.meshMessageDeliveriesWeight();
            }
            topicScore += t.meshFailurePenalty * tp.meshFailurePenaltyWeight();
            topicScore += t.invalidDeliveries * t.invalidDeliveries * tp.invalidMessageDeliveriesWeight();
            topicsScore += topicScore * tp.topicWeight();
        }
        if (params.topicScoreCap() > 0 && topicsScore > params.topicScoreCap()) {
            topicsScore = params.topicScoreCap();
        }
        double score = topicsScore;
        score += params.appSpecificScore().applyAsDouble(peer) * params.appSpecificWeight();
        if (s.behaviourPenalty > params.behaviourPenaltyThreshold()) {
            double excess = s.behaviourPenalty - params.behaviourPenaltyThreshold();
            score += excess * excess * params.behaviourPenaltyWeight();
        }
        return score;
    }

    /** For tests: the counters of one peer, or null. */
    PeerStats stats(PeerId peer) {
        return peers.get(peer);
    }
}
