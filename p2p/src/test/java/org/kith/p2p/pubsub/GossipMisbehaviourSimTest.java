package org.kith.p2p.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/**
 * A raw peer speaking bytes among honest routers: each kind of bad input is dropped and scored,
 * repetition graylists the peer, and honest peers keep delivering.
 */
class GossipMisbehaviourSimTest {

    private static final String TOPIC = "kith/test";

    private static byte[] rpc(Rpc rpc) {
        return RpcCodec.encode(rpc);
    }

    private static byte[] subscribe() {
        return rpc(new Rpc(List.of(new Rpc.SubOpts(true, TOPIC)), List.of(), null));
    }

    private static byte[] publish(Rpc.Message m) {
        return rpc(Rpc.ofMessages(List.of(m)));
    }

    private static final Ed25519KeyPair ATTACKER = SimNetwork.key(200);
    private static final Ed25519KeyPair OTHER = SimNetwork.key(201);

    private static Rpc.Message signed(String data, long seqno) {
        return MessageAuth.sign(ATTACKER, ATTACKER.peerId(), data.getBytes(StandardCharsets.UTF_8), seqno, TOPIC);
    }

    /** Every kind of forged or malformed message, each as an RPC from the attacker. */
    private static List<Function<Long, Rpc.Message>> forgeries() {
        return List.of(
                // invalid signature
                s -> { Rpc.Message m = signed("forged " + s, s); byte[] sig = m.signature().clone(); sig[0] ^= 1;
                        return m.withAuth(sig, m.key()); },
                // from ≠ key
                s -> { Rpc.Message m = signed("other key " + s, s);
                        return m.withAuth(m.signature(), OTHER.publicKey().toProtobuf()); },
                // missing seqno
                s -> { Rpc.Message m = signed("no seqno " + s, s);
                        return new Rpc.Message(m.from(), m.data(), null, m.topic(), m.signature(), m.key()); },
                // wrong-length seqno
                s -> { Rpc.Message m = signed("short seqno " + s, s);
                        return new Rpc.Message(m.from(), m.data(), new byte[4], m.topic(), m.signature(), m.key()); },
                // signed by someone else but claiming the attacker
                s -> MessageAuth.sign(OTHER, ATTACKER.peerId(), ("spoof " + s).getBytes(StandardCharsets.UTF_8), s,
                        TOPIC));
    }

    private record World(SimNetwork net, List<SimNetwork.Node> honest, PeerId attacker) {
    }

    private static World world(long seed) {
        SimNetwork net = new SimNetwork(seed);
        List<SimNetwork.Node> honest = net.addAll(5);
        for (int i = 0; i < honest.size(); i++) {
            for (int j = i + 1; j < honest.size(); j++) {
                net.connect(honest.get(i), honest.get(j));
            }
        }
        PeerId attacker = ATTACKER.peerId();
        for (SimNetwork.Node n : honest) {
            net.connectRaw(n, attacker);
            n.subscribe(TOPIC);
            net.inject(attacker, n, subscribe());
        }
        net.run(Duration.ofSeconds(2));
        return new World(net, honest, attacker);
    }

    @Test
    void eachForgeryIsDroppedAndScored() {
        for (Function<Long, Rpc.Message> forge : forgeries()) {
            World w = world(11);
            SimNetwork.Node victim = w.honest.get(0);
            w.net.inject(w.attacker, victim, publish(forge.apply(1L)));
            w.net.run(Duration.ofMillis(100));
            assertEquals(0, victim.count(TOPIC), "forged message not delivered");
            assertTrue(victim.router.score(w.attacker) < 0, "forgery scored: " + victim.router.score(w.attacker));
        }
    }

