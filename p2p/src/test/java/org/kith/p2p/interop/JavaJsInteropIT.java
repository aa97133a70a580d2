package org.kith.p2p.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.p2p.HostEvent;
import org.kith.p2p.Stream;
import org.kith.p2p.host.EchoProtocol;
import org.kith.p2p.host.HostEventRecorder;
import org.kith.p2p.host.HostConfig;
import org.kith.p2p.host.NettyHost;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.pnet.SwarmKey;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/** Kith's Java host against js-libp2p, in both directions, on 127.0.0.1 only. */
class JavaJsInteropIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MIB = 1 << 20;

    private final List<NettyHost> hosts = new ArrayList<>();
    private final HostEventRecorder events = new HostEventRecorder();

    private NettyHost javaHost(SwarmKey key) throws Exception {
        NettyHost h = new NettyHost(HostConfig.of(Ed25519KeyPair.generate(new SecureRandom()),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), key, "kith-interop/1"));
        h.setProtocolHandler(EchoProtocol.ID, EchoProtocol.server());
        h.addListener(events);
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

    private HostEvent.Identified awaitIdentified(PeerId peer) throws InterruptedException {
        return events.await(HostEvent.Identified.class, peer, WAIT);
    }

    @Test
    void jsDialsJavaIdentifyPingAndEchoBothWays() throws Exception {
        NettyHost java = javaHost(null);
        try (JsPeer js = JsPeer.start(JsPeer.options().name("js-dialer").listenLoopback())) {
            JsMessage dial = js.command("dial", Map.of("addr", java.listenAddrs().get(0).toString()));
            assertEquals(java.peerId().toBase58(), dial.str("peerId"));
            assertEquals("/yamux/1.0.0", dial.str("multiplexer"));
            PeerId jsPeer = PeerId.parse(js.peerId());

            HostEvent.Identified seenByJava = awaitIdentified(jsPeer);
            assertTrue(seenByJava.protocols().contains("/kith/echo/1.0.0"), seenByJava.protocols().toString());
            JsMessage identify = js.command("identify", Map.of("peer", java.peerId().toBase58()));
            assertTrue(identify.strings("protocols").containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0",
                    EchoProtocol.ID)), identify.toString());
            assertEquals("kith-interop/1", identify.str("agentVersion"));

            assertTrue(js.command("ping", Map.of("peer", java.peerId().toBase58())).num("rtt") >= 0);
            assertTrue(java.ping(jsPeer).get(10, TimeUnit.SECONDS) > 0);

            JsMessage echo = js.command("echo", Map.of("peer", java.peerId().toBase58(), "bytes", 10 * MIB,
                    "chunk", 65536), WAIT);
            assertTrue(echo.bool("ok"), echo.toString());

            byte[] data = new byte[10 * MIB];
            new Random(7).nextBytes(data);
            Stream stream = java.newStream(jsPeer, List.of(EchoProtocol.ID)).get(10, TimeUnit.SECONDS);
            // js-libp2p streams buffer at most 4 MiB unread; pace the writer to 1 MiB in flight.
            byte[] echoed = EchoProtocol.roundTrip(stream, data, 64 * 1024, MIB).get(60, TimeUnit.SECONDS);
            assertArrayEquals(data, echoed, () -> "js said: " + js.events() + "\n" + js.stderr());
        }
    }

    @Test
    void javaDialsJsWithAHundredConcurrentStreams() throws Exception {
        NettyHost java = javaHost(null);
        try (JsPeer js = JsPeer.start(JsPeer.options().name("js-listener").listenLoopback())) {
            PeerId jsPeer = java.dial(Multiaddr.parse(js.addr())).get(10, TimeUnit.SECONDS);
            assertEquals(js.peerId(), jsPeer.toBase58());
            HostEvent.Identified identified = awaitIdentified(jsPeer);
            assertTrue(identified.protocols().contains(EchoProtocol.ID), identified.protocols().toString());
            js.awaitEvent("identify", m -> java.peerId().toBase58().equals(m.str("peerId")), WAIT);

            List<CompletableFuture<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                byte[] data = new byte[20_000 + i];
                new Random(i).nextBytes(data);
                results.add(java.newStream(jsPeer, List.of(EchoProtocol.ID))
                        .thenCompose(s -> EchoProtocol.roundTrip(s, data, 8192))
                        .thenApply(echo -> Arrays.equals(data, echo)));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (CompletableFuture<Boolean> r : results) {
                assertTrue(r.get());
            }
            assertTrue(java.ping(jsPeer).get(10, TimeUnit.SECONDS) > 0);

            JsMessage parallel = js.command("echoParallel", Map.of("peer", java.peerId().toBase58(), "streams", 100,
                    "bytes", 20_000), WAIT);
            assertTrue(parallel.bool("ok"), "js opening 100 concurrent streams to Java: " + parallel);
        }
    }

    @Test
    void withoutEarlyMuxerNegotiationYamuxIsChosenByMultistream() throws Exception {
        NettyHost java = javaHost(null);
        try (JsPeer js = JsPeer.start(JsPeer.options().name("js-late-muxer").listenLoopback().muxerEarly(false))) {
            PeerId jsPeer = java.dial(Multiaddr.parse(js.addr())).get(10, TimeUnit.SECONDS);
            awaitIdentified(jsPeer);
            assertTrue(js.command("ping", Map.of("peer", java.peerId().toBase58())).num("rtt") >= 0);
        }
    }

    @Test
    void privateNetworkWithJs(@TempDir Path dir) throws Exception {
        SwarmKey key = SwarmKey.generate(new SecureRandom());
        Path keyFile = dir.resolve("swarm.key");
        Files.write(keyFile, key.toFileBytes());
        Path otherFile = dir.resolve("other.key");
        Files.write(otherFile, SwarmKey.generate(new SecureRandom()).toFileBytes());

        NettyHost java = javaHost(key);
        try (JsPeer same = JsPeer.start(JsPeer.options().name("js-same-key").listenLoopback().swarmKey(keyFile));
             JsPeer other = JsPeer.start(JsPeer.options().name("js-other-key").listenLoopback().swarmKey(otherFile));
             JsPeer open = JsPeer.start(JsPeer.options().name("js-open").listenLoopback())) {
            PeerId samePeer = java.dial(Multiaddr.parse(same.addr())).get(10, TimeUnit.SECONDS);
            assertTrue(java.ping(samePeer).get(10, TimeUnit.SECONDS) > 0);
            assertTrue(same.command("echo", Map.of("peer", java.peerId().toBase58(), "bytes", 256 * 1024)).bool("ok"));

            assertThrows(ExecutionException.class, () -> java.dial(Multiaddr.parse(other.addr())).get(30, TimeUnit.SECONDS));
            assertThrows(ExecutionException.class, () -> java.dial(Multiaddr.parse(open.addr())).get(30, TimeUnit.SECONDS));
            JsMessage fromOther = other.tryCommand("dial", Map.of("addr", java.listenAddrs().get(0).toString(),
                    "timeoutMs", 10_000), WAIT);
            assertTrue(fromOther.has("error"), fromOther.toString());
            JsMessage fromOpen = open.tryCommand("dial", Map.of("addr", java.listenAddrs().get(0).toString(),
                    "timeoutMs", 10_000), WAIT);
            assertTrue(fromOpen.has("error"), fromOpen.toString());
            assertTrue(other.isAlive() && open.isAlive(), "js peers survive failed private-network dials");
            assertEquals(Set.of(samePeer), java.connectedPeers());
        }
    }

    @Test
    void connectionSurvivesFortySecondsIdle() throws Exception {
        NettyHost java = javaHost(null);
        try (JsPeer js = JsPeer.start(JsPeer.options().name("js-idle").listenLoopback())) {
            PeerId jsPeer = java.dial(Multiaddr.parse(js.addr())).get(10, TimeUnit.SECONDS);
            awaitIdentified(jsPeer);
            // Idle on purpose: for 42 s nothing but keepalives crosses; the connection must not drop.
            assertTrue(events.within(Duration.ofSeconds(42), HostEvent.Disconnected.class, e -> true).isEmpty(),
                    () -> "connection dropped while idle; js said " + js.events() + "\n" + js.stderr());
            assertTrue(java.connectedPeers().contains(jsPeer));
            assertTrue(java.ping(jsPeer).get(10, TimeUnit.SECONDS) > 0);
            assertTrue(js.command("ping", Map.of("peer", java.peerId().toBase58())).num("rtt") >= 0);
        }
    }
}
