package org.kith.p2p.yamux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kith.p2p.yamux.YamuxException.Reason;
import org.kith.p2p.yamux.YamuxException.Violation;

/**
 * Protocol violations by the remote: each must end in GoAway(protocol error), a closed
 * connection, a close future failed with the right {@link Violation}, no exception at Netty's
 * pipeline tail, and no leaked buffer. The malformed inputs live as annotated hex files under
 * {@code src/test/resources/yamux/malformed/} and are replayed whole, one byte at a time, and in
 * odd-sized chunks.
 */
class YamuxViolationTest {

    static {
        Leaks.paranoid();
    }

    /** Default windows (so the hard frame limit is 16 MiB), keepalive off. */
    static final YamuxConfig REPLAY_CONFIG =
            YamuxConfig.DEFAULT.withKeepAlive(java.time.Duration.ZERO, java.time.Duration.ofSeconds(1));

    @AfterEach
    void noLeaks() {
        Leaks.assertNone();
    }

    /** One malformed-input file: which side the session plays, what it must detect, the bytes. */
    record Case(String name, boolean sessionIsClient, boolean autoRead, Violation expected, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> malformedFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(YamuxViolationTest.class.getResource("/yamux/malformed").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = files.filter(f -> f.toString().endsWith(".txt")).sorted().toList();
            assertTrue(sorted.size() >= 15, "malformed corpus present");
            return sorted.stream().map(YamuxViolationTest::parse);
        }
    }

    static Case parse(Path file) {
        try {
            Boolean client = null;
            boolean autoRead = true;
            Violation expected = null;
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (String raw : Files.readAllLines(file, UTF_8)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("session:")) {
                    client = switch (line.substring(8).strip()) {
                        case "client" -> true;
                        case "server" -> false;
                        default -> throw new IllegalArgumentException(file + ": " + line);
                    };
                } else if (line.startsWith("autoread:")) {
                    autoRead = Boolean.parseBoolean(line.substring(9).strip());
                } else if (line.startsWith("expect:")) {
                    expected = Violation.valueOf(line.substring(7).strip());
                } else if (line.startsWith("zeros ")) {
                    bytes.writeBytes(new byte[Integer.parseInt(line.substring(6).strip())]);
                } else {
                    bytes.writeBytes(HexFormat.of().parseHex(line.replace(" ", "")));
                }
            }
            if (client == null || expected == null) {
                throw new IllegalArgumentException(file + ": needs session: and expect:");
            }
            return new Case(file.getFileName().toString(), client, autoRead, expected, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteBuf pooled(byte[] bytes, int from, int length) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(length);
        buf.writeBytes(bytes, from, length);
        return buf;
    }

    private static void replay(Case c, int chunkBytes) {
        try (RawPeer peer = new RawPeer(c.sessionIsClient(), REPLAY_CONFIG,
                s -> s.config().setAutoRead(c.autoRead()))) {
            for (int at = 0; at < c.bytes().length; at += chunkBytes) {
                peer.feed(pooled(c.bytes(), at, Math.min(chunkBytes, c.bytes().length - at)));
            }
            assertViolation(peer, c.expected());
        }
    }

    static void assertViolation(RawPeer peer, Violation expected) {
        List<Wire.Seen> sent = peer.sent();
        assertFalse(sent.isEmpty());
        Wire.Seen last = sent.get(sent.size() - 1);
        assertTrue(last.is(YamuxFrame.Type.GO_AWAY), sent.toString());
        assertEquals(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, last.length());
        assertEquals(1, sent.stream().filter(f -> f.is(YamuxFrame.Type.GO_AWAY)).count());
        assertFalse(peer.channel.isOpen());
        CompletionException e = assertThrows(CompletionException.class, () -> peer.session.closeFuture().join());
        YamuxException cause = assertInstanceOf(YamuxException.class, e.getCause());
        assertEquals(Reason.PROTOCOL_VIOLATION, cause.reason());
        assertEquals(expected, cause.violation(), cause.getMessage());
        assertTrue(peer.inbound.keySet().stream().noneMatch(YamuxStream::isOpen));
        assertEquals(0, peer.session.streamCount());
        peer.channel.checkException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFiles")
    void malformedInputWhole(Case c) {
        replay(c, Integer.MAX_VALUE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFiles")
    void malformedInputOneByteAtATime(Case c) {
        replay(c, c.bytes().length <= 4096 ? 1 : 4093);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFiles")
    void malformedInputInOddChunks(Case c) {
        replay(c, 7);
    }

    @Test
    void violationClosesOpenStreamsAndFailsTheirPendingWrites() {
        try (RawPeer peer = new RawPeer(false)) {
            peer.feed(Wire.windowUpdate(1, YamuxFrame.FLAG_SYN, 0));
            YamuxStream s = peer.stream(1);
            ByteBuf big = Unpooled.wrappedBuffer(new byte[300 * 1024]);
            ChannelFuture write = s.writeAndFlush(big);
            assertFalse(write.isDone());
            peer.feed(Wire.windowUpdate(2, YamuxFrame.FLAG_SYN, 0));
            assertViolation(peer, Violation.WRONG_STREAM_PARITY);
            YamuxException cause = assertInstanceOf(YamuxException.class, write.cause());
            assertEquals(Violation.WRONG_STREAM_PARITY, cause.violation());
            assertEquals(0, big.refCnt());
            assertTrue(peer.recorder(1).inactive.isDone());
        }
    }

    @Test
    void inputAfterAViolationIsDiscarded() {
        try (RawPeer peer = new RawPeer(false)) {
            ByteBuf bad = Wire.header(9, 0, 0, 1, 0);
            ByteBuf after = Wire.data(1, YamuxFrame.FLAG_SYN, new byte[] {1});
            peer.channel.writeInbound(Unpooled.wrappedBuffer(bad, after));
            assertViolation(peer, Violation.BAD_VERSION);
            assertEquals(0, peer.inbound.size());
        }
    }

    @Test
    void overrunOfAGrownWindowIsCaught() {
        YamuxConfig big = RawPeer.CONFIG.withWindows(1024 * 1024, 1024 * 1024);
        try (RawPeer peer = new RawPeer(false, big, s -> s.config().setAutoRead(false))) {
            peer.feed(Wire.windowUpdate(1, YamuxFrame.FLAG_SYN, 0));
            peer.stream(1).writeAndFlush(Unpooled.copiedBuffer("ack", UTF_8));
            Wire.Seen ack = peer.sent().get(0);
            assertEquals(768 * 1024, ack.length(), "granted with the ACK");
            peer.feed(Wire.data(1, 0, new byte[1024 * 1024]));
            assertTrue(peer.channel.isOpen(), "exactly the window is fine");
            peer.feed(Wire.data(1, 0, new byte[1]));
            assertViolation(peer, Violation.WINDOW_EXCEEDED);
        }
    }

    @Test
    void overrunOnAStreamWeClosedIsStillCaught() {
        try (RawPeer peer = new RawPeer(false, RawPeer.CONFIG, s -> s.config().setAutoRead(false))) {
            peer.feed(Wire.data(1, YamuxFrame.FLAG_SYN, new byte[200 * 1024]));
            peer.stream(1).close();
            peer.feed(Wire.header(0, 0, 0, 1, 100 * 1024));
            assertViolation(peer, Violation.WINDOW_EXCEEDED);
        }
    }
}
