package org.kith.p2p.yamux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kith.p2p.yamux.YamuxException.Reason;

/** The session against a scripted remote: exact frames in, exact frames out. */
class YamuxRawProtocolTest {

    static {
        Leaks.paranoid();
    }

    private static final int SYN = YamuxFrame.FLAG_SYN;
    private static final int ACK = YamuxFrame.FLAG_ACK;
    private static final int FIN = YamuxFrame.FLAG_FIN;
    private static final int RST = YamuxFrame.FLAG_RST;

    @AfterEach
    void noLeaks() {
        Leaks.assertNone();
    }

    private static Wire.Seen only(List<Wire.Seen> frames) {
        assertEquals(1, frames.size(), frames.toString());
        return frames.get(0);
    }

    private static void assertFrame(Wire.Seen f, YamuxFrame.Type type, int flags, long id, long length) {
        assertEquals(type.code(), f.type(), f.toString());
        assertEquals(flags, f.flags(), f.toString());
        assertEquals(id, f.streamId(), f.toString());
        assertEquals(length, f.length(), f.toString());
    }

    private static Throwable closeCause(YamuxSession session) {
        CompletionException e = assertThrows(CompletionException.class, () -> session.closeFuture().join());
        return e.getCause();
    }

    @Test
    void pingIsAnsweredWithAckAndTheSameValue() {
        try (RawPeer peer = new RawPeer(false)) {
            peer.feed(Wire.ping(SYN, 0xCAFEBABEL));
            assertFrame(only(peer.sent()), YamuxFrame.Type.PING, ACK, 0, 0xCAFEBABEL);
            peer.feed(Wire.ping(SYN, 0), Wire.ping(SYN, 0xFFFF_FFFFL));
            List<Wire.Seen> out = peer.sent();
            assertEquals(2, out.size());
            assertEquals(0xFFFF_FFFFL, out.get(1).length());
            assertTrue(peer.channel.isOpen());
        }
    }

    @Test
    void pingRepliesAreDroppedWhileTheConnectionIsNotWritable() {
        try (RawPeer peer = new RawPeer(false)) {
            peer.channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
            peer.feed(Wire.ping(SYN, 1));
            peer.channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
            assertEquals(List.of(), peer.sent());
            peer.feed(Wire.ping(SYN, 2));
            assertFrame(only(peer.sent()), YamuxFrame.Type.PING, ACK, 0, 2);
        }
    }

    @Test
    void unsolicitedPingReplyIsIgnored() {
        try (RawPeer peer = new RawPeer(false)) {
            peer.feed(Wire.ping(ACK, 77));
            assertEquals(List.of(), peer.sent());
            assertTrue(peer.channel.isOpen());
        }
    }

    @Test
    void autoTuningSessionProbesRttAtStart() {
        try (RawPeer peer = new RawPeer(true, YamuxConfig.DEFAULT.withKeepAlive(Duration.ZERO, Duration.ofSeconds(1)))) {
            Wire.Seen probe = only(peer.sent());
            assertFrame(probe, YamuxFrame.Type.PING, SYN, 0, probe.length());
            assertEquals(-1, peer.session.rttNanos());
            peer.clock.advance(Duration.ofMillis(3));
            peer.feed(Wire.ping(ACK, probe.length()));
            assertEquals(3_000_000L, peer.session.rttNanos());
        }
    }

    @Test
    void keepAliveTimeoutClosesTheSession() {
        YamuxConfig cfg = RawPeer.CONFIG.withKeepAlive(Duration.ofSeconds(30), Duration.ofSeconds(10));
        try (RawPeer peer = new RawPeer(true, cfg)) {
            peer.clock.advance(Duration.ofSeconds(29));
            assertEquals(List.of(), peer.sent());
            peer.clock.advance(Duration.ofSeconds(1));
            Wire.Seen ping = only(peer.sent());
            assertFrame(ping, YamuxFrame.Type.PING, SYN, 0, ping.length());
            peer.clock.advance(Duration.ofMillis(9_999));
            assertTrue(peer.channel.isOpen());
            peer.clock.advance(Duration.ofMillis(1));
            assertFrame(only(peer.sent()), YamuxFrame.Type.GO_AWAY, 0, 0, YamuxFrame.GO_AWAY_NORMAL);
            assertFalse(peer.channel.isOpen());
            YamuxException cause = assertInstanceOf(YamuxException.class, closeCause(peer.session));
            assertEquals(Reason.KEEPALIVE_TIMEOUT, cause.reason());
            assertEquals(cause, peer.session.closeCause().orElseThrow());
            assertEquals(0, peer.clock.pendingTasks(), "timers cancelled");
        }
    }

