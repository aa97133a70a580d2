package org.kith.node.net;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.kith.node.sync.SyncListener;
import org.kith.node.sync.SyncResult;
import org.kith.node.sync.SyncService;
import org.kith.node.store.IngestResult;
import org.kith.node.store.NetworkTables;
import org.kith.node.store.RecordSources;
import org.kith.node.store.RecordStore;
import org.kith.p2p.pubsub.Gossipsub;
import org.kith.p2p.pubsub.GossipsubConfig;
import org.kith.p2p.pubsub.PubsubMessage;
import org.kith.p2p.pubsub.ValidationResult;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.RecordVerifier;
import org.kith.protocol.record.VerifiedRecord;
import org.kith.p2p.Host;
import org.kith.p2p.HostEvent;
import org.kith.p2p.host.HostConfig;
import org.kith.p2p.host.NettyHost;
import org.kith.p2p.mdns.DiscoveryDialer;
import org.kith.p2p.mdns.MdnsConfig;
import org.kith.p2p.mdns.MdnsDiscovery;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.pnet.SwarmKey;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libp2p host of one swarm, with the swarm's memory of peers: every peer it connects to is
 * remembered in the store (with the addresses identify reports), and remembered peers are
 * dialed when the host starts and whenever they are lost, with exponential backoff. Keys never
 * mix: one swarm, one host, one pnet key, one port.
 */
