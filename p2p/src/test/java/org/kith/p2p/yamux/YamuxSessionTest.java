package org.kith.p2p.yamux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelOutputShutdownException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kith.p2p.yamux.YamuxException.Reason;

/** Two sessions talking over linked EmbeddedChannels, with a manual clock. */
class YamuxSessionTest {

    static {
        Leaks.paranoid();
    }

    private static final int KIB = 1024;

    @AfterEach
    void noLeaks() {
        Leaks.assertNone();
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, UTF_8);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void assertNoResets(EmbeddedPair p) {
        assertTrue(p.clientToServer.stream().noneMatch(f -> f.has(YamuxFrame.FLAG_RST)), p.clientToServer.toString());
        assertTrue(p.serverToClient.stream().noneMatch(f -> f.has(YamuxFrame.FLAG_RST)), p.serverToClient.toString());
    }

    @Test
    void opensStreamsBothWaysWithOwnParityAndEchoes() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            p.serverEcho = true;
            p.clientEcho = true;
            Recorder atClient = new Recorder();
            YamuxStream fromClient = p.openFromClient(atClient);
            Recorder atServer = new Recorder();
            YamuxStream fromServer = p.openFromServer(atServer);
            assertEquals(1, fromClient.streamId());
            assertEquals(2, fromServer.streamId());
            assertTrue(fromClient.isOutbound());
            assertTrue(fromClient.isActive());
            assertEquals(p.clientChannel.localAddress(), fromClient.localAddress());
            assertEquals(p.clientChannel.remoteAddress(), fromClient.remoteAddress());
            assertEquals(p.clientChannel, fromClient.parent());
            assertEquals(p.client, fromClient.session());

            fromClient.writeAndFlush(text("hello server"));
            fromServer.writeAndFlush(text("hello client"));
            p.pump();
            assertEquals("hello server", atClient.text());
            assertEquals("hello client", atServer.text());
            assertEquals(2, p.client.streamCount());
            assertEquals(2, p.server.streamCount());