    @Test
    void repeatedForgeriesGraylistTheAttackerWhileHonestPeersKeepDelivering() {
        World w = world(12);
        long seqno = 1;
        for (int round = 0; round < 3; round++) {
            for (Function<Long, Rpc.Message> forge : forgeries()) {
                for (SimNetwork.Node n : w.honest) {
                    w.net.inject(w.attacker, n, publish(forge.apply(seqno)));
                }
                seqno++;
            }
        }
        w.net.run(Duration.ofMillis(100));
        PeerScoreThresholds t = PeerScoreThresholds.kithDefaults();
        for (SimNetwork.Node n : w.honest) {
            assertTrue(n.router.score(w.attacker) < t.graylist(), "graylisted: " + n.router.score(w.attacker));
            assertEquals(0, n.count(TOPIC));
        }
        // Graylisted: even a validly signed message is dropped at the door.
        for (SimNetwork.Node n : w.honest) {
            w.net.inject(w.attacker, n, publish(signed("valid but graylisted", 99)));
        }
        w.honest.get(1).router.publish(TOPIC, "honest".getBytes(StandardCharsets.UTF_8));
        w.net.run(Duration.ofSeconds(1));
        for (SimNetwork.Node n : w.honest) {
            long fromAttacker = n.received.getOrDefault(TOPIC, List.of()).stream()
                    .filter(m -> m.from().equals(w.attacker)).count();
            assertEquals(0, fromAttacker);
        }
        for (SimNetwork.Node n : w.honest) {
            if (n != w.honest.get(1)) {
                assertEquals(1, n.count(TOPIC), "honest message delivered");
            }
        }
        assertTrue(w.honest.get(0).router.meshPeers(TOPIC).stream().noneMatch(w.attacker::equals));
    }

    @Test
    void validMessageFromTheRawPeerIsDeliveredAndAReplayIsIgnored() {
        World w = world(13);
        SimNetwork.Node victim = w.honest.get(0);
        Rpc.Message m = signed("hello from raw", 7);
        w.net.inject(w.attacker, victim, publish(m));
        w.net.run(Duration.ofMillis(100));
        assertEquals(1, victim.count(TOPIC));
        w.net.inject(w.attacker, victim, publish(m));
        w.net.inject(w.attacker, victim, publish(signed("hello from raw", 8)));
        w.net.run(Duration.ofMillis(100));
        assertEquals(1, victim.count(TOPIC), "replays (same ID) are duplicates");
        for (SimNetwork.Node n : w.honest.subList(1, w.honest.size())) {
            assertEquals(1, n.count(TOPIC), "the valid message was forwarded");
        }
    }

    @Test
    void malformedAndOversizedRpcsArePenalisedAndRepeatedOnesGraylist() {
        World w = world(14);
        SimNetwork.Node victim = w.honest.get(0);
        byte[] garbage = {(byte) 0x0A, (byte) 0xFF, 0x01};
        w.net.inject(w.attacker, victim, garbage);
        w.net.run(Duration.ofMillis(50));
        assertEquals(1.0, victim.router.scoreStats(w.attacker).behaviourPenalty, 1e-9);
        for (int i = 0; i < 5; i++) {
            w.net.inject(w.attacker, victim, garbage);
        }
        victim.router.malformed(w.attacker, "RPC of 1048577 bytes exceeds limit of 1048576");
        w.net.run(Duration.ofMillis(50));
        assertTrue(victim.router.score(w.attacker) < PeerScoreThresholds.kithDefaults().graylist());
    }

    @Test
    void unknownControlFieldsAreSkippedWithoutPenalty() {
        World w = world(15);
        SimNetwork.Node victim = w.honest.get(0);
        // ControlMessage with idontwant (5) and field 12, and an RPC extension field 10.
        byte[] control = {0x2A, 0x02, 0x0A, 0x00, 0x62, 0x01, 0x00};
        byte[] frame = new byte[control.length + 2 + 3];
        frame[0] = 0x1A;
        frame[1] = (byte) control.length;
        System.arraycopy(control, 0, frame, 2, control.length);
        frame[control.length + 2] = 0x52;
        frame[control.length + 3] = 0x01;
        frame[control.length + 4] = 0x07;
        w.net.inject(w.attacker, victim, frame);
        w.net.run(Duration.ofMillis(50));
        assertEquals(0.0, victim.router.scoreStats(w.attacker).behaviourPenalty);
    }