    @Test
    void keepAliveAnsweredSchedulesTheNextPing() {
        YamuxConfig cfg = RawPeer.CONFIG.withKeepAlive(Duration.ofSeconds(30), Duration.ofSeconds(10));
        try (RawPeer peer = new RawPeer(true, cfg)) {
            peer.clock.advance(Duration.ofSeconds(30));
            Wire.Seen ping = only(peer.sent());
            for (int i = 0; i < 3; i++) {
                peer.clock.advance(Duration.ofMillis(250));
                peer.feed(Wire.ping(ACK, ping.length()));
                assertEquals(250_000_000L, peer.session.rttNanos());
                // The next ping is due one interval after the answer, not before.
                peer.clock.advance(Duration.ofMillis(29_999));
                assertEquals(List.of(), peer.sent());
                peer.clock.advance(Duration.ofMillis(1));
                Wire.Seen next = only(peer.sent());
                assertEquals(ping.length() + 1, next.length(), "ping values count up");
                ping = next;
            }
            assertTrue(peer.channel.isOpen());
        }
    }

    @Test
    void keepAliveToleratesARemoteBusySendingOtherFrames() {
        YamuxConfig cfg = RawPeer.CONFIG.withKeepAlive(Duration.ofSeconds(30), Duration.ofSeconds(10));
        try (RawPeer peer = new RawPeer(true, cfg)) {
            peer.clock.advance(Duration.ofSeconds(30));
            only(peer.sent());
            // No pong, but the remote is alive: its reply may sit behind its data.
            peer.feed(Wire.windowUpdate(4, 0, 0));
            peer.clock.advance(Duration.ofSeconds(10));
            assertTrue(peer.channel.isOpen());
            peer.clock.advance(Duration.ofSeconds(30));
            assertEquals(YamuxFrame.Type.PING.code(), only(peer.sent()).type(), "next keepalive ping");
            peer.clock.advance(Duration.ofSeconds(10));
            assertFalse(peer.channel.isOpen(), "silent this time");
        }
    }

    @Test
    void outboundStreamOpensWithSynAndSendsDataBeforeAck() {
        try (RawPeer peer = new RawPeer(true)) {
            Recorder r = new Recorder();
            YamuxStream s = peer.session.openStream(r).join();
            s.writeAndFlush(Unpooled.copiedBuffer("req", UTF_8));
            List<Wire.Seen> out = peer.sent();
            assertEquals(2, out.size());
            assertFrame(out.get(0), YamuxFrame.Type.WINDOW_UPDATE, SYN, 1, 0);
            assertFrame(out.get(1), YamuxFrame.Type.DATA, 0, 1, 3);
            peer.feed(Wire.data(1, ACK, "resp".getBytes(UTF_8)));
            assertEquals("resp", r.text());
            peer.feed(Wire.windowUpdate(1, FIN, 0));
            assertTrue(r.sawInputShutdown());
            s.close();
            assertFrame(only(peer.sent()), YamuxFrame.Type.WINDOW_UPDATE, FIN, 1, 0);
            assertEquals(0, peer.session.streamCount());
        }
    }

    @Test
    void inboundStreamIsAcknowledgedOnFirstReadAndDataBeforeAckIsDelivered() {
        try (RawPeer peer = new RawPeer(false)) {
            peer.feed(Wire.data(1, SYN, "hello".getBytes(UTF_8)));
            assertEquals("hello", peer.recorder(1).text());
            assertFrame(only(peer.sent()), YamuxFrame.Type.WINDOW_UPDATE, ACK, 1, 0);
        }
    }

    @Test
    void synWithRstOpensNothing() {
        try (RawPeer peer = new RawPeer(false)) {
            peer.feed(Wire.windowUpdate(1, SYN | RST, 0));
            assertEquals(0, peer.session.streamCount());
            assertEquals(List.of(), peer.sent());
            assertTrue(peer.channel.isOpen());
        }
    }

