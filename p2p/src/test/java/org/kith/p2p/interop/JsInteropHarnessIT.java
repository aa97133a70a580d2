package org.kith.p2p.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kith.p2p.interop.JsMessage;
import org.kith.p2p.pnet.SwarmKey;

/**
 * Proves the js-libp2p harness itself (js ↔ js), so later Java ↔ js tests can trust it: dial,
 * echo, ping, identify, hang-up, deterministic identities, the Noise early-muxer switch, and pnet
 * with matching and mismatching keys (written by Java's {@link SwarmKey}).
 */
class JsInteropHarnessIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MIB = 1 << 20;

    private static JsPeer listener(String name) throws Exception {
        return JsPeer.start(JsPeer.options().name(name).listenLoopback());
    }

    private static Map<String, Object> peer(JsPeer p) {
        return Map.of("peer", p.peerId());
    }

    @Test
    void dialEchoPingIdentifyAndHangUp() throws Exception {
        try (JsPeer a = listener("a"); JsPeer b = JsPeer.start(JsPeer.options().name("b"))) {
            assertTrue(a.addr().startsWith("/ip4/127.0.0.1/tcp/"), a.addr());
            assertTrue(a.addr().endsWith("/p2p/" + a.peerId()), a.addr());
            assertEquals(List.of(), b.addrs());

            JsMessage dial = b.command("dial", Map.of("addr", a.addr()));
            assertEquals(a.peerId(), dial.str("peerId"));
            assertEquals("/noise", dial.str("encryption"));
            assertEquals("/yamux/1.0.0", dial.str("multiplexer"));
            a.awaitEvent("connection:open", m -> b.peerId().equals(m.str("peerId")) && "inbound".equals(m.str("direction")), WAIT);

            JsMessage echo = b.command("echo", Map.of("peer", a.peerId(), "bytes", MIB, "chunk", 65536));
            assertTrue(echo.bool("ok"), echo.toString());
            assertEquals(MIB, echo.num("bytes"));
            a.awaitEvent("echo:served", m -> m.num("bytes") == MIB, WAIT);

            JsMessage parallel = b.command("echoParallel", Map.of("peer", a.peerId(), "streams", 8, "bytes", 256 * 1024));
            assertTrue(parallel.bool("ok"), parallel.toString());
            assertEquals(8L * 256 * 1024, parallel.num("bytes"));

            JsMessage ping = b.command("ping", peer(a));
            assertTrue(ping.num("rtt") >= 0, ping.toString());

            JsMessage identify = b.command("identify", peer(a));
            assertEquals(a.peerId(), identify.str("peerId"));
            List<String> protocols = identify.strings("protocols");
            assertTrue(protocols.containsAll(List.of("/kith/echo/1.0.0", "/ipfs/ping/1.0.0", "/ipfs/id/1.0.0")), protocols.toString());
            assertTrue(identify.strings("listenAddrs").stream().allMatch(s -> s.startsWith("/ip4/127.")), identify.toString());
            JsMessage event = b.awaitEvent("identify", m -> a.peerId().equals(m.str("peerId")), WAIT);
            assertTrue(event.strings("protocols").contains("/kith/echo/1.0.0"));
            assertTrue(event.str("agentVersion").startsWith("js-libp2p/"), event.toString());

            b.command("hangup", peer(a));
            b.awaitEvent("connection:close", m -> a.peerId().equals(m.str("peerId")), WAIT);
            a.awaitEvent("connection:close", m -> b.peerId().equals(m.str("peerId")), WAIT);
        }
    }

    @Test
    void javaReproducesTheSeededTestData() throws Exception {
        Path dir = NodeRuntime.interopDir();
        String script = "import('./lib/protocols.mjs').then(({ seededBytes }) => "
                + "process.stdout.write(Buffer.from(seededBytes(process.argv[1], 100000)).toString('hex')))";
        for (String seed : List.of("1", "sink", "7/3")) {
            Process p = new ProcessBuilder(NodeRuntime.node().toString(), "-e", script, seed)
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String hex = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, hex);
            assertEquals(HexFormat.of().formatHex(JsPeer.seededBytes(seed, 100000)), hex, "seed " + seed);
        }
    }

    @Test
    void aSeedGivesTheKnownPeerId() throws Exception {
        byte[] seed = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        try (JsPeer p = JsPeer.start(JsPeer.options().name("seeded").seed(seed).listenLoopback())) {
            assertEquals("12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB", p.peerId());
        }
    }

    @Test
    void withoutTheEarlyMuxerTheMuxerIsNegotiatedAndWorks() throws Exception {
        try (JsPeer a = listener("a"); JsPeer b = JsPeer.start(JsPeer.options().name("b-no-early").muxerEarly(false))) {
            JsMessage dial = b.command("dial", Map.of("addr", a.addr()));
            assertEquals("/yamux/1.0.0", dial.str("multiplexer"));
            assertTrue(b.command("echo", Map.of("peer", a.peerId(), "bytes", 100_000)).bool("ok"));
        }
    }

    @Test
    void pnetPeersWithTheSameKeyConnect(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("swarm.key");
        Files.write(key, SwarmKey.generate(new SecureRandom()).toFileBytes());
        try (JsPeer a = JsPeer.start(JsPeer.options().name("pnet-a").listenLoopback().swarmKey(key));
             JsPeer b = JsPeer.start(JsPeer.options().name("pnet-b").swarmKey(key))) {
            assertEquals(a.peerId(), b.command("dial", Map.of("addr", a.addr())).str("peerId"));
            assertTrue(b.command("echo", Map.of("peer", a.peerId(), "bytes", 256 * 1024)).bool("ok"));
            assertTrue(b.command("ping", peer(a)).num("rtt") >= 0);
        }
    }

    @Test
    void pnetPeersWithDifferentKeysFailToDialCleanly(@TempDir Path dir) throws Exception {
        Path keyA = dir.resolve("a.key");
        Path keyB = dir.resolve("b.key");
        Files.write(keyA, SwarmKey.generate(new SecureRandom()).toFileBytes());
        Files.write(keyB, SwarmKey.generate(new SecureRandom()).toFileBytes());
        try (JsPeer a = JsPeer.start(JsPeer.options().name("pnet-a").listenLoopback().swarmKey(keyA));
             JsPeer b = JsPeer.start(JsPeer.options().name("pnet-b").swarmKey(keyB))) {
            assertDialFails(a, b);
        }
    }

    @Test
    void pnetOnOneSideOnlyFailsToDial(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("swarm.key");
        Files.write(key, SwarmKey.generate(new SecureRandom()).toFileBytes());
        try (JsPeer a = JsPeer.start(JsPeer.options().name("pnet-a").listenLoopback().swarmKey(key));
             JsPeer b = JsPeer.start(JsPeer.options().name("open-b"))) {
            assertDialFails(a, b);
        }
    }

    private static void assertDialFails(JsPeer a, JsPeer b) throws Exception {
        JsMessage dial = b.tryCommand("dial", Map.of("addr", a.addr(), "timeoutMs", 10_000), WAIT);
        assertTrue(dial.has("error"), "dial should fail: " + dial);
        assertTrue(a.isAlive() && b.isAlive(), "both peers survive a failed pnet dial");
        assertFalse(a.events().stream().anyMatch(m -> m.is("connection:open")), a.events().toString());
        assertFalse(b.events().stream().anyMatch(m -> m.is("connection:open")), b.events().toString());
        // Still usable afterwards.
        assertEquals(List.of(), b.command("connections", Map.of()).list("connections"));
    }

    @Test
    void badCommandsGetErrorRepliesAndThePeerCarriesOn() throws Exception {
        try (JsPeer p = JsPeer.start(JsPeer.options().name("p"))) {
            assertTrue(p.tryCommand("nonsense", Map.of(), WAIT).str("error").contains("unknown command"));
            assertTrue(p.tryCommand("echo", Map.of("bytes", 10), WAIT).has("error"));
            assertTrue(p.tryCommand("dial", Map.of("addr", "/not/a/multiaddr"), WAIT).has("error"));
            JsPeerException e = assertThrows(JsPeerException.class, () -> p.command("ping", Map.of("peer", "nope")));
            assertTrue(e.getMessage().contains("ping failed"), e.getMessage());
            assertEquals(List.of(), p.command("connections", Map.of()).list("connections"));
        }
    }

    @Test
    void refusesToListenOutsideLoopback() {
        JsPeerException e = assertThrows(JsPeerException.class,
                () -> JsPeer.start(JsPeer.options().name("lan").listen("/ip4/192.0.2.1/tcp/0")));
        assertTrue(e.getMessage().contains("only loopback"), e.getMessage());
    }

    @Test
    void refusesToDialOutsideLoopback() throws Exception {
        try (JsPeer p = JsPeer.start(JsPeer.options().name("p"))) {
            // 192.0.2.0/24 is TEST-NET-1; the gater refuses it before any packet is sent.
            JsMessage dial = p.tryCommand("dial", Map.of("addr", "/ip4/192.0.2.1/tcp/4001"), WAIT);
            assertEquals("DialDeniedError", dial.str("name"), dial.toString());
        }
    }
}
