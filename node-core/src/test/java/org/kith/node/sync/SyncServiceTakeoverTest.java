package org.kith.node.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.SqliteRecordStore;
import org.kith.p2p.Host;
import org.kith.p2p.HostEvent;
import org.kith.p2p.ProtocolHandler;
import org.kith.p2p.Stream;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/**
 * Both sides open a sync session at once and the peer's wins: the peer refuses our stream, maybe
 * before its own stream reaches us. Our caller must get the result of the peer's session, not a
 * failure (seen once in SyncIT under load).
 */
class SyncServiceTakeoverTest {

    @TempDir
    Path tmp;
    SqliteRecordStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /** A host whose stream opens the test completes by hand, and whose inbound handler the test calls. */
    static final class FakeHost implements Host {
        final PeerId self;
        final CompletableFuture<Stream> open = new CompletableFuture<>();
        ProtocolHandler handler;

        FakeHost(PeerId self) {
            this.self = self;
        }

        @Override
        public PeerId peerId() {
            return self;
        }

        @Override
        public CompletableFuture<Void> start() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<Multiaddr> listenAddrs() {
            return List.of();
        }

        @Override
        public CompletableFuture<PeerId> dial(Multiaddr addr) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols) {
            return open;
        }

        @Override
        public void setProtocolHandler(String protocol, ProtocolHandler h) {
            handler = h;
        }

        @Override
        public Set<String> protocols() {
            return Set.of();
        }

        @Override
        public Set<PeerId> connectedPeers() {
            return Set.of();
        }

        @Override
        public PeerInfo peerInfo(PeerId peer) {
            return null;
        }

        @Override
        public void addListener(Consumer<HostEvent> listener) {
        }

        @Override
        public CompletableFuture<Long> ping(PeerId peer) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public CompletableFuture<Void> stop() {
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void aRefusedOpenIsTakenOverByThePeersWinningStream() throws Exception {
        // We must lose the tie-break: our peer ID sorts after the peer's.
        PeerId peer = SyncSessionTest.PEER;
        PeerId self = null;
        for (int i = 0; self == null; i++) {
            PeerId candidate = Ed25519KeyPair.fromSeed(SyncFeed.sha256("me-" + i)).peerId();
            if (candidate.toBase58().compareTo(peer.toBase58()) > 0) {
                self = candidate;
            }
        }
        store = SqliteRecordStore.open(tmp.resolve("kith.db"), self, Clock.systemUTC());
        SyncSessionTest.ManualExecutor executor = new SyncSessionTest.ManualExecutor();
        SyncService service = new SyncService(store, "public", executor, Clock.systemUTC());
        FakeHost host = new FakeHost(self);
        service.attach(host);

        CompletableFuture<SyncResult> ours = service.sync(peer);
        host.open.completeExceptionally(new IllegalStateException("channel closed during negotiation"));
        assertFalse(ours.isDone(), "a lost simultaneous open must wait for the peer's stream, not fail");

        // The peer's stream arrives and its session runs to the end.
        SyncSessionTest.FakeStream stream = new SyncSessionTest.FakeStream();
        host.handler.onStream(stream);
        stream.reader.onData(stream, ByteBuffer.wrap(SyncCodec.frame(new SyncMessage.Hello(1, "public", List.of()))));
        executor.runAll();
        stream.reader.onData(stream, ByteBuffer.wrap(SyncCodec.frame(new SyncMessage.Done())));
        executor.runAll();

        SyncResult result = ours.get(10, TimeUnit.SECONDS);
        assertEquals(peer, result.peer());
        assertTrue(result.inbound(), "the result is that of the peer's (inbound) session");
        assertFalse(stream.reset, "the winning stream is not refused");
    }
}
