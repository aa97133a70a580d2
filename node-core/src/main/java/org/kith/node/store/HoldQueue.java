package org.kith.node.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.VerifiedRecord;

/**
 * Valid records waiting (in memory, bounded) for something they need: records ahead of their
 * predecessor wait for the gap to fill; a record that continues its feed but names a record of
 * another feed not yet here (see {@link ReferenceRules}) waits for that record. Not thread-safe:
 * used under the store's lock.
 */
final class HoldQueue {

    /** Most records held at once, over all feeds. */
    static final int MAX_HELD_RECORDS = 10_000;
    /** Most envelope bytes held at once. */
    static final long MAX_HELD_BYTES = 32L * 1024 * 1024;
    /** Most records held for one feed. */
    static final int MAX_HELD_PER_FEED = 2_000;
    /** A record more than this many seqs past its feed's head is not held (catch-up fetches it). */
    static final long MAX_SEQ_AHEAD = 10_000;

    /** Most records waiting for a record of another feed, over all feeds (at most one per feed). */
    static final int MAX_WAITING_ON_TARGETS = 1_000;

    private final Map<FeedKey, TreeMap<Long, List<VerifiedRecord>>> byFeed = new HashMap<>();
    private final Map<RecordId, List<VerifiedRecord>> byTarget = new HashMap<>();
    private int waitingOnTargets;
    private final Map<FeedKey, Integer> countByFeed = new HashMap<>();
    /** Held records and the envelope bytes each one counts for. */
    private final Map<RecordId, Integer> sizeById = new HashMap<>();
    private long bytes;

    record FeedKey(String author, String swarm) {
        static FeedKey of(VerifiedRecord r) {
            return new FeedKey(r.author().toBase58(), r.swarm());
        }
    }

    boolean contains(RecordId id) {
        return sizeById.containsKey(id);
    }

    int size() {
        return sizeById.size();
    }

    /** Null if held, else why not. */
    String offer(VerifiedRecord r, long headSeq) {
        if (r.seq() - headSeq > MAX_SEQ_AHEAD) {
            return "seq " + r.seq() + " is more than " + MAX_SEQ_AHEAD + " past the feed head " + headSeq;
        }
        int size = r.envelope().encode().length;
        if (sizeById.size() >= MAX_HELD_RECORDS || bytes + size > MAX_HELD_BYTES) {
            return "hold queue full";
        }
        FeedKey key = FeedKey.of(r);
        if (countByFeed.getOrDefault(key, 0) >= MAX_HELD_PER_FEED) {
            return "hold queue full for this feed";
        }
        byFeed.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(r.seq(), k -> new ArrayList<>(1)).add(r);
        countByFeed.merge(key, 1, Integer::sum);
        sizeById.put(r.id(), size);
        bytes += size;
        return null;
    }

    /** Null if {@code r} is now held until {@code target} is stored, else why not. */
    String offerWaiting(VerifiedRecord r, RecordId target) {
        int size = r.envelope().encode().length;
        if (waitingOnTargets >= MAX_WAITING_ON_TARGETS || sizeById.size() >= MAX_HELD_RECORDS
                || bytes + size > MAX_HELD_BYTES) {
            return "hold queue full";
        }
        byTarget.computeIfAbsent(target, k -> new ArrayList<>(1)).add(r);
        waitingOnTargets++;
        sizeById.put(r.id(), size);
        bytes += size;
        return null;
    }

    /** Removes and returns the records waiting for {@code target}. */
    List<VerifiedRecord> takeWaitingOn(RecordId target) {
        List<VerifiedRecord> out = byTarget.remove(target);
        if (out == null) {
            return List.of();
        }
        waitingOnTargets -= out.size();
        for (VerifiedRecord r : out) {
            bytes -= sizeById.remove(r.id());
        }
        return out;
    }

    /** Removes and returns the records held for {@code seq} of the feed (usually one). */
    List<VerifiedRecord> take(FeedKey feed, long seq) {
        TreeMap<Long, List<VerifiedRecord>> held = byFeed.get(feed);
        if (held == null) {
            return List.of();
        }
        List<VerifiedRecord> out = held.remove(seq);
        if (held.isEmpty()) {
            byFeed.remove(feed);
        }
        if (out == null) {
            return List.of();
        }
        for (VerifiedRecord r : out) {
            bytes -= sizeById.remove(r.id());
        }
        countByFeed.computeIfPresent(feed, (k, n) -> n == out.size() ? null : n - out.size());
        return out;
    }

    /** Drops held records at or below {@code seq} (their slot was filled some other way). */
    List<VerifiedRecord> takeUpTo(FeedKey feed, long seq) {
        List<VerifiedRecord> out = new ArrayList<>();
        TreeMap<Long, List<VerifiedRecord>> held = byFeed.get(feed);
        while (held != null && !held.isEmpty() && held.firstKey() <= seq) {
            out.addAll(take(feed, held.firstKey()));
            held = byFeed.get(feed);
        }
        return out;
    }

    /** The lowest seq held for the feed, or -1. */
    long lowestHeld(FeedKey feed) {
        TreeMap<Long, List<VerifiedRecord>> held = byFeed.get(feed);
        return held == null || held.isEmpty() ? -1 : held.firstKey();
    }
}