            // SYN opens with a WindowUpdate (as go and js do); the first answer carries ACK.
            Wire.Seen syn = p.c2s(YamuxFrame.Type.WINDOW_UPDATE).get(0);
            assertEquals(YamuxFrame.FLAG_SYN, syn.flags());
            assertEquals(1, syn.streamId());
            assertTrue(p.serverToClient.stream().anyMatch(f -> f.streamId() == 1 && f.has(YamuxFrame.FLAG_ACK)));
            assertTrue(p.clientToServer.stream().anyMatch(f -> f.streamId() == 2 && f.has(YamuxFrame.FLAG_ACK)));
            assertTrue(p.serverToClient.stream().anyMatch(f -> f.streamId() == 2 && f.flags() == YamuxFrame.FLAG_SYN));
            assertNoResets(p);
        }
    }

    @Test
    void inboundInitializerRunsBeforeAnyDataIsDelivered() {
        List<String> order = new ArrayList<>();
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT, YamuxConfig.DEFAULT, s -> { }, s -> {
            order.add("init registered=" + s.isRegistered());
            s.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    order.add("active");
                    ctx.fireChannelActive();
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    order.add("read");
                    ctx.fireChannelRead(msg);
                }
            });
        })) {
            // The client writes as soon as its stream is active: the data follows the SYN
            // before any ACK could have come back.
            p.client.openStream(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    ctx.writeAndFlush(text("early"));
                    ctx.fireChannelActive();
                }
            });
            p.pump();
            assertEquals(List.of("init registered=false", "active", "read"), order);
            assertEquals("early", p.serverInbound.values().iterator().next().text());
            List<Wire.Seen> first = p.clientToServer.stream().filter(f -> f.streamId() == 1).toList();
            assertEquals(YamuxFrame.FLAG_SYN, first.get(0).flags());
            assertTrue(first.get(1).is(YamuxFrame.Type.DATA));
        }
    }

    @Test
    void halfCloseLetsTheOtherSideKeepWriting() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            Recorder atClient = new Recorder();
            YamuxStream c = p.openFromClient(atClient);
            c.write(text("request"));
            ChannelFuture fin = c.shutdownOutput();
            p.pump();
            assertTrue(fin.isSuccess());
            assertTrue(c.isOutputShutdown());
            assertTrue(atClient.sawOutputShutdown());
            ChannelFuture late = c.writeAndFlush(text("too late"));
            assertInstanceOf(ChannelOutputShutdownException.class, late.cause());

            Recorder atServer = p.serverSide(c);
            YamuxStream s = p.serverStream(c);
            assertEquals("request", atServer.text());
            assertTrue(atServer.sawInputShutdown());
            assertTrue(s.isInputShutdown());
            assertFalse(s.isOutputShutdown());
            assertTrue(s.isOpen());

            s.writeAndFlush(text("response, part 1; "));
            p.pump();
            s.writeAndFlush(text("part 2"));
            p.pump();
            assertEquals("response, part 1; part 2", atClient.text());
            assertFalse(atClient.sawInputShutdown());
            assertTrue(c.isOpen());

            s.shutdownOutput();
            p.pump();
            assertTrue(atClient.sawInputShutdown());
            assertFalse(c.isOpen(), "both directions closed: the stream closes itself");
            assertFalse(s.isOpen());
            assertTrue(atClient.inactive.isDone());
            assertEquals(0, p.client.streamCount());
            assertEquals(0, p.server.streamCount());
            long fins = p.clientToServer.stream().filter(f -> f.has(YamuxFrame.FLAG_FIN)).count()
                    + p.serverToClient.stream().filter(f -> f.has(YamuxFrame.FLAG_FIN)).count();
            assertEquals(2, fins);
            assertNoResets(p);
        }
    }

    @Test
    void finCanRideOnTheLastDataFrameOrFollowQueuedWrites() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            p.serverEcho = true;
            Recorder atClient = new Recorder();
            YamuxStream c = p.openFromClient(atClient);
            // Written but not flushed before shutdownOutput: still sent, then FIN.
            c.write(text("a"));
            c.write(text("b"));
            c.shutdownOutput();
            p.pump();
            assertEquals("ab", atClient.text());
            assertTrue(atClient.sawInputShutdown());
            assertFalse(c.isOpen());
            assertNoResets(p);
        }
    }

    @Test
    void closeAfterResponseSendsFinNeverReset() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            p.serverEcho = true;
            Recorder atClient = new Recorder();
            YamuxStream c = p.openFromClient(atClient);
            c.writeAndFlush(text("ping"));
            p.pump();
            assertEquals("ping", atClient.text());
            c.close();
            p.pump();
            // The echoing server half-closes when it sees our FIN: everything ends with FINs.
            assertFalse(c.isOpen());
            assertEquals(0, p.client.streamCount());
            assertEquals(0, p.server.streamCount());
            assertNoResets(p);
        }
    }

    @Test
    void dataArrivingAfterLocalCloseResetsTheStream() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            YamuxStream c = p.openFromClient(new Recorder());
            c.close();
            p.pump();
            assertEquals(1, p.client.streamCount(), "kept until the remote's FIN");
            YamuxStream s = p.serverStream(c);
            Recorder atServer = p.serverSide(c);
            assertTrue(atServer.sawInputShutdown());
            s.writeAndFlush(text("nobody listens"));
            p.pump();
            assertEquals(new YamuxStream.ResetEvent(true, 0), atServer.resetEvent());
            assertFalse(s.isOpen());
            assertEquals(0, p.client.streamCount());
            assertEquals(0, p.server.streamCount());
        }
    }

    @Test
    void resetAbortsBothDirectionsAndFailsPendingWrites() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            Recorder atClient = new Recorder();
            YamuxStream c = p.openFromClient(atClient);
            c.config().setAutoRead(false);
            c.writeAndFlush(text("x"));
            p.pump();
            YamuxStream s = p.serverStream(c);
            Recorder atServer = p.serverSide(c);
            // The server fills the client's window; what does not fit waits in its buffer.
            ByteBuf big = Unpooled.wrappedBuffer(random(300 * KIB, 1));
            ChannelFuture pending = s.writeAndFlush(big);
            p.pump();
            assertFalse(pending.isDone());
            assertFalse(s.isWritable());

            c.reset();
            p.pump();
            assertEquals(new YamuxStream.ResetEvent(false, 0), atClient.resetEvent());
            assertEquals(new YamuxStream.ResetEvent(true, 0), atServer.resetEvent());
            assertFalse(c.isOpen());
            assertFalse(s.isOpen());
            YamuxException cause = assertInstanceOf(YamuxException.class, pending.cause());
            assertEquals(Reason.STREAM_RESET, cause.reason());
            assertEquals(0, big.refCnt());
            assertEquals(0, p.client.streamCount());
            assertEquals(0, p.server.streamCount());
            assertEquals("", atClient.text(), "queued data is dropped on reset");
            assertTrue(p.clientToServer.stream().anyMatch(f -> f.streamId() == 1 && f.has(YamuxFrame.FLAG_RST)));
        }
    }

    @Test
    void sendWindowIsHonouredAndWritesWaitForWindowUpdates() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            Recorder atClient = new Recorder();
            YamuxStream c = p.openFromClient(atClient);
            c.config().setAutoRead(false);
            c.writeAndFlush(text("go"));
            p.pump();
            YamuxStream s = p.serverStream(c);
            byte[] payload = random(1024 * KIB, 2);
            ChannelFuture write = s.writeAndFlush(Unpooled.wrappedBuffer(payload));
            p.pump();
            long sent = p.s2c(YamuxFrame.Type.DATA).stream().filter(f -> f.streamId() == 1).mapToLong(Wire.Seen::length)
                    .sum();
            assertEquals(256 * KIB, sent, "exactly the initial window, then nothing");
            assertFalse(write.isDone());
            assertFalse(s.isWritable(), "beyond the high-water mark");
            assertTrue(p.s2c(YamuxFrame.Type.DATA).stream().allMatch(f -> f.length() <= 64 * KIB));

            int rounds = 0;
            while (atClient.received.size() < payload.length && rounds++ < 100) {
                c.read();
                p.pump();
            }
            assertArrayEquals(payload, atClient.bytes());
            assertTrue(write.isSuccess());
            assertTrue(s.isWritable());
        }
    }

    @Test
    void unreadStreamStopsTheSenderWithoutUnboundedBuffering() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            YamuxStream c = p.openFromClient(new Recorder());
            c.config().setAutoRead(false);
            c.writeAndFlush(text("go"));
            p.pump();
            YamuxStream s = p.serverStream(c);
            BulkWriter writer = new BulkWriter(random(4 * 1024 * KIB, 3), 16 * KIB);
            s.pipeline().addLast(writer);
            s.pipeline().fireChannelActive();
            p.pump();
            assertFalse(writer.done.isDone());
            assertFalse(s.isWritable());
            assertTrue(writer.maxPendingBytes <= 64 * KIB + 16 * KIB,
                    "writer stopped at the high-water mark: " + writer.maxPendingBytes);
            c.reset();
            p.pump();
            assertTrue(writer.done.isCompletedExceptionally());
        }
    }

    @Test
    void streamWritesWaitWhileTheConnectionIsNotWritable() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            Recorder atServerSide = new Recorder();
            YamuxStream c = p.openFromClient(atServerSide);
            io.netty.channel.ChannelOutboundBuffer connection = p.clientChannel.unsafe().outboundBuffer();
            connection.setUserDefinedWritability(1, false);
            byte[] payload = random(100 * KIB, 10);
            ChannelFuture write = c.writeAndFlush(Unpooled.wrappedBuffer(payload));
            p.pump();
            assertTrue(p.c2s(YamuxFrame.Type.DATA).isEmpty(), "nothing written into an unwritable connection");
            assertFalse(write.isDone());
            connection.setUserDefinedWritability(1, true);
            p.pump();
            assertTrue(write.isSuccess());
            assertArrayEquals(payload, p.serverSide(c).bytes());
        }
    }

    @Test
    void bulkTransferBothWaysOnOneStreamGrowsTheWindowAndKeepsDataIntact() {
        byte[] up = random(10 * 1024 * KIB, 4);
        byte[] down = random(10 * 1024 * KIB, 5);
        BulkReader atServer = new BulkReader();
        BulkWriter serverWriter = new BulkWriter(down, 64 * KIB);
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT, YamuxConfig.DEFAULT, s -> { },
                s -> s.pipeline().addLast(serverWriter, atServer))) {
            BulkReader atClient = new BulkReader();
            BulkWriter clientWriter = new BulkWriter(up, 64 * KIB);
            p.client.openStream(new io.netty.channel.ChannelInitializer<>() {
                @Override
                protected void initChannel(io.netty.channel.Channel ch) {
                    ch.pipeline().addLast(clientWriter, atClient);
                }
            });
            p.pump();
            assertEquals(BulkReader.sha256(up), atServer.digest.join());
            assertEquals(BulkReader.sha256(down), atClient.digest.join());
            assertTrue(clientWriter.done.isDone() && serverWriter.done.isDone());
            long maxDelta = p.clientToServer.stream().filter(f -> f.is(YamuxFrame.Type.WINDOW_UPDATE))
                    .mapToLong(Wire.Seen::length).max().orElse(0);
            assertTrue(maxDelta > 256 * KIB, "window grew beyond its start: " + maxDelta);
            assertTrue(maxDelta <= 16 * 1024 * KIB);
            assertEquals(0, p.client.streamCount());
            assertEquals(0, p.server.streamCount());
            assertNoResets(p);
        }
    }

    @Test
    void windowDoesNotGrowWhenAutoTuningIsOff() {
        YamuxConfig fixed = YamuxConfig.DEFAULT.withWindows(256 * KIB, 256 * KIB);
        BulkReader atServer = new BulkReader();
        try (EmbeddedPair p = new EmbeddedPair(fixed, fixed, s -> { }, s -> s.pipeline().addLast(atServer))) {
            byte[] up = random(2 * 1024 * KIB, 6);
            BulkWriter writer = new BulkWriter(up, 64 * KIB);
            p.client.openStream(writer);
            p.pump();
            assertEquals(BulkReader.sha256(up), atServer.digest.join());
            assertTrue(p.s2c(YamuxFrame.Type.WINDOW_UPDATE).stream().allMatch(f -> f.length() <= 256 * KIB));
            assertTrue(p.c2s(YamuxFrame.Type.PING).isEmpty(), "no RTT probe without auto-tuning");
        }
    }

    @Test
    void largerInitialWindowIsGrantedWithSynAndAck() {
        YamuxConfig big = YamuxConfig.DEFAULT.withWindows(1024 * KIB, 1024 * KIB);
        try (EmbeddedPair p = new EmbeddedPair(big)) {
            YamuxStream c = p.openFromClient(new Recorder());
            assertEquals(768 * KIB, p.c2s(YamuxFrame.Type.WINDOW_UPDATE).get(0).length());
            Wire.Seen ack = p.s2c(YamuxFrame.Type.WINDOW_UPDATE).stream().filter(f -> f.has(YamuxFrame.FLAG_ACK))
                    .findFirst().orElseThrow();
            assertEquals(768 * KIB, ack.length());
            byte[] payload = random(1024 * KIB, 7);
            p.serverStream(c).config().setAutoRead(false);
            c.writeAndFlush(Unpooled.wrappedBuffer(payload));
            p.pump();
            assertEquals(1024 * KIB, p.c2s(YamuxFrame.Type.DATA).stream().mapToLong(Wire.Seen::length).sum());
        }
    }

    @Test
    void hundredConcurrentStreams() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            p.serverEcho = true;
            List<YamuxStream> streams = new ArrayList<>();
            List<Recorder> recorders = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Recorder r = new Recorder();
                recorders.add(r);
                streams.add(p.client.openStream(r).join());
            }
            assertEquals(100, p.client.streamCount());
            for (int i = 0; i < 100; i++) {
                streams.get(i).write(text("message " + i + " ".repeat(i * 10)));
            }
            for (int i = 99; i >= 0; i--) {
                streams.get(i).flush();
                streams.get(i).shutdownOutput();
            }
            p.pump();
            assertEquals(100, p.serverInbound.size());
            for (int i = 0; i < 100; i++) {
                assertEquals("message " + i + " ".repeat(i * 10), recorders.get(i).text());
                assertTrue(recorders.get(i).sawInputShutdown());
                assertFalse(streams.get(i).isOpen());
                assertEquals(2L * i + 1, streams.get(i).streamId());
            }
            assertEquals(0, p.client.streamCount());
            assertEquals(0, p.server.streamCount());
            assertNoResets(p);
        }
    }

    @Test
    void unackedInboundStreamsBeyondTheBacklogAreReset() {
        YamuxConfig serverCfg = YamuxConfig.DEFAULT.withAcceptBacklog(4);
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT, serverCfg, s -> { },
                s -> s.config().setAutoRead(false))) {
            List<Recorder> recorders = new ArrayList<>();
            List<YamuxStream> streams = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Recorder r = new Recorder();
                recorders.add(r);
                streams.add(p.client.openStream(r).join());
            }
            p.pump();
            assertEquals(4, p.serverInbound.size());
            assertNull(recorders.get(0).resetEvent());
            assertEquals(new YamuxStream.ResetEvent(true, 0), recorders.get(4).resetEvent());
            assertFalse(streams.get(4).isOpen());
            assertTrue(p.s2c(YamuxFrame.Type.WINDOW_UPDATE).stream().noneMatch(f -> f.has(YamuxFrame.FLAG_ACK)),
                    "nothing read yet, nothing acknowledged");

            // Reading acknowledges a stream and frees a backlog slot.
            p.serverInbound.keySet().iterator().next().read();
            p.pump();
            assertTrue(p.s2c(YamuxFrame.Type.WINDOW_UPDATE).stream()
                    .anyMatch(f -> f.streamId() == 1 && f.has(YamuxFrame.FLAG_ACK)));
            YamuxStream sixth = p.client.openStream(new Recorder()).join();
            p.pump();
            assertTrue(sixth.isOpen());
            assertEquals(5, p.serverInbound.size());
        }
    }

    @Test
    void inboundStreamsBeyondMaxStreamsAreReset() {
        YamuxConfig serverCfg = YamuxConfig.DEFAULT.withMaxStreams(3);
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT, serverCfg, s -> { }, s -> { })) {
            List<Recorder> recorders = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Recorder r = new Recorder();
                recorders.add(r);
                p.client.openStream(r);
            }
            p.pump();
            assertEquals(3, p.server.streamCount());
            assertNotNull(recorders.get(3).resetEvent());
            assertNull(recorders.get(2).resetEvent());
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> p.server.openStream(new Recorder()).join());
            assertEquals(Reason.STREAM_LIMIT, ((YamuxException) e.getCause()).reason());
        }
    }

    @Test
    void goAwayStopsNewStreamsButOpenOnesFinish() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            p.serverEcho = true;
            Recorder atClient = new Recorder();
            YamuxStream c = p.openFromClient(atClient);
            p.server.goAway();
            p.pump();
            assertEquals(1, p.s2c(YamuxFrame.Type.GO_AWAY).size());
            assertEquals(YamuxFrame.GO_AWAY_NORMAL, p.s2c(YamuxFrame.Type.GO_AWAY).get(0).length());

            CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> p.client.openStream(new Recorder()).join());
            assertEquals(Reason.REMOTE_GO_AWAY, ((YamuxException) refused.getCause()).reason());
            CompletionException refusedLocally = org.junit.jupiter.api.Assertions.assertThrows(
                    CompletionException.class, () -> p.server.openStream(new Recorder()).join());
            assertEquals(Reason.LOCAL_GO_AWAY, ((YamuxException) refusedLocally.getCause()).reason());

            c.writeAndFlush(text("still works"));
            p.pump();
            assertEquals("still works", atClient.text());
            assertTrue(p.clientChannel.isOpen());
            assertTrue(p.serverChannel.isOpen());

            c.shutdownOutput();
            p.pump();
            assertFalse(c.isOpen());
            assertFalse(p.serverChannel.isOpen(), "drained after GoAway: connection closed");
            assertFalse(p.clientChannel.isOpen());
            assertTrue(p.server.closeFuture().isDone());
            assertFalse(p.server.closeFuture().isCompletedExceptionally());
            assertFalse(p.client.closeFuture().isCompletedExceptionally());
            assertTrue(p.client.closeFuture().isDone());
        }
    }

    @Test
    void closeEndsEveryStreamAndSendsGoAway() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            Recorder atClient = new Recorder();
            YamuxStream c = p.openFromClient(atClient);
            p.serverStream(c).config().setAutoRead(false);
            ChannelFuture pending = c.writeAndFlush(Unpooled.wrappedBuffer(random(300 * KIB, 8)));
            p.pump();
            assertFalse(pending.isDone());
            p.client.close();
            p.pump();
            assertEquals(Reason.SESSION_CLOSED, ((YamuxException) pending.cause()).reason());
            assertFalse(c.isOpen());
            assertTrue(atClient.inactive.isDone());
            assertEquals(YamuxFrame.GO_AWAY_NORMAL, p.c2s(YamuxFrame.Type.GO_AWAY).get(0).length());
            assertFalse(p.clientChannel.isOpen());
            assertTrue(p.client.closeFuture().isDone());
            assertFalse(p.client.closeFuture().isCompletedExceptionally());
            assertEquals(0, p.client.streamCount());
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> p.client.openStream(null).join());
            assertEquals(Reason.SESSION_CLOSED, ((YamuxException) e.getCause()).reason());
        }
    }

    @Test
    void connectionLossClosesStreams() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            Recorder atClient = new Recorder();
            YamuxStream c = p.openFromClient(atClient);
            p.clientChannel.close();
            p.pump();
            assertFalse(c.isOpen());
            assertTrue(atClient.inactive.isDone());
            assertTrue(p.client.closeFuture().isDone());
            assertEquals(0, p.client.streamCount());
        }
    }

    @Test
    void keepAlivePingsAreAnsweredAndMeasureRtt() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            assertEquals(0, p.client.rttNanos(), "start-up probe answered at once on a frozen clock");
            // 180 s in 1 s steps, answering as we go: pings at 30, 60, ... 180 s.
            for (int i = 0; i < 180; i++) {
                p.clock.advance(java.time.Duration.ofSeconds(1));
                p.pump();
            }
            assertTrue(p.clientChannel.isOpen());
            assertTrue(p.serverChannel.isOpen());
            List<Wire.Seen> pings = p.c2s(YamuxFrame.Type.PING);
            assertEquals(7, pings.stream().filter(f -> f.flags() == YamuxFrame.FLAG_SYN).count(),
                    "probe + one per interval");
            assertEquals(7, p.s2c(YamuxFrame.Type.PING).stream().filter(f -> f.flags() == YamuxFrame.FLAG_ACK)
                    .count());
            assertTrue(pings.stream().allMatch(f -> f.streamId() == 0));
        }
    }

    @Test
    void streamWritesAreFailedWhenNotByteBufs() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            YamuxStream c = p.openFromClient(new Recorder());
            ChannelFuture f = c.writeAndFlush("a string");
            assertInstanceOf(UnsupportedOperationException.class, f.cause());
        }
    }

    @Test
    void initializerThatThrowsResetsOnlyThatStream() {
        Leaks.quietly(YamuxSession.class, this::initializerThatThrows);
    }

    private void initializerThatThrows() {
        int[] calls = {0};
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT, YamuxConfig.DEFAULT, s -> { }, s -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("boom");
            }
        })) {
            Recorder first = new Recorder();
            YamuxStream a = p.openFromClient(first);
            Recorder second = new Recorder();
            YamuxStream b = p.openFromClient(second);
            assertNotNull(first.resetEvent());
            assertFalse(a.isOpen());
            assertTrue(b.isOpen());
            assertTrue(p.clientChannel.isOpen());
            assertEquals(1, p.server.streamCount());
        }
    }

    @Test
    void shutdownInputDropsDataButKeepsTheSenderMoving() {
        try (EmbeddedPair p = new EmbeddedPair(YamuxConfig.DEFAULT)) {
            Recorder atClient = new Recorder();
            YamuxStream c = p.openFromClient(atClient);
            c.writeAndFlush(text("hi"));
            p.pump();
            c.shutdownInput();
            YamuxStream s = p.serverStream(c);
            byte[] payload = random(1024 * KIB, 9);
            ChannelFuture w = s.writeAndFlush(Unpooled.wrappedBuffer(payload));
            p.pump();
            assertTrue(w.isSuccess(), "window given back though nobody reads");
            assertEquals(0, atClient.received.size());
            assertTrue(c.isInputShutdown());
            assertTrue(c.isOpen());
        }
    }
}
