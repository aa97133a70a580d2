package org.kith.node.sync;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.kith.node.store.FeedHead;
import org.kith.node.store.SqliteRecordStore;
import org.kith.p2p.host.HostConfig;
import org.kith.p2p.host.NettyHost;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/** A store, a NettyHost on 127.0.0.1 and a SyncService: the sync half of a node, for ITs and the benchmark. */
public final class SyncNode implements AutoCloseable {

    final Ed25519KeyPair key;
    final SqliteRecordStore store;
    final String swarm;
    final ExecutorService executor;
    NettyHost host;
    SyncService sync;
    private final List<SyncListener> listeners = new ArrayList<>();

    public SyncNode(Path dir, String label, String swarm) {
        this.key = Ed25519KeyPair.fromSeed(SyncFeed.sha256("kith-sync-node/" + label));
        this.store = SqliteRecordStore.open(dir.resolve(label + ".db"), key.peerId(), Clock.systemUTC());
        this.swarm = swarm;
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "sync-store-" + label);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts (or restarts) the host and a fresh service on it. */
    public SyncNode start() throws Exception {
        host = new NettyHost(HostConfig.of(key, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), null, "kith/sync-test"));
        sync = new SyncService(store, swarm, executor, Clock.systemUTC());
        listeners.forEach(sync::addListener);
        sync.attach(host);
        host.start().get(10, TimeUnit.SECONDS);
        return this;
    }

    public void addListener(SyncListener l) {
        listeners.add(l);
        if (sync != null) {
            sync.addListener(l);
        }
    }

    public PeerId peerId() {
        return key.peerId();
    }

    public SqliteRecordStore store() {
        return store;
    }

    public SyncService sync() {
        return sync;
    }

    /** Dials {@code other} and waits (10 s deadline) until both sides see the connection. */
    public void connect(SyncNode other) throws Exception {
        host.dial(other.host.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!other.host.connectedPeers().contains(peerId())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(other.peerId() + " never saw the connection from " + peerId());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    public void stopHost() throws Exception {
        host.stop().get(10, TimeUnit.SECONDS);
    }

    /** Sorted record ids (chain and evidence) per feed "author/swarm". */
    public Map<String, List<String>> recordIds() {
        Map<String, List<String>> out = new TreeMap<>();
        store.forEachRecord(r -> out.computeIfAbsent(r.payload().author().toBase58() + "/" + r.payload().swarm(),
                k -> new ArrayList<>()).add(r.id().toString()));
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    public long recordCount() {
        return recordIds().values().stream().mapToLong(List::size).sum();
    }

    public List<FeedHead> vector() {
        return store.feeds(swarm);
    }

    @Override
    public void close() {
        try {
            if (host != null) {
                host.stop().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // closing anyway
        }
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
