package org.kith.node.net;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.store.NetworkTables;
import org.kith.node.swarm.Swarms;
import org.kith.p2p.HostEvent;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.VerifiedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network side of a node running inside another program (the desktop app): one
 * {@link SwarmHost} per joined swarm, each on its own port, started together; the node's own new
 * records published on the host of their swarm; a swarm joined or created while running gets its
 * host at once, one left loses it.
 *
 * <p>Thread-safety: every method may be called from any thread. Host events reach the listeners on
 * the hosts' threads; a UI must move them to its own thread.
 */
public final class NodeRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);
    /** How long a host may take to start listening or to stop. */
    public static final long START_STOP_SECONDS = 30;

    private final KithNode node;
    private final Swarms swarms;
    private final Ed25519KeyPair key;
    private final Clock clock;
    private final String agent;
    private final String listenIp;
    private final boolean mdns;
    private final Map<String, SwarmHost> hosts = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, HostEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param listenIp the IP every host listens on ("0.0.0.0" for the LAN, "127.0.0.1" for tests)
     * @param mdns whether hosts look for peers on the local network
     */
    public NodeRuntime(KithNode node, Swarms swarms, Clock clock, String agent, String listenIp, boolean mdns)
            throws KithException {
        this.node = node;
        this.swarms = swarms;
        this.key = node.identityKey();
        this.clock = clock;
        this.agent = agent;
        this.listenIp = listenIp;
        this.mdns = mdns;
        node.onPublished(this::publish);
    }

    /** Tells {@code listener} (swarm ID, event) about every host's connection events. */
    public void addListener(BiConsumer<String, HostEvent> listener) {
        listeners.add(listener);
    }

    /** Starts a host for every joined swarm; completes when all listen (or fails with the first failure). */
    public CompletableFuture<Void> start() {
        List<CompletableFuture<?>> started = new ArrayList<>();
        for (NetworkTables.Swarm s : swarms.list()) {
            started.add(startHost(s));
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
    }

    /**
     * Starts the host of a swarm joined or created after {@link #start()}; nothing if it runs (or
     * is starting) already. A host that fails to start (its port taken, say) is stopped and
     * forgotten, so a later call can try again.
     */
    public CompletableFuture<Void> startHost(NetworkTables.Swarm s) {
        SwarmHost h;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("closed"));
            }
            if (hosts.containsKey(s.swarmId())) {
                return CompletableFuture.completedFuture(null);
            }
            boolean isPublic = s.keySealed() == null;
            try {
                // Each swarm keeps the port chosen when it was created or joined (0: any free port).
                List<Multiaddr> listen = List.of(Multiaddr.fromInetSocketAddress(new InetSocketAddress(listenIp,
                        Math.max(s.port(), 0))));
                h = new SwarmHost(SwarmHost.Config.of(s.name(), s.swarmId(), isPublic ? null : swarms.key(s), listen,
                        mdns), key, node.store(), clock, agent);
            } catch (KithException | RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            hosts.put(s.swarmId(), h);
        }
        String swarm = s.swarmId();
        h.addListener(e -> listeners.forEach(l -> l.accept(swarm, e)));
        return h.start().orTimeout(START_STOP_SECONDS, TimeUnit.SECONDS).whenComplete((x, e) -> {
            if (e == null) {
                LOG.info("swarm {} listening on {}", s.name(), h.listenAddrs());
            } else {
                LOG.warn("swarm {} could not start: {}", s.name(), e.toString());
                hosts.remove(swarm, h);
                h.stop();
            }
        });
    }

    /** Stops and forgets the host of a swarm the user left. */
    public CompletableFuture<Void> stopHost(String swarmId) {
        SwarmHost h = hosts.remove(swarmId);
        return h == null ? CompletableFuture.completedFuture(null) : h.stop();
    }

    /** The running host of a swarm. */
    public Optional<SwarmHost> host(String swarmId) {
        return Optional.ofNullable(hosts.get(swarmId));
    }

    /** Every running host. */
    public List<SwarmHost> hosts() {
        return List.copyOf(hosts.values());
    }

    private void publish(VerifiedRecord record) {
        SwarmHost h = hosts.get(record.swarm());
        if (h == null) {
            LOG.debug("no host for swarm {}: record {} goes out by catch-up later", record.swarm(), record.id());
            return;
        }
        h.publish(record).whenComplete((r, e) -> {
            if (e != null) {
                LOG.debug("publishing {} on {}: {} (catch-up will carry it)", record.id(), record.swarm(),
                        e.getMessage());
            }
        });
    }

    /** Stops every host (waits up to {@link #START_STOP_SECONDS} each). Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        node.onPublished(r -> { });
        for (SwarmHost h : hosts.values()) {
            h.stop().orTimeout(START_STOP_SECONDS, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        hosts.clear();
    }
}
