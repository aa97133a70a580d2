package org.kith.node.sync;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.kith.node.store.FeedHead;
import org.kith.node.store.FeedRecord;
import org.kith.node.store.IngestResult;
import org.kith.node.store.RecordSources;
import org.kith.node.store.RecordStore;
import org.kith.node.store.VerifiedBatch;
import org.kith.p2p.Stream;
import org.kith.p2p.StreamReader;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.VerifiedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /kith/sync/1.0.0} session on one stream, either side (the protocol is symmetric
 * after the Hellos):
 *
 * <ol>
 * <li>The initiator sends Hello {version, swarm, vector}. The responder checks the swarm and
 *     version first and resets the stream, having sent nothing, if they are not its own; else it
 *     answers with its Hello. The initiator checks the responder's Hello the same way.</li>
 * <li>Each side streams what the other lacks ({@link BatchPlanner}) in numbered batches, at most
 *     {@link SyncLimits#MAX_UNACKED_BATCHES} unacknowledged, then Done.</li>
 * <li>Each received batch is verified and then ingested in one transaction on the store
 *     executor (verification of the next batch may overlap the storing of this one; storing is
 *     strictly in order), then acknowledged. A batch holding a record of another swarm resets
 *     the stream before anything of it is stored; more than
 *     {@link SyncLimits#MAX_REJECTED_PER_SESSION} refused records reset it too.</li>
 * <li>A record that the door keeps as fork evidence is answered, before its Ack, with our chain
 *     record for that slot (outside the window), so both sides end holding both records.</li>
 * <li>A side is finished when it sent Done, all its batches were acknowledged, it received Done
 *     and it acknowledged every batch; it then half-closes.</li>
 * </ol>
 *
 * <p>Threads: the stream's I/O thread decodes frames and updates state (never touching the
 * store); the store executor reads and ingests. State is guarded by this object's monitor, held
 * only briefly and never across store calls.
 */
final class SyncSession implements StreamReader {

    private static final Logger LOG = LoggerFactory.getLogger(SyncSession.class);
    /** Progress lines at INFO every this many records received. */
    static final long PROGRESS_LOG_RECORDS = 20_000;

    /** What a session needs from its service. */
    record Context(RecordStore store, String swarm, Executor executor, Clock clock, List<SyncListener> listeners) {
    }

    private final Context ctx;
    private final PeerId peer;
    private final boolean initiator;
    private final long startedAt;
    private final CompletableFuture<SyncResult> result = new CompletableFuture<>();
    private final SyncFrameReader frames = new SyncFrameReader(this::onFrame);

    private Stream stream;
    private List<FeedHead> myVector;
    private BatchPlanner planner;
    private boolean helloReceived;
    private boolean finished;
    private boolean abandoned;
    // Sending
    private long sendNext;
    private final Deque<Long> unacked = new ArrayDeque<>();
    private boolean reading;
    private boolean plannerDone;
    private boolean doneSent;
    private final Set<String> proofsSent = new HashSet<>();
    // Receiving
    private long recvNext;
    private int pendingRecv;
    private boolean doneReceived;
    private CompletableFuture<Void> storeChain = CompletableFuture.completedFuture(null);
    // Counts
    private long received;
    private long accepted;
    private long duplicate;
    private long held;
    private long rejected;
    private long forks;
    private long sent;
    private long bytesIn;
    private long bytesOut;
    private long nextProgressLog = PROGRESS_LOG_RECORDS;

    SyncSession(Context ctx, PeerId peer, boolean initiator) {
        this.ctx = ctx;
        this.peer = peer;
        this.initiator = initiator;
        this.startedAt = ctx.clock().millis();
    }

    PeerId peer() {
        return peer;
    }

    boolean initiator() {
        return initiator;
    }

    CompletableFuture<SyncResult> result() {
        return result;
    }

    /** Takes over {@code s}: reads it, and as initiator sends the Hello. */
    void start(Stream s) {
        synchronized (this) {
            if (finished) {
                s.reset();
                return;
            }
            stream = s;
        }
        LOG.debug("sync with {} started ({})", peer, initiator ? "outbound" : "inbound");
        s.read(this);
        if (initiator) {
            onStore(() -> {
                List<FeedHead> vector = ctx.store().feeds(ctx.swarm());
                synchronized (this) {
                    myVector = vector;
                    send(hello(vector));
                }
            });
        }
    }

    private SyncMessage.Hello hello(List<FeedHead> vector) {
        List<SyncMessage.FeedState> entries = new ArrayList<>(Math.min(vector.size(), SyncLimits.MAX_VECTOR_ENTRIES));
        for (FeedHead h : vector) {
            if (entries.size() == SyncLimits.MAX_VECTOR_ENTRIES) {
                LOG.warn("swarm {} has {} feeds; the vector sent to {} holds the first {}", ctx.swarm(), vector.size(),
                        peer, SyncLimits.MAX_VECTOR_ENTRIES);
                break;
            }
            entries.add(new SyncMessage.FeedState(h.author(), h.seq(), h.id(), h.forked()));
        }
        return new SyncMessage.Hello(SyncService.PROTOCOL_VERSION, ctx.swarm(), entries);
    }

    @Override
    public void onData(Stream s, byte[] data) {
        onData(s, ByteBuffer.wrap(data));
    }

    @Override
    public void onData(Stream s, ByteBuffer data) {
        synchronized (this) {
            if (finished) {
                return;
            }
            bytesIn += data.remaining();
        }
        try {
            frames.feed(data);
        } catch (SyncProtocolException e) {
            fail("protocol violation: " + e.getMessage(), e, true);
        } catch (RuntimeException e) {
            fail("session failed: " + e.getMessage(), e, true);
        }
    }

    @Override
    public void onEndOfInput(Stream s) {
        synchronized (this) {
            if (finished) {
                return;
            }
            if (doneReceived && unacked.isEmpty() && frames.atBoundary()) {
                return;
            }
        }
        fail("peer closed its side before the session ended", null, true);
    }

    @Override
    public void onClosed(Stream s) {
        fail("stream closed before the session ended", null, false);
    }

    private void onFrame(byte[] body) {
        SyncMessage m = SyncCodec.decode(body);
        if (m instanceof SyncMessage.Hello h) {
            onHello(h);
        } else if (m instanceof SyncMessage.Batch b) {
            onBatch(b);
        } else if (m instanceof SyncMessage.Ack a) {
            onAck(a);
        } else {
            onDone();
        }
    }

    private void onHello(SyncMessage.Hello h) {
        synchronized (this) {
            if (helloReceived) {
                throw new SyncProtocolException("second hello");
            }
            if (initiator && myVector == null) {
                throw new SyncProtocolException("hello before ours");
            }
            helloReceived = true;
        }
        if (h.version() != SyncService.PROTOCOL_VERSION) {
            throw new SyncProtocolException("protocol version " + h.version() + ", we speak "
                    + SyncService.PROTOCOL_VERSION);
        }
        if (!h.swarm().equals(ctx.swarm())) {
            // Scoping (design §4): a host serves only its own swarm; nothing of ours is sent.
            throw new SyncProtocolException("peer syncs swarm " + h.swarm() + ", this service serves " + ctx.swarm());
        }
        onStore(() -> {
            List<FeedHead> mine;
            synchronized (this) {
                mine = myVector;
            }
            if (mine == null) {
                mine = ctx.store().feeds(ctx.swarm());
                synchronized (this) {
                    myVector = mine;
                    send(hello(mine));
                }
            }
            BatchPlanner p = new BatchPlanner(ctx.store(), ctx.swarm(), mine, h.vector());
            synchronized (this) {
                planner = p;
            }
            pump();
        });
    }

    /** Sends the next planned batch if the window allows and no read is in flight; Done at the end. */
    private void pump() {
        synchronized (this) {
            if (finished || planner == null || reading || plannerDone || unacked.size() >= SyncLimits.MAX_UNACKED_BATCHES) {
                return;
            }
            reading = true;
        }
        onStore(() -> {
            List<FeedRecord> batch = planner.nextBatch();
            synchronized (this) {
                reading = false;
                if (finished) {
                    return;
                }
                if (batch == null) {
                    plannerDone = true;
                    doneSent = true;
                    send(new SyncMessage.Done());
                    checkComplete();
                    return;
                }
                sendBatch(batch);
            }
            pump();
        });
    }

    /** Caller holds the monitor. */
    private void sendBatch(List<FeedRecord> batch) {
        List<byte[]> records = new ArrayList<>(batch.size());
        for (FeedRecord r : batch) {
            records.add(r.envelope());
        }
        long number = sendNext++;
        unacked.addLast(number);
        sent += records.size();
        send(new SyncMessage.Batch(number, records));
    }

    private void onAck(SyncMessage.Ack a) {
        synchronized (this) {
            Long oldest = unacked.peekFirst();
            if (oldest == null || oldest != a.number()) {
                throw new SyncProtocolException("ack " + a.number() + " but " + (oldest == null ? "nothing" : "batch "
                        + oldest) + " is unacknowledged");
            }
            unacked.pollFirst();
            checkComplete();
        }
        progress();
        pump();
    }

    private void onDone() {
        synchronized (this) {
            if (!helloReceived || doneReceived) {
                throw new SyncProtocolException(doneReceived ? "second done" : "done before hello");
            }
            doneReceived = true;
            checkComplete();
        }
    }

    private void onBatch(SyncMessage.Batch b) {
        synchronized (this) {
            if (!helloReceived) {
                throw new SyncProtocolException("batch before hello");
            }
            if (b.number() != recvNext) {
                throw new SyncProtocolException("batch " + b.number() + ", expected " + recvNext);
            }
            recvNext++;
            if (++pendingRecv > SyncLimits.MAX_PENDING_BATCHES) {
                throw new SyncProtocolException("more than " + SyncLimits.MAX_PENDING_BATCHES + " batches unacknowledged");
            }
            received += b.records().size();
            if (received > SyncLimits.MAX_RECORDS_PER_SESSION) {
                throw new SyncProtocolException("over " + SyncLimits.MAX_RECORDS_PER_SESSION + " records in one session");
            }
            CompletableFuture<VerifiedBatch> verified;
            try {
                verified = CompletableFuture.supplyAsync(() -> ctx.store().verifyBatch(b.records()), ctx.executor());
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException("store executor refused work", e);
            }
            storeChain = storeChain.thenCombineAsync(verified, (x, vb) -> {
                ingest(b.number(), vb);
                return (Void) null;
            }, ctx.executor());
            storeChain.exceptionally(e -> {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                fail(cause instanceof SyncProtocolException ? "protocol violation: " + cause.getMessage()
                        : "ingest failed: " + cause.getMessage(), cause, true);
                return null;
            });
        }
    }

    /** On the store executor, in batch order. */
    private void ingest(long number, VerifiedBatch batch) {
        synchronized (this) {
            if (finished) {
                return;
            }
        }
        int foreign = batch.firstNotOfSwarm(ctx.swarm());
        if (foreign >= 0) {
            throw new SyncProtocolException("batch " + number + " holds a record of swarm "
                    + batch.record(foreign).swarm() + "; this session is for " + ctx.swarm());
        }
        List<IngestResult> results = ctx.store().network().sources().ingestAll(RecordSources.Origin.sync(peer),
                () -> ctx.store().ingestVerified(batch));
        List<FeedRecord> proofs = new ArrayList<>();
        long a = 0;
        long d = 0;
        long h = 0;
        long r = 0;
        long f = 0;
        for (int i = 0; i < results.size(); i++) {
            switch (results.get(i).status()) {
                case ACCEPTED -> a++;
                case DUPLICATE -> d++;
                case HELD, DEFERRED -> h++;
                case REJECTED -> r++;
                case FORK -> {
                    f++;
                    VerifiedRecord evidence = batch.record(i);
                    proofs.addAll(ctx.store().chainAfter(evidence.author(), ctx.swarm(), evidence.seq() - 1,
                            evidence.seq(), 1));
                }
            }
        }
        boolean tooMany;
        synchronized (this) {
            accepted += a;
            duplicate += d;
            held += h;
            rejected += r;
            forks += f;
            tooMany = rejected > SyncLimits.MAX_REJECTED_PER_SESSION;
            if (!tooMany && !finished) {
                proofs.removeIf(p -> !proofsSent.add(p.id().toString()));
                if (!proofs.isEmpty()) {
                    // Outside the window: the peer must hold it before it sees this batch's Ack.
                    sendBatch(proofs);
                }
                send(new SyncMessage.Ack(number));
                pendingRecv--;
                checkComplete();
            }
        }
        if (r > 0) {
            LOG.debug("sync with {}: {} records of batch {} refused by the ingest door", peer, r, number);
        }
        if (tooMany) {
            throw new SyncProtocolException("over " + SyncLimits.MAX_REJECTED_PER_SESSION + " invalid records");
        }
        progress();
    }

    /** Caller holds the monitor. */
    private void checkComplete() {
        if (finished || !doneSent || !unacked.isEmpty() || !doneReceived || pendingRecv != 0) {
            return;
        }
        finished = true;
        stream.closeWrite();
        SyncResult r = snapshot();
        LOG.info("sync with {} ({}) done: {}", peer, initiator ? "outbound" : "inbound", r);
        // Completed off this monitor: dependents (the service's bookkeeping) take other locks.
        CompletableFuture.runAsync(() -> {
            notifyFinished(r, null);
            result.complete(r);
        });
    }

    /** Ends the session unfinished. */
    void fail(String reason, Throwable cause, boolean reset) {
        Stream s;
        SyncResult r;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            s = stream;
            r = snapshot();
        }
        if (reset && s != null) {
            s.reset();
        }
        LOG.info("sync with {} ({}) ended: {}; so far {}", peer, initiator ? "outbound" : "inbound", reason, r);
        notifyFinished(r, cause == null ? new SyncException(reason, r, null) : cause);
        result.completeExceptionally(new SyncException(reason, r, cause));
    }

    /** Drops this session for a simultaneous one with the same peer; its result is completed by the caller. */
    void abandon() {
        Stream s;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            abandoned = true;
            s = stream;
        }
        if (s != null) {
            s.reset();
        }
    }

    synchronized boolean finished() {
        return finished;
    }

    synchronized boolean abandoned() {
        return abandoned;
    }

    /** Caller holds the monitor. */
    private void send(SyncMessage m) {
        byte[] frame = SyncCodec.frame(m);
        bytesOut += frame.length;
        stream.write(frame).whenComplete((v, e) -> {
            if (e != null) {
                fail("write failed: " + e.getMessage(), e, true);
            }
        });
    }

    private void onStore(Runnable task) {
        try {
            ctx.executor().execute(() -> {
                try {
                    task.run();
                } catch (SyncProtocolException e) {
                    fail("protocol violation: " + e.getMessage(), e, true);
                } catch (RuntimeException e) {
                    fail("store work failed: " + e.getMessage(), e, true);
                }
            });
        } catch (RejectedExecutionException e) {
            fail("store executor refused work", e, true);
        }
    }

    private void progress() {
        SyncResult r;
        boolean log = false;
        synchronized (this) {
            r = snapshot();
            if (received >= nextProgressLog) {
                nextProgressLog = received + PROGRESS_LOG_RECORDS;
                log = true;
            }
        }
        if (log) {
            LOG.info("sync with {}: {} records received, {} accepted, {} sent so far", peer, r.recordsReceived(),
                    r.recordsAccepted(), r.recordsSent());
        }
        for (SyncListener l : ctx.listeners()) {
            try {
                l.onProgress(peer, r);
            } catch (RuntimeException e) {
                LOG.warn("sync listener {} failed", l, e);
            }
        }
    }

    private void notifyFinished(SyncResult r, Throwable failure) {
        for (SyncListener l : ctx.listeners()) {
            try {
                l.onFinished(peer, r, failure);
            } catch (RuntimeException e) {
                LOG.warn("sync listener {} failed", l, e);
            }
        }
    }

    /** Caller holds the monitor. */
    private SyncResult snapshot() {
        return new SyncResult(peer, !initiator, received, accepted, duplicate, held, rejected, forks, sent, bytesIn,
                bytesOut, Duration.ofMillis(Math.max(0, ctx.clock().millis() - startedAt)));
    }
}