    @Test
    void graftDuringBackoffIsPenalisedDoubledWithinTheFloodThresholdAndAnsweredWithPrune() {
        World w = world(16);
        SimNetwork.Node victim = w.honest.get(0);
        byte[] prune = rpc(Rpc.ofControl(new Rpc.Control(List.of(), List.of(), List.of(),
                List.of(new Rpc.Prune(TOPIC, List.of(), 60L)))));
        byte[] graft = rpc(Rpc.ofControl(new Rpc.Control(List.of(), List.of(), List.of(new Rpc.Graft(TOPIC)),
                List.of())));
        w.net.inject(w.attacker, victim, prune);
        w.net.run(Duration.ofMillis(50));
        assertTrue(victim.router.inBackoff(TOPIC, w.attacker));
        w.net.inject(w.attacker, victim, graft);
        w.net.run(Duration.ofMillis(50));
        assertEquals(2.0, victim.router.scoreStats(w.attacker).behaviourPenalty, 0.05, "GRAFT within 10 s of PRUNE");
        assertTrue(w.net.sent(victim.id, w.attacker).stream().anyMatch(r -> r.control() != null
                && r.control().prune().stream().anyMatch(p -> p.topic().equals(TOPIC) && p.peers().isEmpty())),
                "answered with PRUNE, no PX");
        assertTrue(victim.router.meshPeers(TOPIC).stream().noneMatch(w.attacker::equals));
        for (int i = 0; i < 4; i++) {
            w.net.inject(w.attacker, victim, graft);
        }
        w.net.run(Duration.ofMillis(50));
        assertTrue(victim.router.score(w.attacker) < PeerScoreThresholds.kithDefaults().graylist());
    }

    @Test
    void brokenIWantPromiseCostsP7() {
        World w = world(17);
        SimNetwork.Node victim = w.honest.get(0);
        byte[] ihave = rpc(Rpc.ofControl(new Rpc.Control(List.of(new Rpc.IHave(TOPIC, List.of(new byte[] {1, 2, 3}))),
                List.of(), List.of(), List.of())));
        w.net.inject(w.attacker, victim, ihave);
        w.net.run(Duration.ofMillis(50));
        assertEquals(1, victim.router.promisesOutstanding());
        assertTrue(w.net.sent(victim.id, w.attacker).stream().anyMatch(r -> r.control() != null
                && !r.control().iwant().isEmpty()));
        w.net.run(Duration.ofSeconds(4));
        assertEquals(0, victim.router.promisesOutstanding());
        assertTrue(victim.router.scoreStats(w.attacker).behaviourPenalty > 0, "broken promise penalised");
    }

    @Test
    void ihaveFloodIsCappedPerHeartbeatAndPenalised() {
        World w = world(18);
        SimNetwork.Node victim = w.honest.get(0);
        for (int i = 0; i < 15; i++) {
            byte[] ihave = rpc(Rpc.ofControl(new Rpc.Control(List.of(new Rpc.IHave(TOPIC,
                    List.of(new byte[] {9, (byte) i}))), List.of(), List.of(), List.of())));
            w.net.inject(w.attacker, victim, ihave);
        }
        w.net.run(Duration.ofMillis(20));
        long iwants = w.net.sent(victim.id, w.attacker).stream().filter(r -> r.control() != null)
                .mapToLong(r -> r.control().iwant().size()).sum();
        assertEquals(GossipsubParams.defaults().maxIHaveMessages(), iwants, "IWANT for the first 10 IHAVEs only");
        assertEquals(1.0, victim.router.scoreStats(w.attacker).behaviourPenalty, 1e-9);
    }

    @Test
    void peerExchangeIsAcceptedOnlyFromPeersAboveTheAcceptPxThreshold() {
        SimNetwork net = new SimNetwork(19);
        PeerId trusted = SimNetwork.key(210).peerId();
        PeerId stranger = SimNetwork.key(211).peerId();
        PeerId offeredByTrusted = SimNetwork.key(212).peerId();
        PeerId offeredByStranger = SimNetwork.key(213).peerId();
        GossipsubConfig cfg = net.config(1).withScore(PeerScoreParams.kithDefaults()
                .withAppSpecificScore(p -> p.equals(trusted) ? 20 : 0, 1), PeerScoreThresholds.kithDefaults());
        SimNetwork.Node a = net.add(1, cfg);
        a.subscribe(TOPIC);
        net.connectRaw(a, trusted);
        net.connectRaw(a, stranger);
        net.run(Duration.ofMillis(200));
        for (PeerId[] pair : new PeerId[][] {{trusted, offeredByTrusted}, {stranger, offeredByStranger}}) {
            net.inject(pair[0], a, rpc(Rpc.ofControl(new Rpc.Control(List.of(), List.of(), List.of(),
                    List.of(new Rpc.Prune(TOPIC, List.of(new Rpc.PeerInfo(pair[1].toBytes(), null)), 60L))))));
        }
        net.run(Duration.ofMillis(50));
        assertEquals(List.of(offeredByTrusted), a.pxOffered);
    }
}