    @Test
    void refusedOutboundStreamFailsPendingWrites() {
        try (RawPeer peer = new RawPeer(true)) {
            Recorder r = new Recorder();
            YamuxStream s = peer.session.openStream(r).join();
            s.config().setAutoRead(false);
            ByteBuf big = Unpooled.wrappedBuffer(new byte[300 * 1024]);
            ChannelFuture write = s.writeAndFlush(big);
            assertFalse(write.isDone(), "beyond the initial window");
            peer.sent();
            peer.feed(Wire.windowUpdate(1, RST, 0));
            assertEquals(new YamuxStream.ResetEvent(true, 0), r.resetEvent());
            assertEquals(Reason.STREAM_RESET, ((YamuxException) write.cause()).reason());
            assertEquals(0, big.refCnt());
            assertFalse(s.isOpen());
            assertEquals(0, peer.session.streamCount());
        }
    }

    @Test
    void rstErrorCodeIsReportedNotAddedToTheWindow() {
        try (RawPeer peer = new RawPeer(false)) {
            peer.feed(Wire.windowUpdate(1, SYN, 0));
            peer.feed(Wire.windowUpdate(1, RST, 42));
            assertEquals(new YamuxStream.ResetEvent(true, 42), peer.recorder(1).resetEvent());
            assertFalse(peer.stream(1).isOpen());
            assertTrue(peer.channel.isOpen());
        }
    }

    @Test
    void rstOnDataFrameDropsItsPayload() {
        try (RawPeer peer = new RawPeer(false)) {
            peer.feed(Wire.windowUpdate(1, SYN, 0));
            peer.feed(Wire.data(1, RST, new byte[] {1, 2, 3}));
            assertEquals(0, peer.recorder(1).received.size());
            assertFalse(peer.stream(1).isOpen());
        }
    }

    @Test
    void framesForUnknownOrClosedStreamsAreDropped() {
        try (RawPeer peer = new RawPeer(false)) {
            ByteBuf data = Wire.data(7, 0, new byte[1000]);
            peer.feed(data);
            assertEquals(0, data.refCnt());
            peer.feed(Wire.windowUpdate(9, 0, 100), Wire.windowUpdate(11, FIN | ACK, 0), Wire.windowUpdate(13, RST, 2));
            // A stream that we reset: its FIN/ACK racing our RST is normal (jvm-libp2p PR #292).
            peer.feed(Wire.windowUpdate(1, SYN, 0));
            peer.sent();
            peer.stream(1).reset();
            assertFrame(only(peer.sent()), YamuxFrame.Type.WINDOW_UPDATE, RST, 1, 0);
            peer.feed(Wire.windowUpdate(1, ACK | FIN, 0), Wire.data(1, 0, new byte[10]));
            assertEquals(List.of(), peer.sent());
            assertTrue(peer.channel.isOpen());
            assertEquals(0, peer.session.streamCount());
        }
    }

    @Test
    void dataAfterRemoteFinIsDropped() {
        try (RawPeer peer = new RawPeer(false)) {
            peer.feed(Wire.data(1, SYN | FIN, "a".getBytes(UTF_8)));
            peer.feed(Wire.data(1, 0, "b".getBytes(UTF_8)));
            assertEquals("a", peer.recorder(1).text());
            assertTrue(peer.channel.isOpen());
        }
    }

    @Test
    void remoteGoAwayNormalRefusesNewStreamsAndClosesWhenDrained() {
        try (RawPeer peer = new RawPeer(true)) {
            YamuxStream s = peer.session.openStream(new Recorder()).join();
            peer.feed(Wire.windowUpdate(1, ACK, 0), Wire.goAway(0));
            CompletableFuture<YamuxStream> refused = peer.session.openStream(null);
            assertEquals(Reason.REMOTE_GO_AWAY, ((YamuxException) assertThrows(CompletionException.class,
                    refused::join).getCause()).reason());
            assertTrue(s.isOpen());
            assertTrue(peer.channel.isOpen());
            s.shutdownOutput();
            peer.feed(Wire.windowUpdate(1, FIN, 0));
            assertFalse(s.isOpen());
            assertFalse(peer.channel.isOpen());
            assertTrue(peer.session.closeFuture().isDone());
            assertFalse(peer.session.closeFuture().isCompletedExceptionally());
        }
    }

    @Test
    void remoteGoAwayWithErrorEndsTheSessionAtOnce() {
        try (RawPeer peer = new RawPeer(true)) {
            Recorder r = new Recorder();
            YamuxStream s = peer.session.openStream(r).join();
            peer.sent();
            peer.feed(Wire.goAway(YamuxFrame.GO_AWAY_INTERNAL_ERROR));
            assertFalse(s.isOpen());
            assertTrue(r.inactive.isDone());
            assertFalse(peer.channel.isOpen());
            assertEquals(List.of(), peer.sent(), "no GoAway echoed back");
            YamuxException cause = assertInstanceOf(YamuxException.class, closeCause(peer.session));
            assertEquals(Reason.REMOTE_GO_AWAY, cause.reason());
        }
    }

