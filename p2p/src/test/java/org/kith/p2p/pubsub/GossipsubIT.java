package org.kith.p2p.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kith.p2p.Stream;
import org.kith.p2p.host.HostConfig;
import org.kith.p2p.host.NettyHost;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.pnet.SwarmKey;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/** Gossipsub on real NettyHosts over 127.0.0.1: every host publishes, every message reaches every host. */
class GossipsubIT {

    private static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    private static final String TOPIC = "kith/it";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<NettyHost> hosts = new ArrayList<>();
    private final List<Gossipsub> routers = new ArrayList<>();

    /** Messages one router received, with waiting on a condition over them. */
    private static final class Inbox {
        private final List<PubsubMessage> messages = new ArrayList<>();

        synchronized void add(PubsubMessage m) {
            messages.add(m);
            notifyAll();
        }

        synchronized Set<String> texts() {
            Set<String> out = new HashSet<>();
            for (PubsubMessage m : messages) {
                out.add(new String(m.data(), StandardCharsets.UTF_8));
            }
            return out;
        }

        synchronized int size() {
            return messages.size();
        }
    }

    /** Waits for {@code condition}, re-checking at least every 20 ms, failing after {@code timeout}. */
    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(what, timeout, condition, () -> "");
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition,
            java.util.function.Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object monitor = new Object();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " " + state.get());
            }
            synchronized (monitor) {
                monitor.wait(20);
            }
        }
    }

    private NettyHost host(int seed, SwarmKey key) throws Exception {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) seed);
        s[0] = 0x60;
        NettyHost h = new NettyHost(HostConfig.of(Ed25519KeyPair.fromSeed(s), List.of(LOOPBACK), key, "kith-test/1"));
        h.start().get(10, TimeUnit.SECONDS);
        hosts.add(h);
        return h;
    }

    private static Ed25519KeyPair identity(int seed) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) seed);
        s[0] = 0x60;
        return Ed25519KeyPair.fromSeed(s);
    }

    @AfterEach
    void stop() throws Exception {
        routers.forEach(Gossipsub::close);
        for (NettyHost h : hosts) {
            h.stop().get(10, TimeUnit.SECONDS);
        }
    }

    private void everyHostPublishesAndEveryMessageReachesEveryHost(SwarmKey key) throws Exception {
        int n = 6;
        List<Inbox> inboxes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NettyHost h = host(10 + i, key);
            Gossipsub g = Gossipsub.attach(h, identity(10 + i), GossipsubConfig.defaults());
            routers.add(g);
            Inbox inbox = new Inbox();
            inboxes.add(inbox);
            g.subscribe(TOPIC, inbox::add);
        }
        // A ring with chords: host i dials i-1 and i-2, so no host is directly linked to every other.
        for (int i = 1; i < n; i++) {
            hosts.get(i).dial(hosts.get(i - 1).listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
            if (i >= 2) {
                hosts.get(i).dial(hosts.get(i - 2).listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
            }
        }
        for (int i = 0; i < n; i++) {
            Gossipsub g = routers.get(i);
            NettyHost h = hosts.get(i);
            // Host i is linked to hosts i±1 and i±2 that exist.
            int expected = 0;
            for (int j = 0; j < n; j++) {
                expected += j != i && Math.abs(i - j) <= 2 ? 1 : 0;
            }
            int links = expected;
            await("subscriptions and mesh at host " + i, WAIT,
                    () -> h.connectedPeers().size() == links && g.topicPeers(TOPIC).equals(h.connectedPeers())
                            && !g.meshPeers(TOPIC).isEmpty(),
                    () -> "links " + links + ", topic peers " + g.topicPeers(TOPIC).size() + ", mesh "
                            + g.meshPeers(TOPIC).size() + ", connected " + h.connectedPeers().size());
        }
        Set<String> all = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String text = "hello from " + i;
            all.add(text);
            byte[] id = routers.get(i).publish(TOPIC, text.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
            assertEquals(32, id.length, "sha256(data) message id");
        }
        for (int i = 0; i < n; i++) {
            Inbox inbox = inboxes.get(i);
            Set<String> expected = new HashSet<>(all);
            expected.remove("hello from " + i);
            await("all messages at host " + i, WAIT, () -> inbox.texts().containsAll(expected), () -> {
                StringBuilder state = new StringBuilder();
                for (int j = 0; j < n; j++) {
                    state.append("\nhost ").append(j).append(' ').append(hosts.get(j).peerId())
                            .append(": inbox ").append(inboxes.get(j).texts())
                            .append(", mesh ").append(routers.get(j).meshPeers(TOPIC))
                            .append(", topic peers ").append(routers.get(j).topicPeers(TOPIC))
                            .append(", connected ").append(hosts.get(j).connectedPeers());
                }
                return state.toString();
            });
            assertEquals(n - 1, inbox.size(), "each message delivered once");
        }
    }

    @Test
    void sixHostsEachPublishAndEveryMessageReachesEveryHost() throws Exception {
        everyHostPublishesAndEveryMessageReachesEveryHost(null);
    }

    @Test
    void sixHostsInAPrivateSwarmEachPublishAndEveryMessageReachesEveryHost() throws Exception {
        everyHostPublishesAndEveryMessageReachesEveryHost(SwarmKey.generate(new SecureRandom()));
    }

    @Test
    void aRawPeerForgingMessagesIsGraylistedWhileHonestHostsKeepDelivering() throws Exception {
        int n = 3;
        List<Inbox> inboxes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NettyHost h = host(30 + i, null);
            Gossipsub g = Gossipsub.attach(h, identity(30 + i), GossipsubConfig.defaults());
            routers.add(g);
            Inbox inbox = new Inbox();
            inboxes.add(inbox);
            g.subscribe(TOPIC, inbox::add);
        }
        for (int i = 1; i < n; i++) {
            hosts.get(i).dial(hosts.get(0).listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < n; i++) {
            Gossipsub g = routers.get(i);
            NettyHost h = hosts.get(i);
            int links = i == 0 ? n - 1 : 1;
            await("subscriptions and mesh at host " + i, WAIT,
                    () -> h.connectedPeers().size() == links && g.topicPeers(TOPIC).equals(h.connectedPeers())
                            && g.meshPeers(TOPIC).equals(h.connectedPeers()),
                    () -> "links " + links + ", topic peers " + g.topicPeers(TOPIC) + ", mesh " + g.meshPeers(TOPIC)
                            + ", connected " + h.connectedPeers());
        }
        NettyHost raw = host(40, null);
        Ed25519KeyPair rawKey = identity(40);
        // The raw peer serves meshsub so the honest host's outbound stream opens; it reads nothing.
        raw.setProtocolHandler(GossipRouter.MESHSUB_11, s -> s.read((st, data) -> { }));
        raw.dial(hosts.get(0).listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        Gossipsub victim = routers.get(0);
        PeerId rawId = raw.peerId();
        Stream stream = raw.newStream(hosts.get(0).peerId(), List.of(GossipRouter.MESHSUB_11)).get(10, TimeUnit.SECONDS);
        stream.write(RpcFrameDecoder.frame(RpcCodec.encode(
                new Rpc(List.of(new Rpc.SubOpts(true, TOPIC)), List.of(), null))));
        await("victim sees the raw peer's subscription", WAIT, () -> victim.topicPeers(TOPIC).contains(rawId));

        for (int i = 0; i < 6; i++) {
            Rpc.Message m = MessageAuth.sign(rawKey, rawId, ("forged " + i).getBytes(StandardCharsets.UTF_8), i, TOPIC);
            byte[] sig = m.signature().clone();
            sig[0] ^= 1;
            stream.write(RpcFrameDecoder.frame(RpcCodec.encode(Rpc.ofMessages(List.of(m.withAuth(sig, m.key()))))));
        }
        await("raw peer graylisted", WAIT,
                () -> victim.score(rawId) < PeerScoreThresholds.kithDefaults().graylist());
        Rpc.Message valid = MessageAuth.sign(rawKey, rawId, "valid but graylisted".getBytes(StandardCharsets.UTF_8),
                100, TOPIC);
        stream.write(RpcFrameDecoder.frame(RpcCodec.encode(Rpc.ofMessages(List.of(valid)))));

        routers.get(1).publish(TOPIC, "honest".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
        await("honest message at host 0 and 2 (mesh " + victim.meshPeers(TOPIC) + ")", WAIT,
                () -> inboxes.get(0).texts().contains("honest") && inboxes.get(2).texts().contains("honest"));
        assertTrue(inboxes.get(0).texts().stream().noneMatch(t -> t.startsWith("forged") || t.startsWith("valid")));
        assertTrue(inboxes.get(2).texts().stream().noneMatch(t -> t.startsWith("forged") || t.startsWith("valid")));
    }

    @Test
    void anRpcOverTheCapResetsTheStreamAndCountsAgainstThePeer() throws Exception {
        NettyHost a = host(50, null);
        Gossipsub g = Gossipsub.attach(a, identity(50), GossipsubConfig.defaults());
        routers.add(g);
        g.subscribe(TOPIC, m -> { });
        NettyHost raw = host(51, null);
        raw.dial(a.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        Stream stream = raw.newStream(a.peerId(), List.of(GossipRouter.MESHSUB_11)).get(10, TimeUnit.SECONDS);
        await("raw peer known to the router", WAIT, () -> g.router().hasPeer(raw.peerId()));
        // Length prefix of 1 MiB + 1: refused as soon as the prefix arrives.
        stream.write(new byte[] {(byte) 0x81, (byte) 0x80, 0x40, 1, 2, 3});
        stream.closeFuture().get(10, TimeUnit.SECONDS);
        await("penalty recorded", WAIT, () -> {
            PeerScore.PeerStats s = g.router().scoreStats(raw.peerId());
            return s != null && s.behaviourPenalty >= 0.9;
        });
        // A fresh stream works again: the peer was penalised, not banned.
        Stream again = raw.newStream(a.peerId(), List.of(GossipRouter.MESHSUB_11)).get(10, TimeUnit.SECONDS);
        again.write(RpcFrameDecoder.frame(RpcCodec.encode(
                new Rpc(List.of(new Rpc.SubOpts(true, TOPIC)), List.of(), null))));
        await("subscription on the new stream", WAIT, () -> g.topicPeers(TOPIC).contains(raw.peerId()));
    }

    @Test
    void aSecondInboundStreamFromAPeerReplacesTheFirst() throws Exception {
        NettyHost a = host(60, null);
        Gossipsub g = Gossipsub.attach(a, identity(60), GossipsubConfig.defaults());
        routers.add(g);
        NettyHost raw = host(61, null);
        raw.setProtocolHandler(GossipRouter.MESHSUB_11, s -> s.read((st, data) -> { }));
        raw.dial(a.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        Stream first = raw.newStream(a.peerId(), List.of(GossipRouter.MESHSUB_11)).get(10, TimeUnit.SECONDS);
        first.write(RpcFrameDecoder.frame(RpcCodec.encode(
                new Rpc(List.of(new Rpc.SubOpts(true, "first")), List.of(), null))));
        await("first stream read", WAIT, () -> g.topicPeers("first").contains(raw.peerId()));
        Stream second = raw.newStream(a.peerId(), List.of(GossipRouter.MESHSUB_11)).get(10, TimeUnit.SECONDS);
        second.write(RpcFrameDecoder.frame(RpcCodec.encode(
                new Rpc(List.of(new Rpc.SubOpts(true, "second")), List.of(), null))));
        await("second stream read", WAIT, () -> g.topicPeers("second").contains(raw.peerId()));
        first.closeFuture().get(10, TimeUnit.SECONDS);
        assertTrue(first.closeFuture().isDone(), "the first stream was reset");
        assertTrue(g.topicPeers("first").contains(raw.peerId()), "state survives the stream swap");
    }
}
