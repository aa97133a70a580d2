package org.kith.p2p.pubsub;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.kith.p2p.Host;
import org.kith.p2p.HostEvent;
import org.kith.p2p.Stream;
import org.kith.p2p.StreamReader;
import org.kith.p2p.identify.PeerRecord;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.wire.ProtocolException;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gossipsub v1.1 (with v1.0 and floodsub fallbacks) on a {@link Host}: the public binding of
 * {@link GossipRouter} to streams.
 *
 * <p>Streams (checklist §9): one outbound stream per peer, opened once the peer's identify lists a
 * pubsub protocol (or when it opens one to us), proposing {@code /meshsub/1.1.0},
 * {@code /meshsub/1.0.0}, {@code /floodsub/1.0.0} in that order, and only written to; RPCs are
 * read only from inbound streams, and a second inbound stream from a peer resets the first. Each
 * frame is {@code uvarint(len) ‖ RPC}, at most {@link GossipsubParams#maxRpcBytes()}; a larger one
 * resets the stream and counts against the peer (P₇).
 *
 * <p>Threads: all methods are thread-safe. Subscribers' callbacks and validation results run on the
 * configured scheduler (by default one daemon thread owned by this instance); frames are decoded
 * and routed on the host's I/O threads. {@link #close()} stops the heartbeat and resets the streams;
 * the host keeps running.
 */
public final class Gossipsub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gossipsub.class);
    /** Frames queued for a peer whose outbound stream is still opening; beyond this they are dropped. */
    static final int MAX_QUEUED_FRAMES = 1024;
    /** Times an outbound stream closed by the remote is reopened while the connection lasts. */
    static final int MAX_OUTBOUND_REOPENS = 3;
    /** Attempts to open the outbound stream to a connected peer before giving up. */
    static final int MAX_OPEN_ATTEMPTS = 5;
    static final long OPEN_RETRY_MILLIS = 200;

    private final Host host;
    private final GossipsubConfig config;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final GossipRouter router;
    private final Map<PeerId, Link> links = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** What we hold per connected peer; guarded by its own monitor. */
    private static final class Link {
        boolean inboundConnection;
        Stream outbound;
        boolean opening;
        int reopens;
        int failedOpens;
        Stream inbound;
        final Deque<byte[]> queue = new ArrayDeque<>();
    }

    private Gossipsub(Host host, Ed25519KeyPair signingKey, GossipsubConfig config) {
        this.host = host;
        this.config = config;
        this.ownScheduler = config.scheduler() == null;
        this.scheduler = ownScheduler ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gossipsub-" + host.peerId().toBase58().substring(0, 12));
            t.setDaemon(true);
            return t;
        }) : config.scheduler();
        this.router = new GossipRouter(signingKey, config, new Network(), scheduler);
    }

    /**
     * Creates a router on {@code host}: registers the three pubsub protocol handlers, listens to host
     * events (and picks up peers already connected), starts the heartbeat.
     *
     * @param signingKey the key messages are signed with (StrictSign); normally the host identity
     */
    public static Gossipsub attach(Host host, Ed25519KeyPair signingKey, GossipsubConfig config) {
        Gossipsub g = new Gossipsub(host, signingKey, config);
        for (String protocol : GossipRouter.PROTOCOLS) {
            host.setProtocolHandler(protocol, g::onInboundStream);
        }
        host.addListener(g::onHostEvent);
        for (PeerId peer : host.connectedPeers()) {
            Host.PeerInfo info = host.peerInfo(peer);
            if (info != null && speaksPubsub(info.protocols())) {
                g.ensureOutbound(peer);
            }
        }
        g.router.start();
        return g;
    }

    public PeerId peerId() {
        return router.self();
    }

    /** Joins {@code topic}; {@code onMessage} gets each message validators accepted, on the scheduler thread. */
    public void subscribe(String topic, Consumer<PubsubMessage> onMessage) {
        router.subscribe(topic, onMessage);
    }

    public void unsubscribe(String topic) {
        router.unsubscribe(topic);
    }

    /** Sets (or with null removes) the topic's validator; it also sees our own messages. */
    public void setValidator(String topic, Validator validator) {
        router.setValidator(topic, validator);
    }

    /**
     * Signs and sends a message; completes with its ID when it has been handed to the peers, or
     * exceptionally if our own validator refused it, it is too large, or its ID was already seen.
     * Subscribed or not, the message goes to every topic peer above the publish threshold
     * (flood publishing) and is gossiped afterwards.
     */
    public CompletableFuture<byte[]> publish(String topic, byte[] data) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("gossipsub closed"));
        }
        return router.publish(topic, data);
    }

    /** Peers known to be subscribed to {@code topic}. */
    public Set<PeerId> topicPeers(String topic) {
        return router.topicPeers(topic);
    }

    /** Our mesh peers for {@code topic} (empty unless subscribed). */
    public Set<PeerId> meshPeers(String topic) {
        return router.meshPeers(topic);
    }

    /** The peer's current score. */
    public double score(PeerId peer) {
        return router.score(peer);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        router.stop();
        for (Map.Entry<PeerId, Link> e : links.entrySet()) {
            Link link = e.getValue();
            synchronized (link) {
                if (link.outbound != null) {
                    link.outbound.reset();
                }
                if (link.inbound != null) {
                    link.inbound.reset();
                }
                link.queue.clear();
            }
            router.removePeer(e.getKey());
        }
        links.clear();
        if (ownScheduler) {
            scheduler.shutdownNow();
        }
    }

    // ---- host glue -------------------------------------------------------------------------------

    private static boolean speaksPubsub(List<String> protocols) {
        return protocols.stream().anyMatch(GossipRouter.PROTOCOLS::contains);
    }

    private Link link(PeerId peer) {
        return links.computeIfAbsent(peer, p -> new Link());
    }

    private void onHostEvent(HostEvent event) {
        if (closed) {
            return;
        }
        if (event instanceof HostEvent.Connected c) {
            Link link = link(c.peer());
            synchronized (link) {
                link.inboundConnection = c.inbound();
            }
        } else if (event instanceof HostEvent.Identified i) {
            if (speaksPubsub(i.protocols())) {
                ensureOutbound(i.peer());
            }
        } else if (event instanceof HostEvent.Disconnected d) {
            Link link = links.remove(d.peer());
            if (link != null) {
                synchronized (link) {
                    link.queue.clear();
                    link.outbound = null;
                    link.inbound = null;
                }
            }
            router.removePeer(d.peer());
        }
    }

    private void onInboundStream(Stream stream) {
        if (closed) {
            stream.reset();
            return;
        }
        PeerId peer = stream.remotePeer();
        Link link = link(peer);
        Stream previous;
        boolean outbound;
        synchronized (link) {
            previous = link.inbound;
            link.inbound = stream;
            outbound = !link.inboundConnection;
        }
        if (previous != null) {
            // go keeps one inbound stream per peer: the newer one wins.
            previous.reset();
        }
        router.addPeer(peer, stream.protocol(), outbound);
        stream.read(new FrameReader(peer, config.params().maxRpcBytes()));
        ensureOutbound(peer);
    }

    private final class FrameReader implements StreamReader {
        private final PeerId peer;
        private final RpcFrameDecoder decoder;

        FrameReader(PeerId peer, int maxRpcBytes) {
            this.peer = peer;
            this.decoder = new RpcFrameDecoder(maxRpcBytes);
        }

        @Override
        public void onData(Stream stream, byte[] data) {
            List<byte[]> frames;
            try {
                frames = decoder.feed(data);
            } catch (ProtocolException e) {
                LOG.debug("resetting pubsub stream from {}: {}", peer, e.reason());
                stream.reset();
                router.malformed(peer, e.reason());
                return;
            }
            for (byte[] frame : frames) {
                router.handleFrame(peer, frame);
            }
        }
    }

    private void ensureOutbound(PeerId peer) {
        if (closed) {
            return;
        }
        Link link = link(peer);
        synchronized (link) {
            if (link.outbound != null || link.opening) {
                return;
            }
            link.opening = true;
        }
        host.newStream(peer, GossipRouter.PROTOCOLS).whenComplete((stream, error) -> {
            if (error != null) {
                int attempt;
                synchronized (link) {
                    link.opening = false;
                    attempt = ++link.failedOpens;
                }
                LOG.debug("no pubsub stream to {} (attempt {}): {}", peer, attempt, error.getMessage());
                // A stream can fail to open on a live connection (e.g. closed mid-negotiation); our hello is
                // still queued, so try again a few times while the peer stays connected.
                if (!closed && attempt < MAX_OPEN_ATTEMPTS && links.get(peer) == link
                        && host.connectedPeers().contains(peer)) {
                    try {
                        scheduler.schedule(() -> ensureOutbound(peer), OPEN_RETRY_MILLIS * attempt,
                                TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException e) {
                        LOG.debug("closed; not retrying the stream to {}", peer);
                    }
                }
                return;
            }
            if (closed || links.get(peer) != link) {
                stream.reset();
                return;
            }
            boolean outboundConnection;
            synchronized (link) {
                link.opening = false;
                link.failedOpens = 0;
                link.outbound = stream;
                outboundConnection = !link.inboundConnection;
                while (!link.queue.isEmpty()) {
                    stream.write(link.queue.pollFirst());
                }
            }
            // We only write to this stream; anything the remote sends on it is discarded.
            stream.read((s, data) -> { });
            // Never handled inline: the future may complete inside a write made under the router's monitor.
            stream.closeFuture().whenComplete((v, e) -> {
                try {
                    scheduler.execute(() -> onOutboundClosed(peer, link, stream));
                } catch (RejectedExecutionException closedAlready) {
                    LOG.debug("closed; ignoring the end of the stream to {}", peer);
                }
            });
            router.addPeer(peer, stream.protocol(), outboundConnection);
        });
    }

    private void onOutboundClosed(PeerId peer, Link link, Stream stream) {
        boolean reopen;
        synchronized (link) {
            if (link.outbound != stream) {
                return;
            }
            link.outbound = null;
            reopen = !closed && links.get(peer) == link && link.reopens++ < MAX_OUTBOUND_REOPENS;
        }
        if (reopen && host.connectedPeers().contains(peer)) {
            ensureOutbound(peer);
        } else {
            router.removePeer(peer);
        }
    }

    private final class Network implements GossipRouter.Network {
        @Override
        public void send(PeerId peer, Rpc rpc) {
            byte[] encoded = RpcCodec.encode(rpc);
            if (encoded.length > config.params().maxRpcBytes()) {
                LOG.warn("not sending an RPC of {} bytes to {}: over the cap", encoded.length, peer);
                return;
            }
            byte[] frame = RpcFrameDecoder.frame(encoded);
            Link link = links.get(peer);
            if (link == null) {
                return;
            }
            boolean open = false;
            synchronized (link) {
                if (link.outbound != null) {
                    link.outbound.write(frame);
                } else {
                    if (link.queue.size() < MAX_QUEUED_FRAMES) {
                        link.queue.addLast(frame);
                    }
                    open = !link.opening;
                }
            }
            if (open) {
                ensureOutbound(peer);
            }
        }

        @Override
        public void peerExchange(PeerId peer, byte[] signedPeerRecord) {
            if (!config.dialPeerExchange() || signedPeerRecord == null || closed) {
                return;
            }
            PeerRecord record;
            try {
                record = PeerRecord.open(signedPeerRecord);
            } catch (IllegalArgumentException e) {
                LOG.debug("bad PX record for {}: {}", peer, e.getMessage());
                return;
            }
            if (!record.peerId().equals(peer) || record.addresses().isEmpty()) {
                return;
            }
            try {
                Multiaddr addr = Multiaddr.fromBytes(record.addresses().get(0)).withoutPeerId().withPeerId(peer);
                host.dial(addr).whenComplete((p, e) -> {
                    if (e != null) {
                        LOG.debug("PX dial to {} failed: {}", peer, e.getMessage());
                    }
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("bad PX address for {}: {}", peer, e.getMessage());
            }
        }
    }

    /** For tests in this package: the router core. */
    GossipRouter router() {
        return router;
    }
}
