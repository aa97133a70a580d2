package org.kith.ui.app;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.cli.Version;
import org.kith.node.net.NodeRuntime;
import org.kith.node.swarm.Swarms;
import org.kith.node.trust.LiveTrust;
import org.kith.node.trust.TrustEngine;
import org.kith.p2p.HostEvent;
import org.kith.protocol.record.VerifiedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full node inside the app: the opened {@link KithNode}, its network ({@link NodeRuntime}),
 * the user's trust kept current ({@link LiveTrust}), and one background thread for everything that
 * touches the store or the network, so the FX thread never blocks.
 *
 * <p>Screens call {@link #call} and get a future; listeners registered with {@link #onRecord} and
 * {@link #onHostEvent} are told on node threads (use {@code Fx.run} to update views).
 */
public final class NodeSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class);

    /** Work on the node: runs on the session's background thread. */
    @FunctionalInterface
    public interface NodeCall<T> {
        T call(KithNode node) throws Exception;
    }

    private final KithNode node;
    private final Clock clock;
    private final Swarms swarms;
    private final NodeRuntime runtime;
    private final LiveTrust trust;
    private final ExecutorService worker;
    private final ExecutorService trustUpdates;
    private final List<Consumer<VerifiedRecord>> recordListeners = new CopyOnWriteArrayList<>();

    private NodeSession(KithNode node, Clock clock, Swarms swarms, NodeRuntime runtime) throws KithException {
        this.node = node;
        this.clock = clock;
        this.swarms = swarms;
        this.runtime = runtime;
        this.worker = Executors.newSingleThreadExecutor(daemon("kith-ui-node"));
        this.trustUpdates = Executors.newSingleThreadExecutor(daemon("kith-ui-trust"));
        this.trust = LiveTrust.follow(node.store(), node.self().toBase58(), new TrustEngine(), trustUpdates);
        node.store().addListener((record, status) -> recordListeners.forEach(l -> l.accept(record)));
    }

    /**
     * Wraps an opened node. With {@code network} the node joins its swarms when {@link #startNetwork}
     * is called; {@code listenIp} is "0.0.0.0" for a real app, "127.0.0.1" in tests.
     */
    public static NodeSession open(KithNode node, Clock clock, boolean network, String listenIp, boolean mdns)
            throws KithException {
        org.kith.node.LogFiles.install(node.home().dir());
        Swarms swarms = new Swarms(node, clock, new SecureRandom());
        NodeRuntime runtime = null;
        if (network) {
            runtime = new NodeRuntime(node, swarms, clock,
                    "kith-app/" + Version.current(), listenIp, mdns);
        }
        return new NodeSession(node, clock, swarms, runtime);
    }

    /** Starts a host per joined swarm; completes when all listen. */
    public CompletableFuture<Void> startNetwork() {
        return runtime == null ? CompletableFuture.completedFuture(null) : runtime.start();
    }

    /** Runs {@code call} on the node's background thread; a failed future once the session is closed. */
    public <T> CompletableFuture<T> call(NodeCall<T> call) {
        if (worker.isShutdown()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the node is closed"));
        }
        try {
            return submit(call);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the node is closed", e));
        }
    }

    private <T> CompletableFuture<T> submit(NodeCall<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call(node);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, worker);
    }

    /** Told about every record the store takes in (own and received), on a node thread. */
    public void onRecord(Consumer<VerifiedRecord> listener) {
        recordListeners.add(listener);
    }

    /** Told (swarm ID, event) about connections, on a network thread. */
    public void onHostEvent(BiConsumer<String, HostEvent> listener) {
        if (runtime != null) {
            runtime.addListener(listener);
        }
    }

    public String self() {
        return node.self().toBase58();
    }

    public Clock clock() {
        return clock;
    }

    /** Swarm operations (create, invite, join, leave); call from {@link #call}. */
    public Swarms swarms() {
        return swarms;
    }

    /** The network, if this session has one. */
    public java.util.Optional<NodeRuntime> runtime() {
        return java.util.Optional.ofNullable(runtime);
    }

    /** The user's trust, current; readable from any thread. */
    public LiveTrust trust() {
        return trust;
    }

    /** Stops the network, then the background threads, then closes the node. */
    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
        worker.shutdown();
        trustUpdates.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("node work still running at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        node.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