    @Test
    void localGoAwayResetsNewInboundStreams() {
        try (RawPeer peer = new RawPeer(false)) {
            peer.feed(Wire.windowUpdate(1, SYN, 0));
            peer.sent();
            peer.session.goAway();
            assertFrame(only(peer.sent()), YamuxFrame.Type.GO_AWAY, 0, 0, 0);
            peer.feed(Wire.data(3, SYN, new byte[] {1}));
            assertFrame(only(peer.sent()), YamuxFrame.Type.WINDOW_UPDATE, RST, 3, 0);
            assertEquals(1, peer.session.streamCount());
            peer.feed(Wire.data(1, FIN, "bye".getBytes(UTF_8)));
            assertEquals("bye", peer.recorder(1).text());
            assertTrue(peer.channel.isOpen());
            peer.stream(1).shutdownOutput();
            assertFrame(only(peer.sent()), YamuxFrame.Type.WINDOW_UPDATE, FIN, 1, 0);
            assertFalse(peer.channel.isOpen(), "closed once drained");
            assertFalse(peer.session.closeFuture().isCompletedExceptionally());
        }
    }

    @Test
    void tooManyStreamsAwaitingAckRefusesOpen() {
        try (RawPeer peer = new RawPeer(true, RawPeer.CONFIG.withAcceptBacklog(2))) {
            peer.session.openStream(null).join();
            peer.session.openStream(null).join();
            CompletionException e = assertThrows(CompletionException.class, () -> peer.session.openStream(null).join());
            assertEquals(Reason.STREAM_LIMIT, ((YamuxException) e.getCause()).reason());
            peer.feed(Wire.windowUpdate(1, ACK, 0));
            assertEquals(5, peer.session.openStream(null).join().streamId());
        }
    }

    @Test
    void streamIdsRunOutAtTheTopOfTheUnsignedRange() throws Exception {
        try (RawPeer peer = new RawPeer(false)) {
            java.lang.reflect.Field next = YamuxSession.class.getDeclaredField("nextStreamId");
            next.setAccessible(true);
            next.setLong(peer.session, 0xFFFF_FFFEL);
            YamuxStream last = peer.session.openStream(null).join();
            assertEquals(0xFFFF_FFFEL, last.streamId());
            assertFrame(only(peer.sent()), YamuxFrame.Type.WINDOW_UPDATE, SYN, 0xFFFF_FFFEL, 0);
            CompletionException e = assertThrows(CompletionException.class, () -> peer.session.openStream(null).join());
            assertEquals(Reason.STREAM_IDS_EXHAUSTED, ((YamuxException) e.getCause()).reason());
        }
    }

    @Test
    void windowUpdateUnblocksAStalledWriter() {
        try (RawPeer peer = new RawPeer(true)) {
            YamuxStream s = peer.session.openStream(null).join();
            byte[] payload = new byte[256 * 1024 + 100];
            ChannelFuture w = s.writeAndFlush(Unpooled.wrappedBuffer(payload));
            long sent = peer.sent().stream().filter(f -> f.type() == 0).mapToLong(Wire.Seen::length).sum();
            assertEquals(256 * 1024, sent);
            assertFalse(w.isDone());
            peer.feed(Wire.windowUpdate(1, ACK, 60));
            assertEquals(60, peer.sent().stream().filter(f -> f.type() == 0).mapToLong(Wire.Seen::length).sum());
            peer.feed(Wire.windowUpdate(1, 0, 1000));
            assertEquals(40, peer.sent().stream().filter(f -> f.type() == 0).mapToLong(Wire.Seen::length).sum());
            assertTrue(w.isSuccess());
        }
    }

    @Test
    void writesAreSplitIntoFramesOfTheConfiguredSize() {
        try (RawPeer peer = new RawPeer(true, RawPeer.CONFIG.withMaxDataFrameBytes(1024))) {
            YamuxStream s = peer.session.openStream(null).join();
            peer.sent();
            s.writeAndFlush(Unpooled.wrappedBuffer(new byte[2500]));
            List<Long> sizes = peer.sent().stream().map(Wire.Seen::length).toList();
            assertEquals(List.of(1024L, 1024L, 452L), sizes);
        }
    }
}
