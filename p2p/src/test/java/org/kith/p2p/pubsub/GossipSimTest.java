package org.kith.p2p.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.kith.protocol.identity.PeerId;

/** The router on a simulated network (virtual time, seeded randomness, no sockets). */
class GossipSimTest {

    private static final String TOPIC = "kith/test";
    private static final Duration SECOND = Duration.ofSeconds(1);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void meshConvergesWithinBoundsAndEveryMessageReachesEveryNode() {
        SimNetwork net = new SimNetwork(1);
        List<SimNetwork.Node> nodes = net.addAll(30);
        net.connectRandomly(nodes, 8);
        nodes.forEach(n -> n.subscribe(TOPIC));
        net.run(Duration.ofSeconds(5));
        GossipsubParams p = GossipsubParams.defaults();
        for (SimNetwork.Node n : nodes) {
            int mesh = n.router.meshPeers(TOPIC).size();
            assertTrue(mesh >= p.dLo() && mesh <= p.dHi(), n.id + " mesh " + mesh);
            for (PeerId m : n.router.meshPeers(TOPIC)) {
                assertTrue(nodes.stream().filter(x -> x.id.equals(m)).findFirst().orElseThrow()
                        .router.meshPeers(TOPIC).contains(n.id), "mesh links are symmetric");
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            CompletableFuture<byte[]> id = nodes.get(i).router.publish(TOPIC, bytes("message " + i));
            assertTrue(id.isDone() && !id.isCompletedExceptionally());
        }
        net.run(SECOND);
        for (SimNetwork.Node n : nodes) {
            assertEquals(nodes.size() - 1, n.count(TOPIC), n.id + " got " + n.count(TOPIC));
        }
    }

    @Test
    void messagesReachEveryoneWithoutFloodPublishThroughTheMeshAlone() {
        SimNetwork net = new SimNetwork(2);
        for (int i = 1; i <= 20; i++) {
            net.add(i, net.config(i).withParams(GossipsubParams.defaults().withFloodPublish(false)));
        }
        List<SimNetwork.Node> nodes = List.copyOf(net.nodes.values());
        net.connectRandomly(nodes, 6);
        nodes.forEach(n -> n.subscribe(TOPIC));
        net.run(Duration.ofSeconds(3));
        nodes.get(0).router.publish(TOPIC, bytes("via mesh"));
        net.run(SECOND);
        for (SimNetwork.Node n : nodes.subList(1, nodes.size())) {
            assertEquals(1, n.count(TOPIC), n.id.toString());
        }
    }

    @Test
    void gossipRecoversAMessageANodeMissedThroughIHaveAndIWant() {
        SimNetwork net = new SimNetwork(3);
        GossipsubParams small = GossipsubParams.defaults().withDegrees(2, 1, 3, 6, 1, 0);
        for (int i = 1; i <= 8; i++) {
            net.add(i, net.config(i).withParams(small));
        }
        List<SimNetwork.Node> nodes = List.copyOf(net.nodes.values());
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                net.connect(nodes.get(i), nodes.get(j));
            }
        }
        nodes.forEach(n -> n.subscribe(TOPIC));
        net.run(Duration.ofSeconds(3));
        SimNetwork.Node victim = nodes.get(7);
        boolean[] block = {true};
        // Every copy pushed to the victim is lost; only what it asks for by IWANT gets through.
        net.dropIf(d -> d.to().equals(victim.id) && !d.rpc().publish().isEmpty() && block[0]);
        nodes.get(0).router.publish(TOPIC, bytes("missed"));
        net.run(Duration.ofMillis(200));
        assertEquals(0, victim.count(TOPIC));
        block[0] = false;
        net.run(Duration.ofSeconds(2));
        assertEquals(1, victim.count(TOPIC));
        boolean askedByIWant = net.log.stream().anyMatch(d -> d.from().equals(victim.id)
                && d.rpc().control() != null && !d.rpc().control().iwant().isEmpty());
        assertTrue(askedByIWant, "the victim asked for the message with IWANT");
    }

    /**
     * The GossipsubIT flake, distilled: a message reaches A while C is a topic peer outside A's mesh, so A
     * forwards it to its mesh only; at A's next heartbeat C joins the mesh (A grafts it, C grafts A) before
     * gossip is emitted, and gossip skips mesh peers. Unless A offers C its gossip window when C joins, C
     * never hears of the message — and here C has no other path to it.
     */
    @Test
    void aPeerThatJoinsTheMeshGetsGossipOfWhatWasForwardedWhileItWasOutside() {
        SimNetwork net = new SimNetwork(11);
        SimNetwork.Node a = net.add(1);
        SimNetwork.Node b = net.add(2);
        SimNetwork.Node c = net.add(3);
        List.of(a, b, c).forEach(n -> n.subscribe(TOPIC));
        net.connect(a, b);
        net.run(Duration.ofMillis(1500));
        assertEquals(Set.of(b.id), a.router.meshPeers(TOPIC), "A meshed with B, the only peer it knew");
        net.connect(c, a);
        net.run(Duration.ofMillis(10));
        assertTrue(a.router.topicPeers(TOPIC).contains(c.id), "A knows C is subscribed");
        assertFalse(a.router.meshPeers(TOPIC).contains(c.id), "but C is not in A's mesh yet");
        // B floods to its topic peers (A only); A forwards to its mesh minus the source: to nobody.
        b.router.publish(TOPIC, bytes("before C joined"));
        net.run(Duration.ofMillis(20));
        assertEquals(1, a.count(TOPIC));
        assertEquals(0, c.count(TOPIC));
        net.run(Duration.ofSeconds(5));
        assertTrue(a.router.meshPeers(TOPIC).contains(c.id), "C joined A's mesh at the heartbeat");
        assertEquals(1, c.count(TOPIC), "C got the message it missed, through IHAVE/IWANT");
        assertTrue(net.sent(c.id, a.id).stream().anyMatch(r -> r.control() != null && !r.control().iwant().isEmpty()),
                "C asked A for it with IWANT");
    }

    @Test
    void fanoutCarriesPublishesToAnUnsubscribedTopicAndExpiresAfterTheTtl() {
        SimNetwork net = new SimNetwork(4);
        List<SimNetwork.Node> nodes = net.addAll(10);
        SimNetwork.Node publisher = nodes.get(0);
        for (SimNetwork.Node n : nodes.subList(1, nodes.size())) {
            net.connect(publisher, n);
            n.subscribe(TOPIC);
        }
        net.connectRandomly(nodes.subList(1, nodes.size()), 3);
        net.run(Duration.ofSeconds(2));
        publisher.router.publish(TOPIC, bytes("from outside"));
        net.run(SECOND);
        assertEquals(GossipsubParams.defaults().d(), publisher.router.fanoutPeers(TOPIC).size());
        assertTrue(publisher.router.meshPeers(TOPIC).isEmpty());
        for (SimNetwork.Node n : nodes.subList(1, nodes.size())) {
            assertEquals(1, n.count(TOPIC));
        }
        net.run(Duration.ofSeconds(59));
        assertFalse(publisher.router.fanoutPeers(TOPIC).isEmpty(), "still within the fanout TTL");
        net.run(Duration.ofSeconds(2));
        assertTrue(publisher.router.fanoutPeers(TOPIC).isEmpty(), "expired after 60 s without publishing");
    }

    @Test
    void pruneBackoffIsRespectedBeforeGraftingAgain() {
        SimNetwork net = new SimNetwork(5);
        SimNetwork.Node a = net.add(1);
        SimNetwork.Node b = net.add(2);
        net.connect(a, b);
        a.subscribe(TOPIC);
        b.subscribe(TOPIC);
        net.run(SECOND);
        assertEquals(Set.of(b.id), a.router.meshPeers(TOPIC));
        a.router.unsubscribe(TOPIC);
        net.run(Duration.ofMillis(50));
        assertTrue(b.router.meshPeers(TOPIC).isEmpty(), "B dropped A on its PRUNE");
        Rpc.Prune prune = net.sent(a.id, b.id).stream().filter(r -> r.control() != null)
                .flatMap(r -> r.control().prune().stream()).findFirst().orElseThrow();
        assertEquals(10L, prune.backoffSeconds(), "unsubscribe backoff");
        a.subscribe(TOPIC);
        net.run(Duration.ofSeconds(5));
        assertTrue(a.router.meshPeers(TOPIC).isEmpty(), "A waits out its own backoff");
        assertTrue(b.router.meshPeers(TOPIC).isEmpty(), "B waits out the backoff A asked for");
        net.run(Duration.ofSeconds(10));
        assertEquals(Set.of(b.id), a.router.meshPeers(TOPIC), "grafted again after backoff + slack");
        assertEquals(Set.of(a.id), b.router.meshPeers(TOPIC));
        assertTrue(a.router.score(b.id) >= 0 && b.router.score(a.id) >= 0, "nobody was penalised");
    }

    @Test
    void oversubscribedMeshIsPrunedToDKeepingOutboundPeersAndOfferingPeerExchange() {
        SimNetwork net = new SimNetwork(6);
        List<SimNetwork.Node> nodes = net.addAll(16);
        SimNetwork.Node hub = nodes.get(0);
        hub.subscribe(TOPIC);
        for (SimNetwork.Node n : nodes.subList(1, nodes.size())) {
            if (n == nodes.get(1) || n == nodes.get(2)) {
                net.connect(hub, n);
            } else {
                net.connect(n, hub);
            }
            n.subscribe(TOPIC);
        }
        // Everyone grafts the hub at once: the hub accepts up to D_hi, then prunes to D at its heartbeat.
        net.run(Duration.ofMillis(1500));
        Set<PeerId> mesh = hub.router.meshPeers(TOPIC);
        GossipsubParams p = GossipsubParams.defaults();
        assertTrue(mesh.size() >= p.dLo() && mesh.size() <= p.dHi(), "mesh " + mesh.size());
        long outbound = mesh.stream().filter(id -> id.equals(nodes.get(1).id) || id.equals(nodes.get(2).id)).count();
        assertTrue(outbound >= p.dOut(), "D_out outbound peers kept");
        List<Rpc.Prune> prunes = net.log.stream().filter(d -> d.from().equals(hub.id) && d.rpc().control() != null)
                .flatMap(d -> d.rpc().control().prune().stream()).toList();
        assertFalse(prunes.isEmpty());
        assertTrue(prunes.stream().allMatch(pr -> pr.backoffSeconds() == 60L));
        assertTrue(prunes.stream().anyMatch(pr -> !pr.peers().isEmpty() && pr.peers().size() <= 16),
                "PX offered to v1.1 peers with score ≥ 0");
    }

    @Test
    void validatorRejectDropsTheMessageAndCountsAgainstTheSender() {
        SimNetwork net = new SimNetwork(7);
        List<SimNetwork.Node> nodes = net.addAll(3);
        net.connect(nodes.get(0), nodes.get(1));
        net.connect(nodes.get(1), nodes.get(2));
        nodes.forEach(n -> n.subscribe(TOPIC));
        nodes.get(1).router.setValidator(TOPIC, (from, m) -> CompletableFuture.completedFuture(
                new String(m.data(), StandardCharsets.UTF_8).startsWith("bad") ? ValidationResult.REJECT
                        : ValidationResult.ACCEPT));
        net.run(SECOND);
        nodes.get(0).router.publish(TOPIC, bytes("bad one"));
        nodes.get(0).router.publish(TOPIC, bytes("good one"));
        net.run(SECOND);
        assertEquals(1, nodes.get(1).count(TOPIC));
        assertEquals(1, nodes.get(2).count(TOPIC), "the rejected message was not forwarded");
        assertEquals(1.0, nodes.get(1).router.scoreStats(nodes.get(0).id).topics.get(TOPIC).invalidDeliveries, 0.2);
    }

    @Test
    void ownMessageRejectedByOwnValidatorFailsThePublish() {
        SimNetwork net = new SimNetwork(8);
        SimNetwork.Node a = net.add(1);
        a.subscribe(TOPIC);
        a.router.setValidator(TOPIC, (from, m) -> CompletableFuture.completedFuture(ValidationResult.REJECT));
        CompletableFuture<byte[]> f = a.router.publish(TOPIC, bytes("x"));
        net.run(Duration.ofMillis(10));
        assertTrue(f.isCompletedExceptionally());
    }

    @Test
    void seenMessagesAreNotDeliveredTwice() {
        SimNetwork net = new SimNetwork(9);
        List<SimNetwork.Node> nodes = net.addAll(6);
        for (int i = 0; i < 6; i++) {
            for (int j = i + 1; j < 6; j++) {
                net.connect(nodes.get(i), nodes.get(j));
            }
        }
        nodes.forEach(n -> n.subscribe(TOPIC));
        net.run(SECOND);
        nodes.get(0).router.publish(TOPIC, bytes("once"));
        net.run(Duration.ofSeconds(5));
        Set<PeerId> receivers = new HashSet<>();
        for (SimNetwork.Node n : nodes.subList(1, 6)) {
            assertEquals(1, n.count(TOPIC));
            receivers.add(n.id);
        }
        assertEquals(5, receivers.size());
    }

    @Test
    void floodsubPeersGetEveryForwardedMessageAndAreNeverGrafted() {
        SimNetwork net = new SimNetwork(20);
        SimNetwork.Node a = net.add(1);
        SimNetwork.Node b = net.add(2);
        SimNetwork.Node flood = net.add(3);
        net.connect(a, b);
        net.connect(b, flood, GossipRouter.FLOODSUB);
        List.of(a, b, flood).forEach(n -> n.subscribe(TOPIC));
        net.run(Duration.ofSeconds(2));
        assertFalse(b.router.meshPeers(TOPIC).contains(flood.id));
        a.router.publish(TOPIC, bytes("to the floodsub peer"));
        net.run(SECOND);
        assertEquals(1, flood.count(TOPIC));
        assertTrue(net.sent(b.id, flood.id).stream().noneMatch(r -> r.control() != null
                && !r.control().graft().isEmpty()), "no GRAFT to floodsub");
    }

    @Test
    void aMeshsub10PeerIsPrunedWithoutPeerExchangeOrBackoff() {
        SimNetwork net = new SimNetwork(21);
        SimNetwork.Node a = net.add(1);
        SimNetwork.Node old = net.add(2);
        SimNetwork.Node other = net.add(3);
        net.connect(a, old, GossipRouter.MESHSUB_10);
        net.connect(a, other);
        List.of(a, old, other).forEach(n -> n.subscribe(TOPIC));
        net.run(SECOND);
        a.router.unsubscribe(TOPIC);
        net.run(Duration.ofMillis(50));
        Rpc.Prune toOld = net.sent(a.id, old.id).stream().filter(r -> r.control() != null)
                .flatMap(r -> r.control().prune().stream()).findFirst().orElseThrow();
        assertTrue(toOld.peers().isEmpty());
        assertEquals(null, toOld.backoffSeconds());
        Rpc.Prune toNew = net.sent(a.id, other.id).stream().filter(r -> r.control() != null)
                .flatMap(r -> r.control().prune().stream()).findFirst().orElseThrow();
        assertEquals(10L, toNew.backoffSeconds());
        assertEquals(1, toNew.peers().size(), "PX offers the other topic peer");
    }

    @Test
    void validationIsAsynchronousAndCappedWithoutPenalisingTheSender() {
        SimNetwork net = new SimNetwork(22);
        SimNetwork.Node a = net.add(1);
        SimNetwork.Node b = net.add(2, net.config(2).withMaxPendingValidations(2));
        net.connect(a, b);
        a.subscribe(TOPIC);
        b.subscribe(TOPIC);
        List<CompletableFuture<ValidationResult>> pending = new java.util.ArrayList<>();
        b.router.setValidator(TOPIC, (from, m) -> {
            CompletableFuture<ValidationResult> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        });
        net.run(SECOND);
        for (int i = 0; i < 3; i++) {
            a.router.publish(TOPIC, bytes("m" + i));
        }
        net.run(Duration.ofMillis(100));
        assertEquals(2, pending.size(), "the third message found the queue full");
        assertEquals(0, b.count(TOPIC));
        pending.forEach(f -> f.complete(ValidationResult.ACCEPT));
        net.run(Duration.ofMillis(10));
        assertEquals(2, b.count(TOPIC));
        assertTrue(b.router.score(a.id) >= 0);
    }

    @Test
    void opportunisticGraftingAddsBetterPeersWhenTheMeshMedianIsLow() {
        SimNetwork net = new SimNetwork(23);
        java.util.Map<PeerId, Double> appScore = new java.util.concurrent.ConcurrentHashMap<>();
        GossipsubConfig cfg = net.config(1).withScore(PeerScoreParams.kithDefaults()
                .withAppSpecificScore(p -> appScore.getOrDefault(p, 0.0), 1), PeerScoreThresholds.kithDefaults());
        SimNetwork.Node hub = net.add(1, cfg);
        // The others never graft on their own (D_lo 0), so only the hub's choices shape its mesh.
        List<SimNetwork.Node> others = new java.util.ArrayList<>();
        for (int i = 2; i <= 9; i++) {
            others.add(net.add(i, net.config(i).withParams(GossipsubParams.defaults().withDegrees(1, 0, 12, 6, 0, 0))));
        }
        for (SimNetwork.Node n : others) {
            net.connect(hub, n);
            n.subscribe(TOPIC);
        }
        net.run(Duration.ofMillis(200));
        hub.subscribe(TOPIC);
        net.run(Duration.ofMillis(50));
        assertEquals(6, hub.router.meshPeers(TOPIC).size());
        Set<PeerId> outside = new HashSet<>();
        for (SimNetwork.Node n : others) {
            if (!hub.router.meshPeers(TOPIC).contains(n.id)) {
                outside.add(n.id);
                appScore.put(n.id, 5.0);
            }
        }
        assertEquals(2, outside.size());
        net.run(Duration.ofSeconds(30));
        assertEquals(6, hub.router.meshPeers(TOPIC).size(), "a mesh of D is left alone between rounds");
        net.run(Duration.ofSeconds(31));
        assertTrue(hub.router.meshPeers(TOPIC).containsAll(outside), "grafted the better-scoring peers");
    }

    @Test
    void peersBelowTheGossipThresholdGetNoGossipAndTheirsIsIgnored() {
        SimNetwork net = new SimNetwork(24);
        PeerId shady = SimNetwork.key(230).peerId();
        GossipsubConfig cfg = net.config(1).withScore(PeerScoreParams.kithDefaults()
                .withAppSpecificScore(p -> p.equals(shady) ? -20 : 0, 1), PeerScoreThresholds.kithDefaults());
        SimNetwork.Node a = net.add(1, cfg);
        List<SimNetwork.Node> mesh = net.addAll(3);
        mesh.forEach(n -> net.connect(a, n));
        net.connectRaw(a, shady);
        net.inject(shady, a, RpcCodec.encode(new Rpc(List.of(new Rpc.SubOpts(true, TOPIC)), List.of(), null)));
        a.subscribe(TOPIC);
        mesh.forEach(n -> n.subscribe(TOPIC));
        net.run(SECOND);
        assertFalse(a.router.meshPeers(TOPIC).contains(shady), "negative score: never grafted");
        assertTrue(a.router.score(shady) < -10 && a.router.score(shady) > -50);
        a.router.publish(TOPIC, bytes("flood"));
        net.run(Duration.ofSeconds(3));
        List<Rpc> toShady = net.sent(a.id, shady);
        assertTrue(toShady.stream().anyMatch(r -> !r.publish().isEmpty()), "above publish: still flood-published to");
        assertTrue(toShady.stream().noneMatch(r -> r.control() != null && !r.control().ihave().isEmpty()),
                "below gossip: no IHAVE");
        net.inject(shady, a, RpcCodec.encode(Rpc.ofControl(new Rpc.Control(
                List.of(new Rpc.IHave(TOPIC, List.of(new byte[] {1}))), List.of(), List.of(), List.of()))));
        net.run(Duration.ofMillis(50));
        assertEquals(0, a.router.promisesOutstanding(), "its IHAVE is ignored");
    }

    @Test
    void peersBelowThePublishThresholdAreNotFloodPublishedTo() {
        SimNetwork net = new SimNetwork(25);
        PeerId bad = SimNetwork.key(231).peerId();
        GossipsubConfig cfg = net.config(1).withScore(PeerScoreParams.kithDefaults()
                .withAppSpecificScore(p -> p.equals(bad) ? -60 : 0, 1), PeerScoreThresholds.kithDefaults());
        SimNetwork.Node a = net.add(1, cfg);
        SimNetwork.Node good = net.add(2);
        net.connect(a, good);
        net.connectRaw(a, bad);
        net.inject(bad, a, RpcCodec.encode(new Rpc(List.of(new Rpc.SubOpts(true, TOPIC)), List.of(), null)));
        good.subscribe(TOPIC);
        net.run(SECOND);
        a.router.publish(TOPIC, bytes("not for the bad peer"));
        net.run(SECOND);
        assertEquals(1, good.count(TOPIC));
        assertTrue(net.sent(a.id, bad).stream().allMatch(r -> r.publish().isEmpty()));
    }
}
