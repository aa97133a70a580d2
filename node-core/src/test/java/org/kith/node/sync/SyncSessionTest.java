package org.kith.node.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.SqliteRecordStore;
import org.kith.p2p.Stream;
import org.kith.p2p.StreamReader;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/** One session against a scripted peer on a fake stream, with store work run by hand: credit, order, scoping. */
class SyncSessionTest {

    static final PeerId PEER = Ed25519KeyPair.fromSeed(SyncFeed.sha256("peer")).peerId();

    @TempDir
    Path tmp;
    SqliteRecordStore store;
    final ManualExecutor executor = new ManualExecutor();
    final FakeStream stream = new FakeStream();

    @BeforeEach
    void open() {
        store = SqliteRecordStore.open(tmp.resolve("kith.db"), Ed25519KeyPair.fromSeed(SyncFeed.sha256("me")).peerId(),
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    SyncSession responder() {
        SyncSession s = new SyncSession(new SyncSession.Context(store, "public", executor, Clock.systemUTC(), List.of()),
                PEER, false);
        s.start(stream);
        return s;
    }

    void peerSends(SyncMessage m) {
        stream.reader.onData(stream, ByteBuffer.wrap(SyncCodec.frame(m)));
    }

    @Test
    void senderKeepsAtMostTheWindowUnacknowledgedAndFinishesAfterDoneBothWays() throws Exception {
        List<SyncFeed> feeds = List.of(new SyncFeed("a", "public"), new SyncFeed("b", "public"));
        store.ingestBatch(SyncFeed.interleaved(feeds, 2_000));
        SyncSession s = responder();
        peerSends(new SyncMessage.Hello(1, "public", List.of()));
        executor.runAll();
        assertInstanceOf(SyncMessage.Hello.class, stream.sent.get(0));
        assertEquals(SyncLimits.MAX_UNACKED_BATCHES, stream.batches().size(), "window full, no more");
        peerSends(new SyncMessage.Done());
        long acked = 0;
        int records = 0;
        while (!stream.sent.stream().anyMatch(m -> m instanceof SyncMessage.Done) || acked < stream.batches().size()) {
            assertTrue(stream.batches().size() - acked <= SyncLimits.MAX_UNACKED_BATCHES);
            peerSends(new SyncMessage.Ack(acked++));
            executor.runAll();
        }
        for (SyncMessage.Batch b : stream.batches()) {
            records += b.records().size();
        }
        assertEquals(4_000, records);
        executor.runAll();
        SyncResult r = s.result().get(5, TimeUnit.SECONDS);
        assertEquals(4_000, r.recordsSent());
        assertTrue(stream.closedWrite);
        assertFalse(stream.reset);
        assertEquals(stream.bytesWritten, r.bytesOut());
    }

    @Test
    void receivedBatchIsAcknowledgedOnlyAfterIngest() throws Exception {
        SyncFeed a = new SyncFeed("a", "public");
        SyncSession s = responder();
        peerSends(new SyncMessage.Hello(1, "public", List.of()));
        executor.runAll();
        peerSends(new SyncMessage.Batch(0, a.next(10)));
        assertTrue(stream.acks().isEmpty(), "no ack before the store has run");
        executor.runAll();
        assertEquals(List.of(0L), stream.acks());
        assertEquals(10, store.feeds("public").get(0).seq());
        peerSends(new SyncMessage.Done());
        executor.runAll();
        SyncResult r = s.result().get(5, TimeUnit.SECONDS);
        assertEquals(10, r.recordsAccepted());
    }

    @Test
    void peerIgnoringTheWindowIsReset() {
        SyncFeed a = new SyncFeed("a", "public");
        SyncSession s = responder();
        peerSends(new SyncMessage.Hello(1, "public", List.of()));
        executor.runAll();
        for (int i = 0; i <= SyncLimits.MAX_PENDING_BATCHES; i++) {
            peerSends(new SyncMessage.Batch(i, a.next(1)));
        }
        assertTrue(stream.reset);
        assertTrue(s.result().isCompletedExceptionally());
    }

    @Test
    void helloForAnotherSwarmIsResetWithNothingSent() {
        store.ingestBatch(new SyncFeed("a", "public").next(5));
        SyncSession s = responder();
        peerSends(new SyncMessage.Hello(1, SyncFeed.OTHER_SWARM, List.of()));
        executor.runAll();
        assertTrue(stream.reset);
        assertTrue(stream.sent.isEmpty());
        assertTrue(s.result().isCompletedExceptionally());
    }

    @Test
    void outOfTurnMessagesAreReset() {
        for (SyncMessage m : List.of(new SyncMessage.Done(), new SyncMessage.Ack(0),
                new SyncMessage.Batch(0, List.of(new byte[] {1})))) {
            FakeStream fresh = new FakeStream();
            SyncSession s = new SyncSession(new SyncSession.Context(store, "public", executor, Clock.systemUTC(),
                    List.of()), PEER, false);
            s.start(fresh);
            fresh.reader.onData(fresh, ByteBuffer.wrap(SyncCodec.frame(m)));
            assertTrue(fresh.reset, m.toString());
        }
    }

    @Test
    void anotherSwarmsRecordsAreNeverStored() {
        SyncSession s = responder();
        peerSends(new SyncMessage.Hello(1, "public", List.of()));
        executor.runAll();
        List<byte[]> mixed = new ArrayList<>(new SyncFeed("a", "public").next(3));
        mixed.addAll(new SyncFeed("o", SyncFeed.OTHER_SWARM).next(1));
        peerSends(new SyncMessage.Batch(0, mixed));
        executor.runAll();
        assertTrue(stream.reset);
        assertTrue(store.feeds("public").isEmpty());
        assertTrue(store.feeds(SyncFeed.OTHER_SWARM).isEmpty());
        assertTrue(s.result().isCompletedExceptionally());
    }

    /** Runs submitted tasks only when told. */
    static final class ManualExecutor implements Executor {
        final Deque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            while (true) {
                Runnable r;
                synchronized (this) {
                    r = tasks.poll();
                }
                if (r == null) {
                    return;
                }
                r.run();
            }
        }
    }

    /** Records what the session writes, decoded. */
    static final class FakeStream implements Stream {
        final List<SyncMessage> sent = new ArrayList<>();
        final SyncFrameReader frames = new SyncFrameReader(b -> sent.add(SyncCodec.decode(b)));
        StreamReader reader;
        boolean closedWrite;
        boolean reset;
        long bytesWritten;

        List<SyncMessage.Batch> batches() {
            return sent.stream().filter(m -> m instanceof SyncMessage.Batch).map(m -> (SyncMessage.Batch) m).toList();
        }

        List<Long> acks() {
            return sent.stream().filter(m -> m instanceof SyncMessage.Ack).map(m -> ((SyncMessage.Ack) m).number()).toList();
        }

        @Override
        public PeerId remotePeer() {
            return PEER;
        }

        @Override
        public String protocol() {
            return SyncService.PROTOCOL;
        }

        @Override
        public void read(StreamReader r) {
            reader = r;
        }

        @Override
        public synchronized CompletableFuture<Void> write(byte[] data) {
            bytesWritten += data.length;
            frames.feed(ByteBuffer.wrap(data));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> closeWrite() {
            closedWrite = true;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void reset() {
            reset = true;
        }

        @Override
        public CompletableFuture<Void> closeFuture() {
            return new CompletableFuture<>();
        }
    }
}
