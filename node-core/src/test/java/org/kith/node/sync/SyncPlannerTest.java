package org.kith.node.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.FeedHead;
import org.kith.node.store.FeedRecord;
import org.kith.node.store.IngestResult;
import org.kith.node.store.SqliteRecordStore;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.RecordId;

/** The vector a store reports, and what the planner sends for each difference between two vectors. */
class SyncPlannerTest {

    @TempDir
    Path tmp;
    SqliteRecordStore store;

    @BeforeEach
    void open() {
        store = SqliteRecordStore.open(tmp.resolve("kith.db"),
                Ed25519KeyPair.fromSeed(SyncFeed.sha256("owner")).peerId(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    void ingest(List<byte[]> records) {
        for (IngestResult r : store.ingestBatch(records)) {
            assertFalse(r.isRejected(), r.detail());
        }
    }

    static SyncMessage.FeedState state(SyncFeed f, long seq, RecordId head, boolean forked) {
        return new SyncMessage.FeedState(f.author().toBase58(), seq, head, forked);
    }

    List<FeedRecord> drain(BatchPlanner p) {
        List<FeedRecord> all = new ArrayList<>();
        for (List<FeedRecord> b = p.nextBatch(); b != null; b = p.nextBatch()) {
            assertTrue(b.size() <= SyncLimits.MAX_BATCH_RECORDS);
            assertTrue(b.size() == 1 || b.stream().mapToInt(r -> r.envelope().length).sum() <= SyncLimits.MAX_BATCH_BYTES);
            all.addAll(b);
        }
        assertNull(p.nextBatch());
        return all;
    }

    @Test
    void vectorHoldsHighestContiguousSeqHeadAndForkFlagOfThisSwarmOnly() {
        SyncFeed a = new SyncFeed("a", "public");
        SyncFeed b = new SyncFeed("b", "public");
        SyncFeed other = new SyncFeed("o", SyncFeed.OTHER_SWARM);
        ingest(a.next(5));
        ingest(b.next(2));
        ingest(other.next(3));
        SyncFeed ahead = b.fork("b-ahead");
        ahead.next();
        assertEquals(IngestResult.Status.HELD, store.ingest(ahead.next()).status());
        byte[] fork = a.at(3, null, "x");
        List<FeedHead> vector = store.feeds("public");
        assertEquals(2, vector.size());
        FeedHead va = vector.stream().filter(h -> h.author().equals(a.author().toBase58())).findFirst().orElseThrow();
        assertEquals(5, va.seq());
        assertEquals(a.head(), va.id());
        FeedHead vb = vector.stream().filter(h -> h.author().equals(b.author().toBase58())).findFirst().orElseThrow();
        assertEquals(2, vb.seq());
        assertFalse(va.forked());
        assertEquals(1, store.feeds(SyncFeed.OTHER_SWARM).size());
        assertTrue(fork.length > 0);
    }

    @Test
    void sendsWhatTheOtherLacksInSeqOrder() {
        SyncFeed a = new SyncFeed("a", "public");
        SyncFeed b = new SyncFeed("b", "public");
        SyncFeed c = new SyncFeed("c", "public");
        List<byte[]> aRecs = a.next(1_500);
        ingest(aRecs);
        ingest(b.next(10));
        ingest(c.next(4));
        SyncFeed bAt5 = new SyncFeed("b", "public");
        bAt5.next(5);
        List<SyncMessage.FeedState> theirs = List.of(state(bAt5, 5, bAt5.head(), false), state(c, 4, c.head(), false));
        List<FeedRecord> sent = drain(new BatchPlanner(store, "public", store.feeds("public"), theirs));
        // a: everything (the peer has nothing of it); b: 6..10; c: nothing (equal).
        assertEquals(1_500 + 5, sent.size());
        List<FeedRecord> aSent = sent.stream().filter(r -> aRecs.stream().anyMatch(x -> java.util.Arrays.equals(x, r.envelope()))).toList();
        assertEquals(1_500, aSent.size());
        for (int i = 0; i < aSent.size(); i++) {
            assertEquals(i + 1, aSent.get(i).seq());
            assertArrayEquals(aRecs.get(i), aSent.get(i).envelope());
        }
        assertEquals(List.of(6L, 7L, 8L, 9L, 10L), sent.stream().filter(r -> !aSent.contains(r)).map(FeedRecord::seq).toList());
    }

    @Test
    void aPeerAheadOrEqualGetsNothing() {
        SyncFeed a = new SyncFeed("a", "public");
        ingest(a.next(3));
        SyncFeed ahead = new SyncFeed("a", "public");
        ahead.next(7);
        assertTrue(BatchPlanner.plan(store.feeds("public"), List.of(state(ahead, 7, ahead.head(), false))).isEmpty());
        assertTrue(BatchPlanner.plan(store.feeds("public"), List.of(state(a, 3, a.head(), false))).isEmpty());
    }

    @Test
    void divergedFeedSendsOnlyOurRecordForTheirHeadSlot() {
        SyncFeed a = new SyncFeed("a", "public");
        ingest(a.next(6));
        SyncFeed mine = new SyncFeed("a", "public");
        mine.next(6);
        // The peer holds a different record at seq 4 (same author: a fork it does not know of).
        SyncFeed theirs = new SyncFeed("a", "public");
        theirs.next(3);
        RecordId otherAt4 = SyncFeed.SignedRecordIds.id(theirs.at(4, theirs.head(), "the other branch"));
        List<FeedRecord> sent = drain(new BatchPlanner(store, "public", store.feeds("public"),
                List.of(state(a, 4, otherAt4, false))));
        assertEquals(1, sent.size());
        assertEquals(4, sent.get(0).seq());
        // Same seq, different heads: our head.
        sent = drain(new BatchPlanner(store, "public", store.feeds("public"), List.of(state(a, 6, otherAt4, false))));
        assertEquals(List.of(6L), sent.stream().map(FeedRecord::seq).toList());
        assertEquals(a.head(), sent.get(0).id());
    }

    @Test
    void forkedFeedSendsItsProofToAnUnforkedPeer() {
        SyncFeed a = new SyncFeed("a", "public");
        ingest(a.next(5));
        SyncFeed before3 = new SyncFeed("a", "public");
        before3.next(2);
        byte[] evidence = before3.at(3, before3.head(), "the other record for seq 3");
        assertEquals(IngestResult.Status.FORK, store.ingest(evidence).status());
        assertTrue(store.feeds("public").get(0).forked());
        List<FeedRecord> proof = store.forkProof(a.author(), "public", 10);
        assertEquals(2, proof.size());
        // Peer equal but unforked: the proof only (evidence and our chain record at seq 3).
        List<FeedRecord> sent = drain(new BatchPlanner(store, "public", store.feeds("public"),
                List.of(state(a, 5, a.head(), false))));
        assertEquals(List.of(3L, 3L), sent.stream().map(FeedRecord::seq).toList());
        // Peer already forked: nothing.
        assertTrue(BatchPlanner.plan(store.feeds("public"), List.of(state(a, 5, a.head(), true))).isEmpty());
        // Peer without the feed: the chain first, then the proof.
        sent = drain(new BatchPlanner(store, "public", store.feeds("public"), List.of()));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 3L, 3L), sent.stream().map(FeedRecord::seq).toList());
    }

    @Test
    void batchesStayWithinByteLimit() {
        List<SyncFeed> feeds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            feeds.add(new SyncFeed("f" + i, "public"));
        }
        ingest(SyncFeed.interleaved(feeds, 100));
        BatchPlanner p = new BatchPlanner(store, "public", store.feeds("public"), List.of());
        int batches = 0;
        int records = 0;
        for (List<FeedRecord> b = p.nextBatch(); b != null; b = p.nextBatch()) {
            int bytes = b.stream().mapToInt(r -> r.envelope().length).sum();
            assertTrue(bytes <= SyncLimits.MAX_BATCH_BYTES);
            batches++;
            records += b.size();
        }
        assertEquals(2_000, records);
        assertTrue(batches >= 2, batches + " batches");
    }
}