public final class SwarmHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SwarmHost.class);

    /** First redial delay after a failure or a lost connection; doubles per failure. */
    public static final Duration REDIAL_BASE = Duration.ofSeconds(5);
    public static final Duration REDIAL_MAX = Duration.ofMinutes(5);
    /**
     * Catch-up with every connected peer this often, besides on connection and on a held record:
     * gossip alone loses a record published before the peer's subscription was known (just after
     * connecting), and a feed's last record lost that way is never followed by one that would
     * reveal the gap.
     */
    public static final Duration RESYNC_INTERVAL = Duration.ofSeconds(30);

    /**
     * @param swarmName the local name ({@code public} for the public swarm)
     * @param key the swarm's pre-shared key, or null for the public swarm
     * @param persistent whether peers are remembered in the store (false for an ad-hoc swarm)
     * @param mdns whether to find peers on the local network (mDNS multicasts on every interface)
     */
    public record Config(String swarmName, String swarmId, SwarmKey key, List<Multiaddr> listen, boolean persistent,
            boolean mdns, Duration redialBase, Duration redialMax) {

        public Config {
            listen = List.copyOf(listen);
        }

        public static Config of(String swarmName, String swarmId, SwarmKey key, List<Multiaddr> listen, boolean mdns) {
            return new Config(swarmName, swarmId, key, listen, true, mdns, REDIAL_BASE, REDIAL_MAX);
        }
    }

    private final Config config;
    private final RecordStore store;
    private final RecordVerifier verifier;
    private final NetworkTables table;
    private final Clock clock;
    private final NettyHost host;
    private final PeerId self;
    /** Store writes and redial timers: never on an I/O thread. */
    private final ScheduledExecutorService worker;
    private final Map<PeerId, ScheduledFuture<?>> pendingRedials = new ConcurrentHashMap<>();
    private final Map<PeerId, Integer> failures = new ConcurrentHashMap<>();
    private final Set<PeerId> dialing = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private MdnsDiscovery mdns;
    private final Gossipsub gossip;
    private final RateLimiter<PeerId> peerRecords;
    private final RateLimiter<PeerId> feedRecords;
    private final ExecutorService syncExecutor;
    private final SyncService sync;
    private final Map<PeerId, SyncResult> syncing = new ConcurrentHashMap<>();
    private final Map<PeerId, SyncResult> lastSync = new ConcurrentHashMap<>();
    private volatile Duration resyncInterval = RESYNC_INTERVAL;

    public SwarmHost(Config config, Ed25519KeyPair identity, RecordStore store, Clock clock, String agent) {
        this.config = config;
        this.store = store;
        this.table = store.network();
        table.sources().attach(store);
        this.verifier = new RecordVerifier(clock);
        this.peerRecords = new RateLimiter<>(clock, ReplicationLimits.PEER_RECORD_BURST,
                ReplicationLimits.PEER_RECORD_REFILL);
        this.feedRecords = new RateLimiter<>(clock, ReplicationLimits.FEED_RECORD_BURST,
                ReplicationLimits.FEED_RECORD_REFILL);
        this.clock = clock;
        this.self = identity.peerId();
        this.host = new NettyHost(HostConfig.of(identity, config.listen(), config.key(), agent));
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "kith-swarm-" + config.swarmName());
            t.setDaemon(true);
            return t;
        });
        // On stop, queued store writes still run; redials waiting for their time do not.
        w.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.worker = w;
        host.addListener(this::onEvent);
        this.syncExecutor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "kith-sync-" + config.swarmName());
            t.setDaemon(true);
            return t;
        });
        this.sync = new SyncService(store, config.swarmId(), syncExecutor, clock);
        sync.attach(host);
        sync.addListener(new SyncListener() {
            @Override
            public void onProgress(PeerId peer, SyncResult soFar) {
                syncing.put(peer, soFar);
            }

            @Override
            public void onFinished(PeerId peer, SyncResult result, Throwable failure) {
                syncing.remove(peer);
                if (result != null) {
                    lastSync.put(peer, result);
                    if ((result.recordsAccepted() > 0 || result.forks() > 0) && !stopped) {
                        // Records that came by catch-up are not gossiped: pass them on to the
                        // other peers by catch-up too (it stops where nothing new arrives).
                        try {
                            worker.execute(() -> forward(peer));
                        } catch (java.util.concurrent.RejectedExecutionException e) {
                            // stopping
                        }
                    }
                }
            }
        });
        this.gossip = Gossipsub.attach(host, identity, GossipsubConfig.defaults());
        gossip.setValidator(topic(), this::validate);
        gossip.subscribe(topic(), m -> {
        });
    }

    /** The swarm's gossip topic: every record of the swarm travels on it (design §4). */
    public String topic() {
        return topicOf(config.swarmId());
    }

    public static String topicOf(String swarmId) {
        return "/kith/" + swarmId + "/records/1";
    }

    public Gossipsub gossip() {
        return gossip;
    }

    /**
     * The validation hook: a gossiped record goes through the ingest door (on the worker thread,
     * never an I/O thread). New or fork evidence: accept (stored, delivered, forwarded); already
     * known or held for its predecessor: ignore; invalid or of another swarm: reject (scored
     * against the sender, not forwarded).
     */
    private CompletionStage<ValidationResult> validate(PeerId source, PubsubMessage message) {
        return CompletableFuture.supplyAsync(() -> {
            VerifiedRecord record;
            try {
                record = verifier.verify(message.data());
            } catch (InvalidRecordException e) {
                LOG.debug("[{}] invalid record from {}: {}", config.swarmName(), source, e.getMessage());
                return ValidationResult.REJECT;
            }
            if (!record.swarm().equals(config.swarmId())) {
                LOG.debug("[{}] record of swarm {} from {} refused", config.swarmName(), record.swarm(), source);
                return ValidationResult.REJECT;
            }
            if (source.equals(self)) {
                return ValidationResult.ACCEPT; // our own, already stored
            }
            if (!peerRecords.tryAcquire(source) || !feedRecords.tryAcquire(record.author())) {
                LOG.debug("[{}] over the live limits ({} via {}); left to catch-up", config.swarmName(),
                        record.author(), source);
                return ValidationResult.IGNORE;
            }
            IngestResult result = store.network().sources().ingest(RecordSources.Origin.gossip(source),
                    () -> store.ingest(record));
            return switch (result.status()) {
                case ACCEPTED, FORK -> ValidationResult.ACCEPT;
                case DUPLICATE -> ValidationResult.IGNORE;
                case HELD, DEFERRED -> {
                    // Ahead of its predecessor, or naming a record not here yet: whoever sent it
                    // holds what it needs, so catch up with them.
                    catchUp(source);
                    yield ValidationResult.IGNORE;
                }
                case REJECTED -> ValidationResult.REJECT;
            };
        }, worker);
    }

    /**
     * Runs a catch-up session with {@code peer} (joins one already running): on every new
     * connection, and when gossip brings a record ahead of its predecessor.
     */
    public CompletableFuture<SyncResult> catchUp(PeerId peer) {
        if (stopped) {
            return CompletableFuture.failedFuture(new IllegalStateException("stopped"));
        }
        CompletableFuture<SyncResult> f = sync.sync(peer);
        f.whenComplete((r, e) -> {
            if (e != null && !stopped) {
                LOG.debug("[{}] catch-up with {} failed: {}", config.swarmName(), peer, e.toString());
            }
        });
        return f;
    }

    /** Catch-up sessions running now (progress so far) and the last finished one per peer. */
    public Map<PeerId, SyncResult> syncInProgress() {
        return Map.copyOf(syncing);
    }

    public Map<PeerId, SyncResult> lastSync() {
        return Map.copyOf(lastSync);
    }

    /**
     * Publishes one of the user's own records, already stored, to the swarm's peers.
     *
     * @return the number of peers it was handed to is not known to gossipsub; completes when sent
     */
    public CompletableFuture<byte[]> publish(VerifiedRecord record) {
        if (!record.swarm().equals(config.swarmId())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("record " + record.id()
                    + " belongs to swarm " + record.swarm() + ", not " + config.swarmId()));
        }
        return gossip.publish(topic(), record.envelope().encode());
    }

    public Config config() {
        return config;
    }

    public Host host() {
        return host;
    }

    public void addListener(Consumer<HostEvent> listener) {
        host.addListener(listener);
    }

    /** Sets the period of the catch-up with every connected peer ({@link #RESYNC_INTERVAL}); before {@link #start}. */
    public SwarmHost resyncEvery(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("resync interval must be positive: " + interval);
        }
        this.resyncInterval = interval;
        return this;
    }

    /** Catch-up with every connected peer but {@code from} (which just gave us new records). */
    private void forward(PeerId from) {
        if (stopped) {
            return;
        }
        for (PeerId peer : host.connectedPeers()) {
            if (!peer.equals(from)) {
                catchUp(peer);
            }
        }
    }

    private void resync() {
        if (stopped) {
            return;
        }
        for (PeerId peer : host.connectedPeers()) {
            if (!syncing.containsKey(peer)) {
                catchUp(peer);
            }
        }
    }

    /** Binds, then dials every remembered peer of the swarm and starts mDNS if configured. */
    public CompletableFuture<Void> start() {
        return host.start().thenRun(() -> {
            if (!stopped) {
                long every = resyncInterval.toMillis();
                worker.scheduleWithFixedDelay(this::resync, every, every, TimeUnit.MILLISECONDS);
            }
            if (config.persistent()) {
                worker.execute(this::redialRemembered);
            }
            if (config.mdns()) {
                worker.execute(this::startMdns);
            }
        });
    }

    /** mDNS with the swarm's own service name (a private swarm's is derived from its key). */
    private void startMdns() {
        if (stopped) {
            return;
        }
        DiscoveryDialer dialer = new DiscoveryDialer(host);
        MdnsDiscovery discovery = new MdnsDiscovery(host, MdnsConfig.forSwarm(config.key()), found -> {
            dialer.accept(found);
            if (config.persistent()) {
                List<String> addrs = found.addrs().stream().map(a -> a.withoutPeerId().toString()).toList();
                worker.execute(() -> table.notePeer(config.swarmId(), found.peer().toBase58(), addrs, "mdns",
                        clock.millis(), host.connectedPeers().contains(found.peer())));
            }
        });
        try {
            discovery.start();
            synchronized (this) {
                mdns = discovery;
            }
            LOG.info("[{}] mDNS on ({})", config.swarmName(), discovery.config().serviceName());
        } catch (IOException | RuntimeException e) {
            discovery.close();
            LOG.warn("[{}] mDNS could not start, peers on this network will not be found: {}", config.swarmName(),
                    e.getMessage());
        }
    }

    /** The bound addresses, unspecified ones expanded to this machine's interface addresses. */
    public List<Multiaddr> listenAddrs() {
        return LocalAddresses.expand(host.listenAddrs());
    }

    /** Dials {@code addr}; the peer is remembered once connected. */
    public CompletableFuture<PeerId> dial(Multiaddr addr) {
        return host.dial(addr);
    }

    /** Number of remembered peers whose redial is scheduled. */
    public int pendingRedials() {
        return pendingRedials.size();
    }

    private void redialRemembered() {
        if (stopped) {
            return;
        }
        for (NetworkTables.Peer p : table.peers(config.swarmId())) {
            PeerId peer;
            try {
                peer = PeerId.parse(p.peerId());
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (!peer.equals(self)) {
                failures.put(peer, p.failures());
                attempt(peer);
            }
        }
    }

    /** Tries the remembered addresses of {@code peer} in turn (on the worker thread). */
    private void attempt(PeerId peer) {
        pendingRedials.remove(peer);
        if (stopped || host.connectedPeers().contains(peer) || !dialing.add(peer)) {
            return;
        }
        List<Multiaddr> addrs = new ArrayList<>();
        table.peers(config.swarmId()).stream().filter(p -> p.peerId().equals(peer.toBase58())).findFirst()
                .ifPresent(p -> p.addrs().forEach(a -> {
                    try {
                        addrs.add(Multiaddr.parse(a).withoutPeerId().withPeerId(peer));
                    } catch (IllegalArgumentException e) {
                        LOG.debug("skipping unusable remembered address {}: {}", a, e.getMessage());
                    }
                }));
        tryAddrs(peer, addrs, 0);
    }

    private void tryAddrs(PeerId peer, List<Multiaddr> addrs, int i) {
        if (stopped) {
            dialing.remove(peer);
            return;
        }
        if (i >= addrs.size()) {
            dialing.remove(peer);
            int n = failures.merge(peer, 1, Integer::sum);
            worker.execute(() -> table.noteDialFailure(config.swarmId(), peer.toBase58()));
            scheduleRedial(peer, n);
            return;
        }
        host.dial(addrs.get(i)).whenCompleteAsync((p, e) -> {
            if (e == null) {
                dialing.remove(peer);
                failures.remove(peer);
            } else {
                LOG.debug("[{}] redial {} at {} failed: {}", config.swarmName(), peer, addrs.get(i), e.toString());
                tryAddrs(peer, addrs, i + 1);
            }
        }, worker);
    }

    private void scheduleRedial(PeerId peer, int failuresInARow) {
        if (stopped) {
            return;
        }
        long base = config.redialBase().toMillis();
        long delay = Math.min(config.redialMax().toMillis(), base << Math.min(20, Math.max(0, failuresInARow - 1)));
        ScheduledFuture<?> f = worker.schedule(() -> attempt(peer), delay, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> old = pendingRedials.put(peer, f);
        if (old != null) {
            old.cancel(false);
        }
        LOG.debug("[{}] redialing {} in {} ms", config.swarmName(), peer, delay);
    }

    private void onEvent(HostEvent e) {
        if (stopped) {
            return;
        }
        if (e instanceof HostEvent.Connected c) {
            // Catch up on every new connection (both ends may ask; the service keeps one session).
            worker.execute(() -> catchUp(c.peer()));
        }
        if (!config.persistent()) {
            return;
        }
        if (e instanceof HostEvent.Connected c) {
            List<String> addrs = new ArrayList<>();
            if (!c.inbound()) {
                addrs.add(stripPeer(c.remoteAddr()));
            }
            worker.execute(() -> table.notePeer(config.swarmId(), c.peer().toBase58(), addrs,
                    c.inbound() ? "inbound" : "dial", clock.millis(), true));
            ScheduledFuture<?> pending = pendingRedials.remove(c.peer());
            if (pending != null) {
                pending.cancel(false);
            }
        } else if (e instanceof HostEvent.Identified i) {
            List<String> addrs = new ArrayList<>();
            for (String a : i.listenAddrs()) {
                String s = stripPeer(a);
                if (s != null && usable(s)) {
                    addrs.add(s);
                }
            }
            worker.execute(() -> table.notePeer(config.swarmId(), i.peer().toBase58(), addrs, "identify",
                    clock.millis(), true));
        } else if (e instanceof HostEvent.Disconnected d) {
            // Remembered peers are redialed after a lost connection (they may come back).
            worker.execute(() -> {
                if (!host.connectedPeers().contains(d.peer())) {
                    scheduleRedial(d.peer(), 1);
                }
            });
        }
    }

    /** A TCP address someone can dial (not unspecified, not port 0). */
    private static boolean usable(String addr) {
        try {
            return Multiaddr.parse(addr).toInetSocketAddress()
                    .filter(sa -> !sa.getAddress().isAnyLocalAddress() && sa.getPort() != 0).isPresent();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String stripPeer(String addr) {
        try {
            return Multiaddr.parse(addr).withoutPeerId().toString();
        } catch (IllegalArgumentException e) {
            return addr;
        }
    }

    public CompletableFuture<Void> stop() {
        stopped = true;
        gossip.close();
        synchronized (this) {
            if (mdns != null) {
                mdns.close();
            }
        }
        pendingRedials.values().forEach(f -> f.cancel(false));
        pendingRedials.clear();
        // Waits for the worker on a pool thread, never on the I/O thread that completes stop().
        return host.stop().handle((v, e) -> (Void) null).thenRunAsync(() -> {
            syncExecutor.shutdown();
            try {
                syncExecutor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            worker.shutdown();
            try {
                // pending store writes (peer memory) finish before the store is closed
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void close() {
        stop().join();
    }
}
