package org.kith.p2p.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kith.p2p.HostEvent;
import org.kith.p2p.Stream;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.ping.Ping;
import org.kith.p2p.pnet.SwarmKey;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/** Two Java hosts on 127.0.0.1: the whole stack, end to end. */
class NettyHostIT {

    private static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    private final List<NettyHost> hosts = new ArrayList<>();

    private NettyHost host(int seed, SwarmKey key) throws Exception {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) seed);
        NettyHost h = new NettyHost(HostConfig.of(Ed25519KeyPair.fromSeed(s), List.of(LOOPBACK), key, "kith-test/1"));
        h.setProtocolHandler(EchoProtocol.ID, EchoProtocol.server());
        h.start().get(10, TimeUnit.SECONDS);
        hosts.add(h);
        return h;
    }

    @AfterEach
    void stop() throws Exception {
        for (NettyHost h : hosts) {
            h.stop().get(10, TimeUnit.SECONDS);
        }
    }

    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(10);

    private static HostEventRecorder record(NettyHost h) {
        HostEventRecorder recorder = new HostEventRecorder();
        h.addListener(recorder);
        return recorder;
    }

    @Test
    void twoHostsConnectIdentifyEachOtherAndPing() throws Exception {
        NettyHost a = host(1, null);
        NettyHost b = host(2, null);
        HostEventRecorder aEvents = record(a);
        HostEventRecorder bEvents = record(b);
        assertEquals(a.peerId(), b.dial(a.listenAddrs().get(0)).get(10, TimeUnit.SECONDS));
        HostEvent.Identified aSeenByB = bEvents.await(HostEvent.Identified.class, a.peerId(), WAIT);
        HostEvent.Identified bSeenByA = aEvents.await(HostEvent.Identified.class, b.peerId(), WAIT);
        assertTrue(aSeenByB.protocols().containsAll(List.of(NettyHost.IDENTIFY, Ping.PROTOCOL_ID, EchoProtocol.ID)),
                aSeenByB.protocols().toString());
        assertTrue(bSeenByA.protocols().contains(EchoProtocol.ID));
        assertEquals("kith-test/1", aSeenByB.agentVersion());
        assertEquals(a.listenAddrs().get(0).withoutPeerId().toString(), aSeenByB.listenAddrs().get(0));
        assertTrue(b.ping(a.peerId()).get(10, TimeUnit.SECONDS) > 0);
        assertTrue(a.ping(b.peerId()).get(10, TimeUnit.SECONDS) > 0);
        assertEquals(java.util.Set.of(b.peerId()), a.connectedPeers());
    }

    @Test
    void tenMebibytesEachWayOnOneStreamArriveIntact() throws Exception {
        NettyHost a = host(3, null);
        NettyHost b = host(4, null);
        b.dial(a.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        byte[] data = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(data);
        Stream stream = b.newStream(a.peerId(), List.of(EchoProtocol.ID)).get(10, TimeUnit.SECONDS);
        assertEquals(EchoProtocol.ID, stream.protocol());
        byte[] echoed = EchoProtocol.roundTrip(stream, data, 64 * 1024).get(60, TimeUnit.SECONDS);
        assertArrayEquals(data, echoed);
    }

    /** Reads through the ByteBuffer method only; answers the SHA-256 of everything read. */
    private static final String DIGEST = "/kith/test-digest/1.0.0";

    private static org.kith.p2p.ProtocolHandler digestServer() {
        return stream -> {
            java.security.MessageDigest sha;
            try {
                sha = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            stream.read(new org.kith.p2p.StreamReader() {
                @Override
                public void onData(Stream s, byte[] data) {
                    throw new AssertionError("the stream must use the ByteBuffer method");
                }

                @Override
                public void onData(Stream s, java.nio.ByteBuffer data) {
                    sha.update(data);
                }

                @Override
                public void onEndOfInput(Stream s) {
                    s.write(sha.digest());
                    s.closeWrite();
                }
            });
        };
    }

    @Test
    void aBufferReaderSeesEveryByteOfABurstOfWritesInOrder() throws Exception {
        NettyHost a = host(21, null);
        NettyHost b = host(22, null);
        a.setProtocolHandler(DIGEST, digestServer());
        b.dial(a.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        byte[] data = new byte[24 * 1024 * 1024 + 12345];
        new Random(7).nextBytes(data);
        Stream stream = b.newStream(a.peerId(), List.of(DIGEST)).get(10, TimeUnit.SECONDS);
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        stream.read(new org.kith.p2p.StreamReader() {
            @Override
            public void onData(Stream s, byte[] bytes) {
                got.writeBytes(bytes);
            }

            @Override
            public void onEndOfInput(Stream s) {
                answer.complete(got.toByteArray());
            }
        });
        // Writes of mixed sizes without waiting: they pile up and are coalesced below.
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        Random sizes = new Random(8);
        for (int pos = 0; pos < data.length; ) {
            int n = Math.min(data.length - pos, 1 + sizes.nextInt(200_000));
            writes.add(stream.write(Arrays.copyOfRange(data, pos, pos + n)));
            pos += n;
        }
        stream.closeWrite();
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertArrayEquals(java.security.MessageDigest.getInstance("SHA-256").digest(data),
                answer.get(60, TimeUnit.SECONDS));
    }

    @Test
    void aResetInTheMiddleOfABurstEndsTheStreamAndTheConnectionCarriesOn() throws Exception {
        NettyHost a = host(23, null);
        NettyHost b = host(24, null);
        CompletableFuture<Void> serverSawClose = new CompletableFuture<>();
        a.setProtocolHandler(DIGEST, stream -> stream.read(new org.kith.p2p.StreamReader() {
            @Override
            public void onData(Stream s, byte[] data) {
            }

            @Override
            public void onClosed(Stream s) {
                serverSawClose.complete(null);
            }
        }));
        b.dial(a.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        Stream stream = b.newStream(a.peerId(), List.of(DIGEST)).get(10, TimeUnit.SECONDS);
        byte[] chunk = new byte[64 * 1024];
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            writes.add(stream.write(chunk));
        }
        stream.reset();
        for (CompletableFuture<Void> w : writes) {
            // Each write either went out before the reset or failed with it; none is left hanging.
            try {
                w.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException expected) {
                // failed by the reset
            }
        }
        stream.closeFuture().get(10, TimeUnit.SECONDS);
        serverSawClose.get(10, TimeUnit.SECONDS);
        byte[] data = new byte[300_000];
        new Random(9).nextBytes(data);
        Stream echo = b.newStream(a.peerId(), List.of(EchoProtocol.ID)).get(10, TimeUnit.SECONDS);
        assertArrayEquals(data, EchoProtocol.roundTrip(echo, data, 50_000).get(30, TimeUnit.SECONDS),
                "the connection's framing survived the reset");
    }

    @Test
    void hundredConcurrentStreams() throws Exception {
        NettyHost a = host(5, null);
        NettyHost b = host(6, null);
        b.dial(a.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] data = new byte[10_000 + i];
            new Random(i).nextBytes(data);
            results.add(b.newStream(a.peerId(), List.of(EchoProtocol.ID))
                    .thenCompose(s -> EchoProtocol.roundTrip(s, data, 4096))
                    .thenApply(echo -> Arrays.equals(data, echo)));
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (CompletableFuture<Boolean> r : results) {
            assertTrue(r.get());
        }
    }

    @Test
    void identifyPushTellsConnectedPeersAboutANewProtocol() throws Exception {
        NettyHost a = host(15, null);
        NettyHost b = host(16, null);
        HostEventRecorder bEvents = record(b);
        b.dial(a.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        bEvents.await(HostEvent.Identified.class, a.peerId(), WAIT);
        a.setProtocolHandler("/kith/new/1.0.0", stream -> stream.reset());
        bEvents.within(WAIT, HostEvent.Identified.class,
                e -> e.peer().equals(a.peerId()) && e.protocols().contains("/kith/new/1.0.0"));
        assertTrue(b.peerInfo(a.peerId()).protocols().contains("/kith/new/1.0.0"), b.peerInfo(a.peerId()).toString());
        assertTrue(b.peerInfo(a.peerId()).protocols().contains(NettyHost.IDENTIFY_PUSH));
    }

    @Test
    void stopIsIdempotentAndAStoppedHostRefusesWork() throws Exception {
        NettyHost a = host(1, null);
        NettyHost b = host(2, null);
        b.dial(a.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> first = a.stop();
        first.get(10, TimeUnit.SECONDS);
        // A second stop (e.g. a shutdown hook after an explicit stop) completes at once, not never.
        CompletableFuture<Void> second = a.stop();
        assertTrue(second.isDone(), "the second stop() should be complete already");
        NettyHost c = host(3, null);
        assertTrue(c.dial(a.listenAddrs().get(0)).handle((p, e) -> e != null).get(15, TimeUnit.SECONDS),
                "a stopped host accepts no connections");
    }

    @Test
    void failedDialsBackOffExponentiallyByAddress() throws Exception {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) 17);
        NettyHost b = new NettyHost(HostConfig.of(Ed25519KeyPair.fromSeed(s), List.of(LOOPBACK), null, "t"), now::get);
        b.start().get(10, TimeUnit.SECONDS);
        hosts.add(b);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Multiaddr nobody = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port);
        ExecutionException first = assertThrows(ExecutionException.class, () -> b.dial(nobody).get(10, TimeUnit.SECONDS));
        assertTrue(!first.getCause().getMessage().contains("backoff"), first.getCause().toString());
        ExecutionException second = assertThrows(ExecutionException.class, () -> b.dial(nobody).get(10, TimeUnit.SECONDS));
        assertTrue(second.getCause().getMessage().contains("dial backoff"), second.getCause().toString());
        now.addAndGet(NettyHost.BASE_DIAL_BACKOFF_MILLIS);
        ExecutionException third = assertThrows(ExecutionException.class, () -> b.dial(nobody).get(10, TimeUnit.SECONDS));
        assertTrue(!third.getCause().getMessage().contains("backoff"), "tried again once the backoff passed");
        now.addAndGet(NettyHost.BASE_DIAL_BACKOFF_MILLIS);
        ExecutionException fourth = assertThrows(ExecutionException.class, () -> b.dial(nobody).get(10, TimeUnit.SECONDS));
        assertTrue(fourth.getCause().getMessage().contains("dial backoff"), "the second wait is twice the first");
    }

    @Test
    void connectionsBeyondTheLimitAreRefused() throws Exception {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) 18);
        HostConfig base = HostConfig.of(Ed25519KeyPair.fromSeed(s), List.of(LOOPBACK), null, "t");
        NettyHost limited = new NettyHost(new HostConfig(base.identity(), base.listenAddrs(), null, "t", 1,
                base.dialTimeout(), base.pingInterval(), base.yamux()));
        limited.start().get(10, TimeUnit.SECONDS);
        hosts.add(limited);
        NettyHost first = host(19, null);
        NettyHost second = host(20, null);
        HostEventRecorder limitedEvents = record(limited);
        assertEquals(limited.peerId(), first.dial(limited.listenAddrs().get(0)).get(10, TimeUnit.SECONDS));
        limitedEvents.await(HostEvent.Connected.class, first.peerId(), WAIT);
        assertThrows(ExecutionException.class, () -> second.dial(limited.listenAddrs().get(0)).get(10, TimeUnit.SECONDS));
        assertEquals(java.util.Set.of(first.peerId()), limited.connectedPeers());
        ExecutionException outbound = assertThrows(ExecutionException.class,
                () -> limited.dial(second.listenAddrs().get(0)).get(10, TimeUnit.SECONDS));
        assertTrue(outbound.getCause().getMessage().contains("connection limit"), outbound.getCause().toString());
        assertTrue(first.ping(limited.peerId()).get(10, TimeUnit.SECONDS) > 0, "the allowed connection still works");
    }

    @Test
    void dialingTheWrongPeerIdFails() throws Exception {
        NettyHost a = host(7, null);
        NettyHost b = host(8, null);
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) 99);
        PeerId someoneElse = Ed25519KeyPair.fromSeed(s).peerId();
        Multiaddr wrong = a.listenAddrs().get(0).withoutPeerId().withPeerId(someoneElse);
        ExecutionException e = assertThrows(ExecutionException.class, () -> b.dial(wrong).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("noise"), e.getCause().getMessage());
        assertTrue(b.connectedPeers().isEmpty());
    }

    @Test
    void unsupportedProtocolIsRefused() throws Exception {
        NettyHost a = host(9, null);
        NettyHost b = host(10, null);
        b.dial(a.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        assertThrows(ExecutionException.class,
                () -> b.newStream(a.peerId(), List.of("/nobody/speaks/this")).get(10, TimeUnit.SECONDS));
        assertTrue(b.ping(a.peerId()).get(10, TimeUnit.SECONDS) > 0, "the connection stays usable");
    }

    @Test
    void privateNetworkHostsWithTheSameKeyConnectAndOthersCannot() throws Exception {
        SwarmKey key = SwarmKey.generate(new SecureRandom());
        SwarmKey other = SwarmKey.generate(new SecureRandom());
        NettyHost a = host(11, key);
        NettyHost b = host(12, key);
        NettyHost c = host(13, other);
        NettyHost open = host(14, null);
        assertEquals(a.peerId(), b.dial(a.listenAddrs().get(0)).get(10, TimeUnit.SECONDS));
        assertTrue(b.ping(a.peerId()).get(10, TimeUnit.SECONDS) > 0);
        assertThrows(ExecutionException.class, () -> c.dial(a.listenAddrs().get(0)).get(30, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> open.dial(a.listenAddrs().get(0)).get(30, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> a.dial(open.listenAddrs().get(0)).get(30, TimeUnit.SECONDS));
        assertEquals(java.util.Set.of(b.peerId()), a.connectedPeers());
    }
}
