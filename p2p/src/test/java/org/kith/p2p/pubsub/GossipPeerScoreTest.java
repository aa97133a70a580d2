package org.kith.p2p.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kith.protocol.identity.PeerId;

/** Score arithmetic, one P-term at a time, and decay. */
class GossipPeerScoreTest {

    private static final String T = "t";
    private static final PeerId PEER = SimNetwork.key(1).peerId();
    private static final PeerId OTHER = SimNetwork.key(2).peerId();
    private static final double EPS = 1e-9;

    /** All topic weights 0 except those a test sets. */
    private static TopicScoreParams topic(double w1, double w2, double w3, double w3b, double w4) {
        return new TopicScoreParams(1.0, w1, Duration.ofSeconds(1), 100, w2, 0.5, 10, w3, 0.5, 4, 20,
                Duration.ofSeconds(5), Duration.ofMillis(10), w3b, 0.5, w4, 0.5);
    }

    private static PeerScore score(TopicScoreParams tp, double w7) {
        PeerScoreParams p = new PeerScoreParams(Map.of(T, tp), null, 0, id -> 0, 0, w7, 1, 0.5,
                Duration.ofSeconds(1), 0.01, Duration.ofSeconds(30));
        PeerScore s = new PeerScore(p, 120_000);
        s.addPeer(PEER);
        s.addPeer(OTHER);
        return s;
    }

    @Test
    void p1TimeInMeshCountsQuantaUpToTheCap() {
        PeerScore s = score(topic(0.5, 0, 0, 0, 0), 0);
        s.graft(PEER, T, 0);
        assertEquals(0.5 * 30, s.score(PEER, 30_000), EPS);
        assertEquals(0.5 * 100, s.score(PEER, 500_000), EPS, "capped at 100 quanta");
        s.prune(PEER, T);
        assertEquals(0, s.score(PEER, 600_000), EPS);
    }

    @Test
    void p2FirstDeliveriesCountOncePerMessageAndCap() {
        PeerScore s = score(topic(0, 2, 0, 0, 0), 0);
        for (int i = 0; i < 3; i++) {
            s.validating("m" + i, 0);
            s.delivered("m" + i, PEER, T, 0);
        }
        assertEquals(6, s.score(PEER, 0), EPS);
        for (int i = 3; i < 30; i++) {
            s.delivered("m" + i, PEER, T, 0);
        }
        assertEquals(20, s.score(PEER, 0), EPS, "cap 10 first deliveries");
    }

    @Test
    void p3MeshDeliveryDeficitAppliesOnlyAfterActivationAndP3bSticksAfterPrune() {
        PeerScore s = score(topic(0, 0, -1, -2, 0), 0);
        s.graft(PEER, T, 0);
        s.validating("a", 0);
        s.delivered("a", PEER, T, 0);
        s.decay(1000);
        assertEquals(0, s.score(PEER, 1000), EPS, "not active before 5 s in the mesh");
        s.decay(6000);
        // one delivery decayed twice (0.25), threshold 4: deficit 3.75
        assertEquals(-(3.75 * 3.75), s.score(PEER, 6000), EPS);
        s.prune(PEER, T);
        assertEquals(-2 * 3.75 * 3.75, s.score(PEER, 6000), EPS, "P3b = deficit² after leaving the mesh");
    }

    @Test
    void p3CountsNearFirstDuplicatesFromMeshPeersWithinTheWindow() {
        PeerScore s = score(topic(0, 0, -1, 0, 0), 0);
        s.graft(OTHER, T, 0);
        s.validating("a", 0);
        s.delivered("a", PEER, T, 100);
        s.duplicate("a", OTHER, T, 105);
        s.validating("b", 0);
        s.delivered("b", PEER, T, 200);
        s.duplicate("b", OTHER, T, 300);
        assertEquals(1.0, s.stats(OTHER).topics.get(T).meshDeliveries, EPS, "only the one inside 10 ms counts");
    }

