package org.kith.node.sync;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.kith.node.store.RecordStore;
import org.kith.p2p.Host;
import org.kith.p2p.Stream;
import org.kith.protocol.identity.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.kith.node.net.RateLimiter;

/**
 * Catch-up sync {@code /kith/sync/1.0.0} for one swarm (design §4): two nodes exchange their
 * vectors {feed → highest contiguous seq, head, forked} and stream each other what the other
 * lacks, in seq order, in bounded batches with explicit credit, through the ingest door. See
 * {@link SyncSession} for the protocol and {@link SyncLimits} for its bounds; the wire format is
 * in {@link SyncCodec}.
 *
 * <p>Scoping: a service serves exactly the swarm it was built for. A peer whose Hello names
 * another swarm gets its stream reset and nothing of ours; a batch holding another swarm's record
 * resets the stream before any of it is stored.
 *
 * <p>One session per peer at a time, whichever side opened it: {@link #sync} while a session with
 * that peer runs returns that session's result. When both sides open at once, the stream opened
 * by the peer with the smaller peer ID is kept (each side decides alike) and the other side's
 * call completes with the kept session's result. Inbound sessions are rate-limited per peer
 * ({@link SyncLimits#SESSION_BURST}, {@link SyncLimits#SESSION_REFILL_INTERVAL}).
 *
 * <p>Threads: protocol handlers run on Netty I/O threads and never touch the store; every store
 * read and ingest runs on the executor given here (two or more threads let verification of one
 * batch overlap the storing of the previous). Futures complete on a pool thread. Thread-safe.
 */
public final class SyncService {

    /** The libp2p protocol ID. */
    public static final String PROTOCOL = "/kith/sync/1.0.0";
    /** Hello.version this node speaks. */
    public static final int PROTOCOL_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);

    private final SyncSession.Context ctx;
    private final RateLimiter<PeerId> limiter;
    private final List<SyncListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<PeerId, SyncSession> sessions = new HashMap<>();
    private Host host;

    /**
     * @param store the node's store; every received record goes through its ingest door
     * @param swarm the swarm this service serves (its host's swarm)
     * @param storeExecutor runs store reads and ingests (never an I/O thread)
     * @param clock for the rate limit and elapsed times
     */
    public SyncService(RecordStore store, String swarm, Executor storeExecutor, Clock clock) {
        this.ctx = new SyncSession.Context(store, swarm, storeExecutor, clock, listeners);
        store.network().sources().attach(store);
        this.limiter = new RateLimiter<>(clock, SyncLimits.SESSION_BURST, SyncLimits.SESSION_REFILL_INTERVAL);
    }

    public String swarm() {
        return ctx.swarm();
    }

    /** Registers {@link #PROTOCOL} on {@code host} (its swarm must be this service's). Call once, before connecting. */
    public void attach(Host host) {
        synchronized (this) {
            if (this.host != null) {
                throw new IllegalStateException("already attached");
            }
            this.host = host;
        }
        host.setProtocolHandler(PROTOCOL, this::onInbound);
    }

    public void addListener(SyncListener listener) {
        listeners.add(listener);
    }

    /**
     * Runs one session with a connected {@code peer}, or joins the one running. Completes with the
     * session's counts once both sides have everything the other offered, or exceptionally with a
     * {@link SyncException} (peer not connected, stream lost, protocol violation, other swarm);
     * what was ingested before a failure stays, and the next session resumes from it.
     */
    /** How long a session whose stream the peer refused waits for the peer's own stream to take it over. */
    static final java.time.Duration TAKEOVER_GRACE = java.time.Duration.ofSeconds(5);

    public CompletableFuture<SyncResult> sync(PeerId peer) {
        Host h;
        SyncSession session;
        synchronized (this) {
            if (host == null) {
                throw new IllegalStateException("attach(host) first");
            }
            SyncSession running = sessions.get(peer);
            if (running != null && !running.finished()) {
                return running.result().copy();
            }
            h = host;
            session = new SyncSession(ctx, peer, true);
            sessions.put(peer, session);
        }
        session.result().whenComplete((r, e) -> forget(session));
        h.newStream(peer, List.of(PROTOCOL)).whenComplete((stream, e) -> {
            if (e == null) {
                session.start(stream);
            } else if (!weWin(peer)) {
                // Both sides may have opened at once: the peer wins and resets our stream, possibly
                // before its own stream reaches us. Give that stream a moment to take this session
                // over (onInbound) before reporting a failure.
                CompletableFuture.delayedExecutor(TAKEOVER_GRACE.toMillis(), TimeUnit.MILLISECONDS).execute(() ->
                        session.fail("could not open a sync stream: " + e.getMessage(), e, false));
            } else {
                session.fail("could not open a sync stream: " + e.getMessage(), e, false);
            }
        });
        return session.result().copy();
    }

    private void onInbound(Stream stream) {
        PeerId peer = stream.remotePeer();
        SyncSession session;
        synchronized (this) {
            SyncSession running = sessions.get(peer);
            if (running != null && !running.finished()) {
                if (!running.initiator() || weWin(peer)) {
                    LOG.debug("sync stream from {} refused: a session with it is running", peer);
                    stream.reset();
                    return;
                }
            }
            if (!limiter.tryAcquire(peer)) {
                LOG.info("sync stream from {} refused: over {} sessions per {} s", peer, SyncLimits.SESSION_BURST,
                        SyncLimits.SESSION_REFILL_INTERVAL.toSeconds());
                stream.reset();
                return;
            }
            session = new SyncSession(ctx, peer, false);
            sessions.put(peer, session);
            if (running != null && !running.finished()) {
                // Simultaneous open and the peer's stream wins: ours gives way, its caller gets this result.
                running.abandon();
                session.result().whenComplete((r, e) -> {
                    if (e != null) {
                        running.result().completeExceptionally(e);
                    } else {
                        running.result().complete(r);
                    }
                });
            }
        }
        session.result().whenComplete((r, e) -> forget(session));
        session.start(stream);
    }

    /** The kept stream of two opened at once is the one opened by the smaller peer ID. */
    private boolean weWin(PeerId peer) {
        return host.peerId().toBase58().compareTo(peer.toBase58()) < 0;
    }

    private synchronized void forget(SyncSession session) {
        sessions.remove(session.peer(), session);
    }
}
