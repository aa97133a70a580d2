package org.kith.node.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.FeedHead;
import org.kith.p2p.Stream;
import org.kith.p2p.StreamReader;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.RecordId;

/** Real NettyHosts on 127.0.0.1 (Noise + Yamux) with real SQLite stores in a temporary directory. */
class SyncIT {

    static final long DEADLINE_S = 60;

    @TempDir
    Path tmp;
    final List<SyncNode> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(SyncNode::close);
    }

    SyncNode node(String label, String swarm) throws Exception {
        SyncNode n = new SyncNode(tmp, label, swarm).start();
        nodes.add(n);
        return n;
    }

    static List<SyncFeed> feeds(String prefix, int n, String swarm) {
        List<SyncFeed> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new SyncFeed(prefix + i, swarm));
        }
        return out;
    }

    static void ingest(SyncNode n, List<byte[]> records) {
        for (int i = 0; i < records.size(); i += 1000) {
            n.store().ingestBatch(records.subList(i, Math.min(records.size(), i + 1000)))
                    .forEach(r -> assertFalse(r.isRejected(), r.detail()));
        }
    }

    SyncResult sync(SyncNode from, SyncNode to) throws Exception {
        return from.sync().sync(to.peerId()).get(DEADLINE_S, TimeUnit.SECONDS);
    }

    @Test
    void freshNodePullsTenThousandRecordsInManyFeeds() throws Exception {
        SyncNode full = node("full", "public");
        SyncNode fresh = node("fresh", "public");
        ingest(full, SyncFeed.interleaved(feeds("f", 40, "public"), 250));
        fresh.connect(full);
        SyncResult r = sync(fresh, full);
        assertEquals(10_000, r.recordsReceived());
        assertEquals(10_000, r.recordsAccepted());
        assertEquals(0, r.recordsSent());
        assertEquals(full.recordIds(), fresh.recordIds());
        // Nothing left to say: a second session sends nothing.
        SyncResult again = sync(fresh, full);
        assertEquals(0, again.recordsReceived());
        assertEquals(0, again.recordsSent());
    }

    @Test
    void disjointPartsEndAsTheUnionOnBoth() throws Exception {
        SyncNode a = node("a", "public");
        SyncNode b = node("b", "public");
        ingest(a, SyncFeed.interleaved(feeds("a", 5, "public"), 200));
        ingest(b, SyncFeed.interleaved(feeds("b", 7, "public"), 100));
        SyncFeed shared = new SyncFeed("shared", "public");
        List<byte[]> sharedRecords = shared.next(300);
        ingest(a, sharedRecords.subList(0, 120));
        ingest(b, sharedRecords);
        a.connect(b);
        SyncResult r = sync(a, b);
        assertEquals(700 + 180, r.recordsReceived());
        assertEquals(1_000, r.recordsSent());
        assertEquals(a.recordIds(), b.recordIds());
        assertEquals(13, a.recordIds().size());
        assertEquals(1_000 + 700 + 300, a.recordCount());
    }

    @Test
    void forkHalvesOnTwoNodesEndAsEvidenceOnBoth() throws Exception {
        SyncNode a = node("a", "public");
        SyncNode b = node("b", "public");
        SyncFeed author = new SyncFeed("forker", "public");
        List<byte[]> common = author.next(3);
        ingest(a, common);
        ingest(b, common);
        SyncFeed branchA = author.fork("branch-a");
        SyncFeed branchB = author.fork("branch-b");
        ingest(a, branchA.next(4));      // seq 4..7 on a
        ingest(b, List.of(branchB.at(4, author.head(), "the other seq 4")));
        a.connect(b);
        sync(b, a);
        for (SyncNode n : List.of(a, b)) {
            FeedHead head = n.vector().get(0);
            assertTrue(head.forked(), n.peerId() + " flags the feed");
            assertEquals(5, n.recordIds().values().iterator().next().size() - (n == a ? 3 : 0),
                    "both records for seq 4 on " + n.peerId());
        }
        // A third node learns the fork from either of them.
        SyncNode c = node("c", "public");
        c.connect(a);
        sync(c, a);
        assertTrue(c.vector().get(0).forked());
    }

    @Test
    void aPeerOfAnotherSwarmGetsNothingAndGivesNothing() throws Exception {
        SyncNode publicNode = node("pub", "public");
        SyncNode privateNode = node("priv", SyncFeed.PRIVATE_SWARM);
        ingest(publicNode, SyncFeed.interleaved(feeds("p", 3, "public"), 10));
        ingest(privateNode, SyncFeed.interleaved(feeds("s", 3, SyncFeed.PRIVATE_SWARM), 10));
        publicNode.connect(privateNode);
        ExecutionException asked = assertThrows(ExecutionException.class,
                () -> publicNode.sync().sync(privateNode.peerId()).get(DEADLINE_S, TimeUnit.SECONDS));
        assertInstanceOf(SyncException.class, asked.getCause());
        ExecutionException asking = assertThrows(ExecutionException.class,
                () -> privateNode.sync().sync(publicNode.peerId()).get(DEADLINE_S, TimeUnit.SECONDS));
        assertInstanceOf(SyncException.class, asking.getCause());
        assertEquals(30, publicNode.recordCount());
        assertEquals(30, privateNode.recordCount());
        assertTrue(publicNode.store().feeds(SyncFeed.PRIVATE_SWARM).isEmpty());
        assertTrue(privateNode.store().feeds("public").isEmpty());
    }

    @Test
    void forgedAndForeignRecordsAreNeverStoredAndEndTheSession() throws Exception {
        SyncNode honest = node("honest", "public");
        SyncNode liar = node("liar", "public");
        liar.connect(honest);
        // Forged: valid records with one signature byte flipped.
        List<byte[]> forged = new ArrayList<>();
        for (byte[] r : new SyncFeed("victim", "public").next(SyncLimits.MAX_REJECTED_PER_SESSION + 5)) {
            byte[] f = r.clone();
            f[f.length - 1] ^= 1;
            forged.add(f);
        }
        assertTrue(rawSession(liar, honest, new SyncMessage.Batch(0, forged)).get(DEADLINE_S, TimeUnit.SECONDS));
        // Another swarm's records, valid and signed.
        assertTrue(rawSession(liar, honest, new SyncMessage.Batch(0,
                new SyncFeed("foreign", SyncFeed.OTHER_SWARM).next(3))).get(DEADLINE_S, TimeUnit.SECONDS));
        assertEquals(0, honest.recordCount());
        assertTrue(honest.store().feeds().isEmpty());
        // And the honest node still syncs with an honest peer afterwards.
        SyncNode other = node("other", "public");
        ingest(other, new SyncFeed("fine", "public").next(20));
        honest.connect(other);
        assertEquals(20, sync(honest, other).recordsAccepted());
    }

    /** Speaks the protocol by hand from {@code from} (whose own service is bypassed): Hello, then {@code batch}. Completes true when the stream is reset. */
    CompletableFuture<Boolean> rawSession(SyncNode from, SyncNode to, SyncMessage.Batch batch) throws Exception {
        Stream s = from.host.newStream(to.peerId(), List.of(SyncService.PROTOCOL)).get(10, TimeUnit.SECONDS);
        CompletableFuture<Boolean> ended = new CompletableFuture<>();
        s.read(new StreamReader() {
            final SyncFrameReader frames = new SyncFrameReader(b -> {
                if (SyncCodec.decode(b) instanceof SyncMessage.Hello) {
                    s.write(SyncCodec.frame(batch));
                }
            });

            @Override
            public void onData(Stream st, byte[] data) {
                frames.feed(ByteBuffer.wrap(data));
            }

            @Override
            public void onClosed(Stream st) {
                ended.complete(true);
            }
        });
        s.write(SyncCodec.frame(new SyncMessage.Hello(1, "public", List.of())));
        return ended;
    }

    @Test
    void droppedConnectionResumesWithoutLossOrDuplicates() throws Exception {
        SyncNode full = node("full", "public");
        SyncNode fresh = node("fresh", "public");
        ingest(full, SyncFeed.interleaved(feeds("f", 20, "public"), 300));
        CompletableFuture<Void> midway = new CompletableFuture<>();
        CountDownLatch resume = new CountDownLatch(1);
        fresh.addListener(new SyncListener() {
            @Override
            public void onProgress(PeerId peer, SyncResult soFar) {
                if (soFar.recordsAccepted() >= 1_500 && !midway.isDone()) {
                    midway.complete(null);
                    try {
                        // Holds the store thread so the session is certainly mid-way when the host goes.
                        resume.await(DEADLINE_S, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        fresh.connect(full);
        CompletableFuture<SyncResult> first = fresh.sync().sync(full.peerId());
        midway.get(DEADLINE_S, TimeUnit.SECONDS);
        full.stopHost();
        resume.countDown();
        ExecutionException dropped = assertThrows(ExecutionException.class, () -> first.get(DEADLINE_S, TimeUnit.SECONDS));
        SyncResult partial = ((SyncException) dropped.getCause()).partial();
        long before = fresh.recordCount();
        assertTrue(before >= 1_500 && before < 6_000, before + " records before the drop");

        full.start();
        fresh.connect(full);
        SyncResult second = sync(fresh, full);
        assertEquals(6_000 - before, second.recordsReceived(), "only what was missing; first session " + partial);
        assertEquals(0, second.recordsDuplicate());
        assertEquals(second.recordsReceived(), second.recordsAccepted());
        assertEquals(full.recordIds(), fresh.recordIds());
        RecordId any = RecordId.parse(fresh.recordIds().values().iterator().next().get(0));
        assertTrue(fresh.store().record(any).isPresent());
    }

    @Test
    void concurrentRequestsForOnePeerShareOneSession() throws Exception {
        SyncNode a = node("a", "public");
        SyncNode b = node("b", "public");
        ingest(a, SyncFeed.interleaved(feeds("a", 4, "public"), 250));
        ingest(b, SyncFeed.interleaved(feeds("b", 4, "public"), 250));
        a.connect(b);
        CompletableFuture<SyncResult> fromA = a.sync().sync(b.peerId());
        CompletableFuture<SyncResult> fromA2 = a.sync().sync(b.peerId());
        CompletableFuture<SyncResult> fromB = b.sync().sync(a.peerId());
        SyncResult ra = fromA.get(DEADLINE_S, TimeUnit.SECONDS);
        assertEquals(ra, fromA2.get(DEADLINE_S, TimeUnit.SECONDS));
        SyncResult rb = fromB.get(DEADLINE_S, TimeUnit.SECONDS);
        assertEquals(a.recordIds(), b.recordIds());
        assertEquals(1_000, ra.recordsReceived());
        assertEquals(1_000, rb.recordsReceived(), "no record crossed twice");
    }
}
