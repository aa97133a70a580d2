package org.kith.p2p.pubsub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/**
 * N routers on virtual time with no sockets: every RPC is encoded, framed, decoded and delivered
 * {@link #LATENCY} later through the scheduler, so runs are deterministic for a given seed. A test
 * may drop RPCs on chosen links ({@link #dropIf}) or inject raw frames as a misbehaving peer.
 */
final class SimNetwork {

    static final Duration LATENCY = Duration.ofMillis(5);

    final SimScheduler scheduler = new SimScheduler();
    final Map<PeerId, Node> nodes = new LinkedHashMap<>();
    private final Set<String> links = new HashSet<>();
    private final long seed;
    private Predicate<Delivery> drop = d -> false;
    /** Every RPC delivered, for assertions on what went over the wire. */
    final List<Delivery> log = new ArrayList<>();

    record Delivery(PeerId from, PeerId to, Rpc rpc) {
    }

    final class Node {
        final Ed25519KeyPair key;
        final PeerId id;
        final GossipRouter router;
        final Map<String, List<PubsubMessage>> received = new LinkedHashMap<>();
        final List<PeerId> pxOffered = new ArrayList<>();

        Node(Ed25519KeyPair key, GossipsubConfig config) {
            this.key = key;
            this.id = key.peerId();
            this.router = new GossipRouter(key, config, new GossipRouter.Network() {
                @Override
                public void send(PeerId peer, Rpc rpc) {
                    transmit(id, peer, rpc);
                }

                @Override
                public void peerExchange(PeerId peer, byte[] signedPeerRecord) {
                    pxOffered.add(peer);
                }
            }, scheduler);
        }

        void subscribe(String topic) {
            router.subscribe(topic, m -> received.computeIfAbsent(topic, k -> new ArrayList<>()).add(m));
        }

        int count(String topic) {
            return received.getOrDefault(topic, List.of()).size();
        }
    }

    SimNetwork(long seed) {
        this.seed = seed;
    }

    GossipsubConfig config(int index) {
        return GossipsubConfig.defaults().withRuntime(scheduler.clock, scheduler, new Random(seed * 1000 + index));
    }

    static Ed25519KeyPair key(int index) {
        byte[] seedBytes = new byte[32];
        seedBytes[0] = (byte) index;
        seedBytes[1] = (byte) (index >> 8);
        seedBytes[31] = 42;
        return Ed25519KeyPair.fromSeed(seedBytes);
    }

    Node add(int index) {
        return add(index, config(index));
    }

    Node add(int index, GossipsubConfig config) {
        Node n = new Node(key(index), config);
        nodes.put(n.id, n);
        n.router.start();
        return n;
    }

    List<Node> addAll(int count) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(add(nodes.size() + 1));
        }
        return out;
    }

    /** a dialed b: a's side is outbound. */
    void connect(Node a, Node b) {
        links.add(linkKey(a.id, b.id));
        a.router.addPeer(b.id, GossipRouter.MESHSUB_11, true);
        b.router.addPeer(a.id, GossipRouter.MESHSUB_11, false);
    }

    void connect(Node a, Node b, String protocol) {
        links.add(linkKey(a.id, b.id));
        a.router.addPeer(b.id, protocol, true);
        b.router.addPeer(a.id, protocol, false);
    }

    /** A raw peer (a test speaking bytes) attached to {@code a} as an inbound v1.1 peer. */
    void connectRaw(Node a, PeerId raw) {
        links.add(linkKey(a.id, raw));
        a.router.addPeer(raw, GossipRouter.MESHSUB_11, false);
    }

    /** What {@code to} was sent by {@code from}, in order. */
    List<Rpc> sent(PeerId from, PeerId to) {
        return log.stream().filter(d -> d.from().equals(from) && d.to().equals(to)).map(Delivery::rpc).toList();
    }

    void disconnect(Node a, Node b) {
        links.remove(linkKey(a.id, b.id));
        a.router.removePeer(b.id);
        b.router.removePeer(a.id);
    }

    /** Connects each node to {@code degree} random others (seeded). */
    void connectRandomly(List<Node> list, int degree) {
        Random r = new Random(seed);
        for (int i = 0; i < list.size(); i++) {
            int made = 0;
            int attempts = 0;
            while (made < degree && attempts++ < 100) {
                int j = r.nextInt(list.size());
                if (j != i && !links.contains(linkKey(list.get(i).id, list.get(j).id))) {
                    connect(list.get(i), list.get(j));
                    made++;
                }
            }
        }
    }

    void dropIf(Predicate<Delivery> predicate) {
        this.drop = predicate;
    }

    boolean linked(PeerId a, PeerId b) {
        return links.contains(linkKey(a, b));
    }

    private static String linkKey(PeerId a, PeerId b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    private void transmit(PeerId from, PeerId to, Rpc rpc) {
        byte[] frame = RpcFrameDecoder.frame(RpcCodec.encode(rpc));
        scheduler.schedule(() -> {
            Node dst = nodes.get(to);
            if (!linked(from, to)) {
                return;
            }
            Delivery d = new Delivery(from, to, rpc);
            if (drop.test(d)) {
                return;
            }
            log.add(d);
            if (dst == null) {
                return;
            }
            RpcFrameDecoder decoder = new RpcFrameDecoder(GossipsubParams.DEFAULT_MAX_RPC_BYTES);
            for (byte[] f : decoder.feed(frame)) {
                dst.router.handleFrame(from, f);
            }
        }, LATENCY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** A raw peer (no router) sends a frame to {@code to}. */
    void inject(PeerId from, Node to, byte[] rpcBytes) {
        scheduler.schedule(() -> to.router.handleFrame(from, rpcBytes), LATENCY.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void run(Duration d) {
        scheduler.advance(d);
    }
}