    @Test
    void p4InvalidDeliveriesSquareAndCoverEchoesSeenDuringValidation() {
        PeerScore s = score(topic(0, 0, 0, 0, -3), 0);
        s.validating("x", 0);
        s.duplicate("x", OTHER, T, 1);
        s.rejected("x", PEER, T, 2);
        s.rejected("y", PEER, T, 3);
        assertEquals(-3 * 4, s.score(PEER, 3), EPS);
        assertEquals(-3, s.score(OTHER, 3), EPS, "the peer that echoed an invalid message shares the blame");
        s.duplicate("x", OTHER, T, 4);
        assertEquals(-3 * 4, s.score(OTHER, 4), EPS, "repeating a known-invalid message counts again");
    }

    @Test
    void p5AppSpecificAndP7BehaviourPenaltyAboveThreshold() {
        PeerScoreParams p = new PeerScoreParams(Map.of(), null, 0, id -> id.equals(PEER) ? 3 : 0, 2, -4, 1, 0.5,
                Duration.ofSeconds(1), 0.01, Duration.ofSeconds(30));
        PeerScore s = new PeerScore(p, 1000);
        s.addPeer(PEER);
        assertEquals(6, s.score(PEER, 0), EPS);
        s.addPenalty(PEER, 1);
        assertEquals(6, s.score(PEER, 0), EPS, "at the threshold: free");
        s.addPenalty(PEER, 2);
        assertEquals(6 - 4 * 4, s.score(PEER, 0), EPS, "(3 − 1)² × −4");
    }

    @Test
    void topicCapLimitsOnlyThePositivePart() {
        PeerScoreParams p = new PeerScoreParams(Map.of(T, topic(0, 5, 0, 0, 0)), null, 12, id -> 0, 0, 0, 0, 0.5,
                Duration.ofSeconds(1), 0.01, Duration.ofSeconds(30));
        PeerScore s = new PeerScore(p, 1000);
        s.addPeer(PEER);
        for (int i = 0; i < 5; i++) {
            s.delivered("m" + i, PEER, T, 0);
        }
        assertEquals(12, s.score(PEER, 0), EPS);
    }

    @Test
    void countersDecayEachIntervalAndSnapToZero() {
        PeerScore s = score(topic(0, 0, 0, 0, -1), -1);
        s.rejected("x", PEER, T, 0);
        s.rejected("y", PEER, T, 0);
        s.addPenalty(PEER, 5);
        s.decay(1000);
        assertEquals(1.0, s.stats(PEER).topics.get(T).invalidDeliveries, EPS);
        assertEquals(2.5, s.stats(PEER).behaviourPenalty, EPS);
        for (int i = 2; i < 10; i++) {
            s.decay(i * 1000L);
        }
        assertEquals(0.0, s.stats(PEER).topics.get(T).invalidDeliveries, "below decayToZero becomes 0");
        assertEquals(0.0, s.stats(PEER).behaviourPenalty);
        assertEquals(0, s.score(PEER, 10_000), EPS);
    }

    @Test
    void aBadScoreSurvivesReconnectingForRetainScore() {
        PeerScore s = score(topic(0, 0, 0, 0, -1), 0);
        s.rejected("x", PEER, T, 0);
        s.removePeer(PEER, 0);
        s.addPeer(PEER);
        assertEquals(-1, s.score(PEER, 0), EPS);
        s.removePeer(PEER, 0);
        s.decay(31_000);
        assertNull(s.stats(PEER), "forgotten after retainScore");
        s.validating("z", 0);
        s.delivered("z", OTHER, T, 0);
        assertNotNull(s.stats(OTHER));
    }

    @Test
    void parametersAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new PeerScoreThresholds(1, 0, -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PeerScoreThresholds(-1, -2, -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> topic(0, 0, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> GossipsubParams.defaults().withDegrees(6, 7, 12, 6, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> GossipsubParams.defaults().withDegrees(6, 4, 12, 6, 4, 4));
    }
}
