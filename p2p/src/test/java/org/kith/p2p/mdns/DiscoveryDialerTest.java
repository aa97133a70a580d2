package org.kith.p2p.mdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.kith.p2p.Host;
import org.kith.p2p.HostEvent;
import org.kith.p2p.ProtocolHandler;
import org.kith.p2p.Stream;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.PeerId;

class DiscoveryDialerTest {

    private static final PeerId SELF = MdnsMessagesTest.key(9).peerId();
    private static final PeerId PEER = MdnsMessagesTest.key(1).peerId();
    private static final Duration BASE = Duration.ofSeconds(10);
    private static final Duration MAX = Duration.ofSeconds(60);

    private final AtomicLong now = new AtomicLong(1_000);
    private final FakeHost host = new FakeHost();
    private final DiscoveryDialer dialer = new DiscoveryDialer(host, now::get, BASE, MAX);

    private static DiscoveredPeer found(PeerId peer, String... ports) {
        List<Multiaddr> addrs = new ArrayList<>();
        for (String p : ports) {
            addrs.add(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + p + "/p2p/" + peer));
        }
        return new DiscoveredPeer(peer, addrs);
    }

    @Test
    void dialsADiscoveredPeerOnceWhileTheDialRunsAndNotWhenConnected() {
        dialer.accept(found(PEER, "1"));
        dialer.accept(found(PEER, "1"));
        assertEquals(1, host.dials.size(), "no second dial while the first is in flight");
        host.dials.get(0).future.complete(PEER);
        host.connected.add(PEER);
        dialer.accept(found(PEER, "1"));
        assertEquals(1, host.dials.size(), "connected peers are skipped");
    }

    @Test
    void skipsItself() {
        dialer.accept(found(SELF, "1"));
        assertTrue(host.dials.isEmpty());
    }

    @Test
    void triesTheAddressesInOrderUntilOneConnects() {
        dialer.accept(found(PEER, "1", "2", "3"));
        host.dials.get(0).future.completeExceptionally(new IOException("refused"));
        host.dials.get(1).future.complete(PEER);
        assertEquals(List.of("1", "2"), host.dials.stream().map(d -> d.port()).toList());
        assertFalse(dialer.inBackoff(PEER));
    }

    @Test
    void backsOffExponentiallyCappedAndRedialsWhenReannouncedAfterwards() {
        long[] expectedBackoffSeconds = {10, 20, 40, 60, 60};
        for (long backoff : expectedBackoffSeconds) {
            int before = host.dials.size();
            dialer.accept(found(PEER, "1"));
            assertEquals(before + 1, host.dials.size());
            host.dials.get(before).future.completeExceptionally(new IOException("refused"));
            assertTrue(dialer.inBackoff(PEER));
            now.addAndGet(Duration.ofSeconds(backoff).toNanos() - 1);
            dialer.accept(found(PEER, "1"));
            assertEquals(before + 1, host.dials.size(), "still in backoff one nanosecond before " + backoff + " s");
            now.addAndGet(1);
        }
    }

    @Test
    void successForgetsEarlierFailures() {
        dialer.accept(found(PEER, "1"));
        host.dials.get(0).future.completeExceptionally(new IOException("refused"));
        now.addAndGet(BASE.toNanos());
        dialer.accept(found(PEER, "1"));
        host.dials.get(1).future.complete(PEER);
        // Connection lost later; the next failure starts again at the base backoff.
        dialer.accept(found(PEER, "1"));
        host.dials.get(2).future.completeExceptionally(new IOException("refused"));
        now.addAndGet(BASE.toNanos());
        dialer.accept(found(PEER, "1"));
        assertEquals(4, host.dials.size());
    }

    @Test
    void aDialThatThrowsCountsAsAFailure() {
        host.throwOnDial = true;
        dialer.accept(found(PEER, "1"));
        assertTrue(dialer.inBackoff(PEER));
    }

    private record Dial(Multiaddr addr, CompletableFuture<PeerId> future) {
        String port() {
            return addr.components().get(1).value();
        }
    }

    private static final class FakeHost implements Host {
        final List<Dial> dials = new ArrayList<>();
        final Set<PeerId> connected = new HashSet<>();
        boolean throwOnDial;

        @Override
        public PeerId peerId() {
            return SELF;
        }

        @Override
        public CompletableFuture<PeerId> dial(Multiaddr addr) {
            if (throwOnDial) {
                throw new IllegalStateException("host stopped");
            }
            Dial d = new Dial(addr, new CompletableFuture<>());
            dials.add(d);
            return d.future;
        }

        @Override
        public Set<PeerId> connectedPeers() {
            return Set.copyOf(connected);
        }

        @Override
        public CompletableFuture<Void> start() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Multiaddr> listenAddrs() {
            return List.of();
        }

        @Override
        public CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setProtocolHandler(String protocol, ProtocolHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<String> protocols() {
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
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> stop() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
