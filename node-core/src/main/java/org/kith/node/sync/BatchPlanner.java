package org.kith.node.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kith.node.store.FeedHead;
import org.kith.node.store.FeedRecord;
import org.kith.node.store.RecordStore;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.RecordId;

/**
 * What one side sends the other in a session, and in which batches: from the two Hello vectors,
 * per feed the chain records after the other's seq up to ours (in seq order), then, if our feed
 * is forked and theirs is not, the records that prove the fork.
 *
 * <p>Divergence: when the other's head is not our record at that seq, the author signed two
 * records for that slot. Our records after it would fail the other's continuity check, so we
 * send only our record at that slot, which the other's door keeps as fork evidence.
 *
 * <p>Reads the store in chunks, never more than a batch ahead; not thread-safe (the session calls
 * it from one store task at a time).
 */
final class BatchPlanner {

    /** Records read from the store per query. */
    static final int READ_CHUNK_RECORDS = SyncLimits.MAX_BATCH_RECORDS;
    /** Fork proof records sent per feed. */
    static final int MAX_PROOF_RECORDS_PER_FEED = 64;

    /**
     * One feed's share of the plan: chain records with seq in ({@code afterSeq}, {@code toSeq}],
     * where the record at {@code checkSeq}, if {@code expect} is set, must be {@code expect}.
     */
    record FeedTask(PeerId author, long afterSeq, long toSeq, RecordId expect, boolean sendProof) {
        boolean sendsChain() {
            return toSeq > afterSeq || expect != null;
        }
    }

    private final RecordStore store;
    private final String swarm;
    private final Deque<FeedTask> tasks;
    private final Deque<FeedRecord> buffer = new ArrayDeque<>();
    private FeedTask current;
    private long readAfter;
    private boolean chainDone;
    private boolean proofDone;

    BatchPlanner(RecordStore store, String swarm, List<FeedHead> mine, List<SyncMessage.FeedState> theirs) {
        this.store = store;
        this.swarm = swarm;
        this.tasks = new ArrayDeque<>(plan(mine, theirs));
    }

    /** The per-feed plan, in our vector's order; feeds with nothing to send are left out. */
    static List<FeedTask> plan(List<FeedHead> mine, List<SyncMessage.FeedState> theirs) {
        Map<String, SyncMessage.FeedState> other = new HashMap<>();
        for (SyncMessage.FeedState f : theirs) {
            other.put(f.author(), f);
        }
        List<FeedTask> out = new ArrayList<>();
        for (FeedHead h : mine) {
            SyncMessage.FeedState t = other.get(h.author());
            long theirSeq = t == null ? 0 : t.seq();
            boolean proof = h.forked() && (t == null || !t.forked());
            FeedTask task;
            if (theirSeq == 0) {
                task = new FeedTask(PeerId.parse(h.author()), 0, h.seq(), null, proof);
            } else if (theirSeq < h.seq() || (theirSeq == h.seq() && !t.head().equals(h.id()))) {
                // Read from their seq so the slot they hold can be compared with ours.
                task = new FeedTask(PeerId.parse(h.author()), theirSeq - 1, h.seq(), t.head(), proof);
            } else {
                task = new FeedTask(PeerId.parse(h.author()), h.seq(), h.seq(), null, proof);
            }
            if (task.sendsChain() || task.sendProof()) {
                out.add(task);
            }
        }
        return out;
    }

    /** The next batch (non-empty, within the batch limits), or null when everything planned was returned. */
    List<FeedRecord> nextBatch() {
        List<FeedRecord> batch = new ArrayList<>();
        int bytes = 0;
        while (batch.size() < SyncLimits.MAX_BATCH_RECORDS) {
            FeedRecord next = peek();
            if (next == null) {
                break;
            }
            if (!batch.isEmpty() && bytes + next.envelope().length > SyncLimits.MAX_BATCH_BYTES) {
                break;
            }
            buffer.poll();
            batch.add(next);
            bytes += next.envelope().length;
        }
        return batch.isEmpty() ? null : batch;
    }

    private FeedRecord peek() {
        while (buffer.isEmpty()) {
            if (current == null) {
                current = tasks.poll();
                if (current == null) {
                    return null;
                }
                readAfter = current.afterSeq();
                chainDone = !current.sendsChain();
                proofDone = !current.sendProof();
            }
            if (!chainDone) {
                readChain();
            } else if (!proofDone) {
                proofDone = true;
                buffer.addAll(store.forkProof(current.author(), swarm, MAX_PROOF_RECORDS_PER_FEED));
            } else {
                current = null;
            }
        }
        return buffer.peek();
    }

    private void readChain() {
        List<FeedRecord> chunk = store.chainAfter(current.author(), swarm, readAfter, current.toSeq(),
                READ_CHUNK_RECORDS);
        if (chunk.isEmpty()) {
            chainDone = true;
            return;
        }
        int from = 0;
        if (current.expect() != null && readAfter == current.afterSeq()) {
            FeedRecord slot = chunk.get(0);
            if (!slot.id().equals(current.expect())) {
                // Diverged: only our record for their head's slot, which proves the fork to them.
                buffer.add(slot);
                chainDone = true;
                return;
            }
            from = 1;
        }
        buffer.addAll(chunk.subList(from, chunk.size()));
        readAfter = chunk.get(chunk.size() - 1).seq();
        if (chunk.size() < READ_CHUNK_RECORDS || readAfter >= current.toSeq()) {
            chainDone = true;
        }
    }
}
