package org.kith.p2p.noise;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.p2p.noise.NoiseTestSupport.EMPTY;
import static org.kith.p2p.noise.NoiseTestSupport.HEX;
import static org.kith.p2p.noise.NoiseTestSupport.YAMUX;
import static org.kith.p2p.noise.NoiseTestSupport.deliver;
import static org.kith.p2p.noise.NoiseTestSupport.drainInbound;
import static org.kith.p2p.noise.NoiseTestSupport.drainOutbound;
import static org.kith.p2p.noise.NoiseTestSupport.failure;
import static org.kith.p2p.noise.NoiseTestSupport.failureReason;
import static org.kith.p2p.noise.NoiseTestSupport.frame;
import static org.kith.p2p.noise.NoiseTestSupport.identity;
import static org.kith.p2p.noise.NoiseTestSupport.shuttle;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.UnsupportedMessageTypeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.p2p.noise.NoiseTestSupport.ScriptedPeer;
import org.kith.p2p.noise.NoiseTestSupport.SessionEvents;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.slf4j.LoggerFactory;
import org.kith.p2p.testing.NettyLeakDetection;

/** The Netty binding over two linked {@link EmbeddedChannel}s. */
@ExtendWith(NettyLeakDetection.class)
class NoiseSecureChannelTest {

    private static final Ed25519KeyPair ALICE = identity(0x00);
    private static final Ed25519KeyPair BOB = identity(0x20);
    private static final Ed25519KeyPair MALLORY = identity(0x40);
    /** Payload size with a Yamux-only extension: 2+36 (key) + 2+64 (sig) + 2+14 (extensions). */
    private static final int YAMUX_PAYLOAD_BYTES = 120;

    @AfterEach
    void everyDeliveredBufferWasReleased() {
        NoiseTestSupport.assertDeliveredBuffersReleased();
    }

    private static NoiseSecureChannel.Builder alice() {
        return NoiseSecureChannel.builder(ALICE).random(new FixedRandom("alice e"))
                .staticKey(NoiseTestSupport.staticKey("alice s")).muxers(List.of(YAMUX));
    }

    private static NoiseSecureChannel.Builder bob() {
        return NoiseSecureChannel.builder(BOB).random(new FixedRandom("bob e"))
                .staticKey(NoiseTestSupport.staticKey("bob s")).muxers(List.of(YAMUX));
    }

    /** Two ends of one connection, each Noise followed by a session-event recorder. */
    private static final class Link {
        final NoiseSecureChannel initiatorNoise;
        final NoiseSecureChannel responderNoise;
        final SessionEvents initiatorEvents = new SessionEvents();
        final SessionEvents responderEvents = new SessionEvents();
        final EmbeddedChannel initiator;
        final EmbeddedChannel responder;

        Link(NoiseSecureChannel initiatorNoise, NoiseSecureChannel responderNoise) {
            this.initiatorNoise = initiatorNoise;
            this.responderNoise = responderNoise;
            this.initiator = new EmbeddedChannel(initiatorNoise, initiatorEvents);
            this.responder = new EmbeddedChannel(responderNoise, responderEvents);
        }

        Link() {
            this(alice().initiator(BOB.peerId()), bob().responder());
        }

        void shuttle() {
            NoiseTestSupport.shuttle(initiator, responder);
        }

        /** Closes both ends and checks nothing was left unread and nothing hit the tail. */
        void finish() {
            initiator.checkException();
            responder.checkException();
            assertFalse(initiator.finishAndReleaseAll(), "initiator had unread messages");
            assertFalse(responder.finishAndReleaseAll(), "responder had unread messages");
        }
    }

    // ---- handshake -------------------------------------------------------------------------

    @Test
    void handshakeCompletesWithTheStaticFactoriesAndReportsTheSessionTwice() throws Exception {
        NoiseSecureChannel i = NoiseSecureChannel.initiator(ALICE, BOB.peerId(), List.of(YAMUX));
        NoiseSecureChannel r = NoiseSecureChannel.responder(BOB, List.of(YAMUX));
        Link link = new Link(i, r);
        link.shuttle();

        NoiseSession atInitiator = i.handshakeFuture().getNow(null);
        NoiseSession atResponder = r.handshakeFuture().getNow(null);
        assertEquals(BOB.peerId(), atInitiator.remotePeerId());
        assertEquals(BOB.publicKey(), atInitiator.remoteIdentityKey());
        assertEquals(YAMUX, atInitiator.muxer());
        assertEquals(ALICE.peerId(), atResponder.remotePeerId());
        assertEquals(YAMUX, atResponder.muxer());
        assertEquals(List.of(atInitiator), link.initiatorEvents.sessions, "one user event, the same session");
        assertEquals(List.of(atResponder), link.responderEvents.sessions);
        assertTrue(link.initiator.isOpen() && link.responder.isOpen());
        link.finish();
    }

    @Test
    void framesHaveTheSpecifiedLayoutAndSizes() {
        EmbeddedChannel i = new EmbeddedChannel(alice().initiator(BOB.peerId()));
        EmbeddedChannel r = new EmbeddedChannel(bob().responder());
        byte[] m1 = drainOutbound(i);
        assertEquals("0020", HEX.formatHex(m1, 0, 2), "u16 big-endian length of a bare e");
        assertEquals(34, m1.length);
        deliver(r, m1);
        byte[] m2 = drainOutbound(r);
        int m2Len = 32 + 48 + YAMUX_PAYLOAD_BYTES + 16;
        assertEquals(2 + m2Len, m2.length);
        assertEquals(m2Len, ((m2[0] & 0xff) << 8) | (m2[1] & 0xff));
        deliver(i, m2);
        byte[] m3 = drainOutbound(i);
        assertEquals(2 + 48 + YAMUX_PAYLOAD_BYTES + 16, m3.length);
        deliver(r, m3);
        assertEquals(0, drainOutbound(r).length, "the responder sends nothing after msg 3");
        assertFalse(r.finishAndReleaseAll());
        assertFalse(i.finishAndReleaseAll());
    }

    @Test
    void aHandlerAddedToAnAlreadyActiveChannelStartsTheHandshakeAtOnce() {
        EmbeddedChannel i = new EmbeddedChannel();
        EmbeddedChannel r = new EmbeddedChannel();
        assertTrue(i.isActive());
        NoiseSecureChannel iNoise = alice().initiator(BOB.peerId());
        NoiseSecureChannel rNoise = bob().responder();
        r.pipeline().addLast(rNoise);
        i.pipeline().addLast(iNoise);
        Object first = i.readOutbound();
        assertInstanceOf(ByteBuf.class, first);
        assertEquals(34, ((ByteBuf) first).readableBytes(), "msg 1 sent on handlerAdded");
        r.writeInbound(first);
        shuttle(i, r);
        assertTrue(iNoise.handshakeFuture().isDone() && !iNoise.handshakeFuture().isCompletedExceptionally());
        assertTrue(rNoise.handshakeFuture().isDone() && !rNoise.handshakeFuture().isCompletedExceptionally());
        assertFalse(i.finishAndReleaseAll());
        assertFalse(r.finishAndReleaseAll());
    }

    @Test
    void theHandshakeSurvivesOneByteAtATimeDelivery() {
        Link link = new Link();
        for (int round = 0; round < 3; round++) {
            byte[] fromI = drainOutbound(link.initiator);
            for (byte b : fromI) {
                deliver(link.responder, new byte[] {b});
            }
            byte[] fromR = drainOutbound(link.responder);
            for (byte b : fromR) {
                deliver(link.initiator, new byte[] {b});
            }
        }
        assertTrue(link.initiatorNoise.handshakeFuture().isDone());
        assertEquals(ALICE.peerId(), link.responderNoise.handshakeFuture().getNow(null).remotePeerId());
        link.finish();
    }

    // ---- transport -------------------------------------------------------------------------

    @Test
    void dataFlowsBothWaysAfterTheHandshake() {
        Link link = new Link();
        link.shuttle();
        link.initiator.writeAndFlush(Unpooled.copiedBuffer("hello bob", US_ASCII));
        link.responder.writeAndFlush(Unpooled.copiedBuffer("hello alice", US_ASCII));
        link.shuttle();
        assertEquals("hello bob", new String(drainInbound(link.responder), US_ASCII));
        assertEquals("hello alice", new String(drainInbound(link.initiator), US_ASCII));
        link.finish();
    }

    @Test
    void aMebibyteWriteIsSplitIntoMaximumSizeFramesAndReassembled() {
        Link link = new Link();
        link.shuttle();
        byte[] data = new byte[1 << 20];
        new FixedRandom("mebibyte").nextBytes(data);
        ChannelFuture written = link.initiator.writeAndFlush(Unpooled.wrappedBuffer(data));
        assertTrue(written.isSuccess());
        byte[] wire = drainOutbound(link.initiator);

        List<Integer> frameLengths = new ArrayList<>();
        for (int pos = 0; pos < wire.length; ) {
            int len = ((wire[pos] & 0xff) << 8) | (wire[pos + 1] & 0xff);
            frameLengths.add(len);
            pos += 2 + len;
        }
        int fullFrames = data.length / NoiseSecureChannel.MAX_PLAINTEXT_BYTES;
        assertEquals(fullFrames + 1, frameLengths.size());
        for (int k = 0; k < fullFrames; k++) {
            assertEquals(65535, frameLengths.get(k), "frame " + k + " is full");
        }
        assertEquals(data.length - fullFrames * 65519 + 16, frameLengths.get(fullFrames));
        assertEquals(data.length + frameLengths.size() * 18, wire.length);

        // Deliver in odd-sized pieces that straddle frame boundaries.
        for (int pos = 0; pos < wire.length; pos += 7919) {
            deliver(link.responder, Arrays.copyOfRange(wire, pos, Math.min(wire.length, pos + 7919)));
        }
        assertArrayEquals(data, drainInbound(link.responder));
        link.finish();
    }

    @Test
    void twoFramesSpanningTheMaximumArriveOneByteAtATime() {
        Link link = new Link();
        link.shuttle();
        byte[] data = new byte[NoiseSecureChannel.MAX_PLAINTEXT_BYTES + 100];
        new FixedRandom("two frames").nextBytes(data);
        link.responder.writeAndFlush(Unpooled.wrappedBuffer(data));
        byte[] wire = drainOutbound(link.responder);
        assertEquals(2 + 65535 + 2 + 116, wire.length);
        ByteBuf all = Unpooled.wrappedBuffer(wire);
        for (int k = 0; k < wire.length; k++) {
            link.initiator.writeInbound(all.retainedSlice(k, 1));
        }
        assertTrue(all.release());
        assertEquals(0, all.refCnt(), "every one-byte slice was released");
        assertArrayEquals(data, drainInbound(link.initiator));
        link.finish();
    }

    @Test
    void aWriteLargerThanOneOutputBufferGoesOutAsSeveralAndCompletesOnce() {
        Link link = new Link();
        link.shuttle();
        byte[] data = new byte[OutboundFrames.FRAMES_PER_BUFFER * NoiseSecureChannel.MAX_PLAINTEXT_BYTES + 1000];
        new FixedRandom("over one output buffer").nextBytes(data);
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        ChannelFuture written = link.initiator.writeAndFlush(buf);
        assertTrue(written.isSuccess());
        assertEquals(0, buf.refCnt());
        int buffers = 0;
        Object msg;
        while ((msg = link.initiator.readOutbound()) != null) {
            buffers++;
            link.responder.writeInbound(NoiseTestSupport.track((ByteBuf) msg));
        }
        assertEquals(2, buffers, OutboundFrames.FRAMES_PER_BUFFER + " frames per output buffer");
        assertArrayEquals(data, drainInbound(link.responder));
        link.finish();
    }

    @Test
    void aHalfClosureDuringTheHandshakeFailsIt() {
        NoiseSecureChannel noise = bob().responder();
        EmbeddedChannel ch = new EmbeddedChannel(noise);
        ch.pipeline().fireUserEventTriggered(io.netty.channel.socket.ChannelInputShutdownEvent.INSTANCE);
        assertEquals(NoiseException.Reason.CONNECTION_CLOSED, failureReason(noise.handshakeFuture()));
        assertFalse(ch.isOpen());
        ch.checkException();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aDestroyedIdentityFailsTheHandshakeLocally() {
        Ed25519KeyPair doomed = identity(0x80);
        NoiseSecureChannel noise = NoiseSecureChannel.builder(doomed).responder();
        EmbeddedChannel ch = new EmbeddedChannel(noise);
        doomed.destroy();
        deliver(ch, frame(NoiseTestSupport.staticKey("some e").publicKey()));
        NoiseException e = failure(noise.handshakeFuture());
        assertEquals(NoiseException.Reason.LOCAL_FAILURE, e.reason());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertFalse(ch.isOpen());
        ch.checkException();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void anEmptyWriteSendsNothingAndSucceeds() {
        Link link = new Link();
        link.shuttle();
        ByteBuf empty = Unpooled.buffer(0);
        ChannelFuture f = link.initiator.writeAndFlush(empty);
        assertTrue(f.isSuccess(), String.valueOf(f.cause()));
        assertEquals(0, empty.refCnt());
        assertEquals(0, drainOutbound(link.initiator).length);
        link.finish();
    }

    @Test
    void anEmptyTransportMessageIsAcceptedAndPassesNothingUp() throws Exception {
        Link link = new Link();
        link.shuttle();
        // The initiator's first transport message, encrypted by hand: a bare tag.
        CipherState sender = senderOf(link.initiatorNoise);
        deliver(link.responder, frame(sender.encryptWithAd(EMPTY, EMPTY)));
        assertNull(link.responder.readInbound());
        assertTrue(link.responder.isOpen());
        link.initiator.writeAndFlush(Unpooled.copiedBuffer("after", US_ASCII));
        link.shuttle();
        assertEquals("after", new String(drainInbound(link.responder), US_ASCII));
        link.finish();
    }

    /** The initiator's transport sender, reached through its handshake (same package). */
    private static CipherState senderOf(NoiseSecureChannel noise) throws Exception {
        java.lang.reflect.Field f = NoiseSecureChannel.class.getDeclaredField("sender");
        f.setAccessible(true);
        return (CipherState) f.get(noise);
    }

    @Test
    void bytesThatArriveWithTheLastHandshakeMessageReachTheLayerInstalledOnTheEvent() {
        NoiseSecureChannel iNoise = alice().initiator(BOB.peerId());
        NoiseSecureChannel rNoise = bob().responder();
        EmbeddedChannel i = new EmbeddedChannel(iNoise);
        Collector next = new Collector();
        EmbeddedChannel r = new EmbeddedChannel(rNoise, new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof NoiseSession) {
                    ctx.pipeline().addLast("next-layer", next);
                }
                ctx.fireUserEventTriggered(evt);
            }
        });
        deliver(r, drainOutbound(i));
        deliver(i, drainOutbound(r));
        assertTrue(iNoise.handshakeFuture().isDone(), "the initiator is done after msg 2");
        // The initiator's first data rides right behind msg 3, in the same TCP read.
        i.writeAndFlush(Unpooled.copiedBuffer("first words", US_ASCII));
        i.writeAndFlush(Unpooled.copiedBuffer(" and more", US_ASCII));
        deliver(r, drainOutbound(i));
        assertEquals("first words and more", next.text());
        assertNull(r.readInbound(), "nothing bypassed the new layer");
        assertFalse(i.finishAndReleaseAll());
        assertFalse(r.finishAndReleaseAll());
    }

    @Test
    void theLayerCanAlsoBeInstalledFromTheFutureCallback() {
        NoiseSecureChannel iNoise = alice().initiator(BOB.peerId());
        NoiseSecureChannel rNoise = bob().responder();
        EmbeddedChannel i = new EmbeddedChannel(iNoise);
        EmbeddedChannel r = new EmbeddedChannel(rNoise);
        Collector next = new Collector();
        rNoise.handshakeFuture().thenAccept(s -> r.pipeline().addLast(next));
        deliver(r, drainOutbound(i));
        deliver(i, drainOutbound(r));
        i.writeAndFlush(Unpooled.copiedBuffer("via the future", US_ASCII));
        deliver(r, drainOutbound(i));
        assertEquals("via the future", next.text());
        assertFalse(i.finishAndReleaseAll());
        assertFalse(r.finishAndReleaseAll());
    }

    /** Collects inbound bytes, releasing each buffer. */
    private static final class Collector extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                byte[] b = new byte[buf.readableBytes()];
                buf.readBytes(b);
                bytes.writeBytes(b);
            } finally {
                buf.release();
            }
        }

        String text() {
            return bytes.toString(US_ASCII);
        }
    }

    @Test
    void writesMadeDuringTheHandshakeAreQueuedThenSentEncryptedInOrder() {
        Link link = new Link();
        ChannelFuture early1 = link.initiator.writeAndFlush(Unpooled.copiedBuffer("early ", US_ASCII));
        ChannelFuture early2 = link.initiator.writeAndFlush(Unpooled.copiedBuffer("bird", US_ASCII));
        assertFalse(early1.isDone());
        byte[] m1 = drainOutbound(link.initiator);
        assertEquals(34, m1.length, "only msg 1 goes out before the handshake is done");
        deliver(link.responder, m1);
        link.shuttle();
        assertTrue(early1.isSuccess() && early2.isSuccess());
        assertEquals("early bird", new String(drainInbound(link.responder), US_ASCII));
        link.finish();
    }

    @Test
    void queuedWritesFailAndAreReleasedWhenTheHandshakeFails() {
        NoiseSecureChannel noise = alice().initiator(BOB.peerId());
        EmbeddedChannel ch = new EmbeddedChannel(noise);
        ByteBuf queued = Unpooled.copiedBuffer("never sent", US_ASCII);
        ChannelFuture write = ch.writeAndFlush(queued);
        drainOutbound(ch);
        byte[] junk = new byte[96];
        new FixedRandom("junk msg 2").nextBytes(junk);
        deliver(ch, frame(junk));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, failureReason(noise.handshakeFuture()));
        assertTrue(write.isDone() && !write.isSuccess());
        assertInstanceOf(NoiseException.class, write.cause());
        assertEquals(0, queued.refCnt());
        assertFalse(ch.isOpen());
        ByteBuf late = Unpooled.copiedBuffer("late", US_ASCII);
        assertFalse(ch.writeAndFlush(late).isSuccess());
        assertEquals(0, late.refCnt());
        ch.checkException();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void nonBufferWritesAreRefusedAndReleased() {
        Link link = new Link();
        link.shuttle();
        ChannelFuture f = link.initiator.writeAndFlush("a string");
        assertInstanceOf(UnsupportedMessageTypeException.class, f.cause());
        link.finish();
    }

    // ---- corruption, replay, truncation ----------------------------------------------------

    /** Byte offsets inside msg 2 (after the 2-byte prefix): e, encrypted s, its tag, payload, tag. */
    @ParameterizedTest(name = "bit flipped at msg 2 offset {0}")
    @ValueSource(ints = {0, 31, 32, 63, 64, 79, 80, 150, 199, 215})
    void aFlippedBitInMessageTwoFailsTheInitiator(int offset) {
        Link link = new Link();
        deliver(link.responder, drainOutbound(link.initiator));
        byte[] m2 = drainOutbound(link.responder);
        deliver(link.initiator, NoiseTestSupport.flipBit(m2, 2 + offset, offset % 8));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, failureReason(link.initiatorNoise.handshakeFuture()));
        assertFalse(link.initiator.isOpen());
        assertTrue(link.initiatorEvents.sessions.isEmpty());
        link.shuttle();
        assertEquals(NoiseException.Reason.CONNECTION_CLOSED, failureReason(link.responderNoise.handshakeFuture()));
        link.finish();
    }

    @ParameterizedTest(name = "bit flipped at msg 3 offset {0}")
    @ValueSource(ints = {0, 47, 48, 100, 183})
    void aFlippedBitInMessageThreeFailsTheResponder(int offset) {
        Link link = new Link();
        deliver(link.responder, drainOutbound(link.initiator));
        deliver(link.initiator, drainOutbound(link.responder));
        byte[] m3 = drainOutbound(link.initiator);
        deliver(link.responder, NoiseTestSupport.flipBit(m3, 2 + offset, 3));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, failureReason(link.responderNoise.handshakeFuture()));
        assertFalse(link.responder.isOpen());
        assertTrue(link.responderEvents.sessions.isEmpty());
        link.finish();
    }

    @ParameterizedTest(name = "bit flipped at transport frame offset {0}")
    @ValueSource(ints = {2, 5, 11, 12, 27})
    void aFlippedBitInATransportFrameClosesTheChannelWithoutDeliveringIt(int offset) {
        Link link = new Link();
        link.shuttle();
        link.initiator.writeAndFlush(Unpooled.copiedBuffer("good", US_ASCII));
        link.initiator.writeAndFlush(Unpooled.copiedBuffer("sensitive!", US_ASCII));
        byte[] wire = drainOutbound(link.initiator);
        assertEquals(2 + 4 + 16 + 2 + 10 + 16, wire.length);
        int second = 2 + 4 + 16;
        deliver(link.responder, NoiseTestSupport.flipBit(wire, second + offset, 0));
        assertEquals("good", new String(drainInbound(link.responder), US_ASCII), "frames before it still count");
        assertFalse(link.responder.isOpen());
        assertTrue(link.responderNoise.handshakeFuture().isDone(), "the handshake result stands");
        link.finish();
    }

    @Test
    void aReplayedTransportFrameIsRejected() {
        Link link = new Link();
        link.shuttle();
        link.initiator.writeAndFlush(Unpooled.copiedBuffer("pay 10", US_ASCII));
        byte[] frameBytes = drainOutbound(link.initiator);
        deliver(link.responder, frameBytes);
        assertEquals("pay 10", new String(drainInbound(link.responder), US_ASCII));
        deliver(link.responder, frameBytes);
        assertNull(link.responder.readInbound());
        assertFalse(link.responder.isOpen(), "a replay uses a stale nonce and fails authentication");
        link.finish();
    }

    @Test
    void reorderedTransportFramesAreRejected() {
        Link link = new Link();
        link.shuttle();
        link.initiator.writeAndFlush(Unpooled.copiedBuffer("one", US_ASCII));
        byte[] first = drainOutbound(link.initiator);
        link.initiator.writeAndFlush(Unpooled.copiedBuffer("two", US_ASCII));
        byte[] second = drainOutbound(link.initiator);
        deliver(link.responder, NoiseTestSupport.concat(second, first));
        assertNull(link.responder.readInbound());
        assertFalse(link.responder.isOpen());
        link.finish();
    }

    @Test
    void aTransportFrameShorterThanTheTagIsRejected() {
        Link link = new Link();
        link.shuttle();
        deliver(link.responder, frame(new byte[15]));
        assertFalse(link.responder.isOpen());
        link.finish();
    }

    @Test
    void aConnectionEndingInsideAHandshakeFrameIsTruncated() {
        NoiseSecureChannel noise = bob().responder();
        EmbeddedChannel ch = new EmbeddedChannel(noise);
        deliver(ch, HEX.parseHex("0020" + "01".repeat(10)));
        assertFalse(noise.handshakeFuture().isDone(), "waits for the rest of the frame");
        ch.close();
        NoiseException e = failure(noise.handshakeFuture());
        assertEquals(NoiseException.Reason.TRUNCATED_MESSAGE, e.reason());
        assertTrue(e.getMessage().contains("12 bytes pending"), e.getMessage());
        ch.checkException();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aConnectionEndingInsideATransportFrameJustCloses() {
        Link link = new Link();
        link.shuttle();
        link.initiator.writeAndFlush(Unpooled.copiedBuffer("cut short", US_ASCII));
        byte[] wire = drainOutbound(link.initiator);
        deliver(link.responder, Arrays.copyOf(wire, wire.length - 1));
        assertNull(link.responder.readInbound());
        link.responder.close();
        assertNull(link.responder.readInbound());
        link.finish();
    }

    @Test
    void aShortMessageTwoIsTruncated() {
        NoiseSecureChannel noise = alice().initiator(BOB.peerId());
        EmbeddedChannel ch = new EmbeddedChannel(noise);
        drainOutbound(ch);
        byte[] junk = new byte[40];
        new FixedRandom("junk msg 2").nextBytes(junk);
        deliver(ch, frame(junk));
        assertEquals(NoiseException.Reason.TRUNCATED_MESSAGE, failureReason(noise.handshakeFuture()));
        assertFalse(ch.isOpen());
        ch.checkException();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void anOversizedFirstMessageIsAnUnexpectedPayload() {
        NoiseSecureChannel noise = bob().responder();
        EmbeddedChannel ch = new EmbeddedChannel(noise);
        deliver(ch, frame(new byte[33]));
        assertEquals(NoiseException.Reason.UNEXPECTED_PAYLOAD, failureReason(noise.handshakeFuture()));
        assertEquals(0, drainOutbound(ch).length, "no msg 2 was sent");
        ch.checkException();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aHandshakeMessageThatWouldExceedTheFrameLimitFailsLocally() {
        List<String> huge = new ArrayList<>();
        for (int k = 0; k < 100; k++) {
            huge.add("/" + k + "x".repeat(1000));
        }
        Link link = new Link(alice().muxers(huge).initiator(BOB.peerId()), bob().responder());
        link.shuttle();
        NoiseException e = failure(link.initiatorNoise.handshakeFuture());
        assertEquals(NoiseException.Reason.MESSAGE_TOO_LARGE, e.reason());
        assertEquals(NoiseException.Reason.CONNECTION_CLOSED, failureReason(link.responderNoise.handshakeFuture()));
        link.finish();
    }

    // ---- authentication --------------------------------------------------------------------

    @Test
    void dialingTheWrongPeerFailsWithBothPeerIdsAndClosesBothEnds() {
        Link link = new Link(alice().initiator(MALLORY.peerId()), bob().responder());
        link.shuttle();
        NoiseException e = failure(link.initiatorNoise.handshakeFuture());
        assertEquals(NoiseException.Reason.PEER_ID_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains(MALLORY.peerId().toBase58()) && e.getMessage().contains(BOB.peerId().toBase58()));
        assertFalse(link.initiator.isOpen());
        assertEquals(NoiseException.Reason.CONNECTION_CLOSED, failureReason(link.responderNoise.handshakeFuture()));
        link.finish();
    }

    interface PayloadMaker {
        byte[] make(byte[] staticPublic);
    }

    static Stream<Arguments> rogueResponders() {
        PayloadMaker wrongSigner = s -> NoiseTestSupport.payload(BOB.publicKey().toProtobuf(),
                MALLORY.sign(NoiseTestSupport.signedStaticKey(s)), null);
        PayloadMaker wrongStatic = s -> NoiseTestSupport.validPayload(BOB,
                NoiseTestSupport.staticKey("not the one used").publicKey(), null);
        PayloadMaker rsa = s -> NoiseTestSupport.payload(HEX.parseHex("080012" + "09" + "300702010102020101"),
                BOB.sign(NoiseTestSupport.signedStaticKey(s)), null);
        PayloadMaker garbage = s -> HEX.parseHex("0a99");
        return Stream.of(
                Arguments.of("identity signature by another key", wrongSigner, NoiseException.Reason.INVALID_SIGNATURE),
                Arguments.of("signature over another static key", wrongStatic, NoiseException.Reason.INVALID_SIGNATURE),
                Arguments.of("RSA identity key", rsa, NoiseException.Reason.UNSUPPORTED_KEY_TYPE),
                Arguments.of("garbage payload protobuf", garbage, NoiseException.Reason.MALFORMED_PAYLOAD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rogueResponders")
    void aRogueResponderFailsTheDial(String name, PayloadMaker payload, NoiseException.Reason expected)
            throws Exception {
        NoiseSecureChannel noise = alice().initiator(BOB.peerId());
        EmbeddedChannel ch = new EmbeddedChannel(noise);
        ScriptedPeer rogue = new ScriptedPeer(false, NoiseTestSupport.staticKey("rogue s"), "rogue e");
        byte[] m1 = drainOutbound(ch);
        rogue.read(Arrays.copyOfRange(m1, 2, m1.length));
        deliver(ch, frame(rogue.write(payload.make(rogue.staticPublic()))));
        assertEquals(expected, failureReason(noise.handshakeFuture()));
        assertFalse(ch.isOpen());
        assertEquals(0, drainOutbound(ch).length, "no msg 3 for a rogue");
        ch.checkException();
        assertFalse(ch.finishAndReleaseAll());
    }

    // ---- timeouts, errors, removal, logging ------------------------------------------------

    @Test
    void theHandshakeTimesOutOnTheInjectedTimerAndTheTimerIsCancelledOnSuccess() throws Exception {
        ManualTimer timer = new ManualTimer();
        NoiseSecureChannel stuck = bob().timer(timer).handshakeTimeout(Duration.ofSeconds(3)).responder();
        EmbeddedChannel ch = new EmbeddedChannel(stuck);
        assertEquals(1, timer.scheduled.size());
        assertEquals(3000, timer.scheduled.get(0).delayMillis);
        assertFalse(stuck.handshakeFuture().isDone());
        timer.fireAll();
        ch.runPendingTasks();
        assertEquals(NoiseException.Reason.TIMEOUT, failureReason(stuck.handshakeFuture()));
        assertFalse(ch.isOpen());
        ch.checkException();
        assertFalse(ch.finishAndReleaseAll());

        ManualTimer timer2 = new ManualTimer();
        Link link = new Link(alice().timer(timer2).initiator(BOB.peerId()), bob().timer(timer2).responder());
        link.shuttle();
        assertEquals(2, timer2.scheduled.size());
        assertTrue(timer2.scheduled.stream().allMatch(t -> t.cancelled), "both timeouts cancelled");
        timer2.fireAll();
        link.initiator.runPendingTasks();
        assertTrue(link.initiator.isOpen());
        link.finish();
    }

    @Test
    void withoutATimerTheTimeoutRunsOnTheEventLoop() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        NoiseSecureChannel noise = alice().initiator(BOB.peerId());
        ch.pipeline().addLast(noise);
        drainOutbound(ch);
        ch.advanceTimeBy(NoiseSecureChannel.DEFAULT_HANDSHAKE_TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(noise.handshakeFuture().isDone());
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertEquals(NoiseException.Reason.TIMEOUT, failureReason(noise.handshakeFuture()));
        assertFalse(ch.isOpen());
        ch.checkException();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void anErrorFromBelowDuringTheHandshakeFailsItWithoutReachingTheTail() {
        NoiseSecureChannel noise = alice().initiator(BOB.peerId());
        EmbeddedChannel ch = new EmbeddedChannel(noise);
        drainOutbound(ch);
        ch.pipeline().fireExceptionCaught(new IOException("connection reset by peer"));
        NoiseException e = failure(noise.handshakeFuture());
        assertEquals(NoiseException.Reason.IO_ERROR, e.reason());
        assertInstanceOf(IOException.class, e.getCause());
        assertFalse(ch.isOpen());
        ch.checkException();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void afterTheHandshakeErrorsFromBelowGoToTheNextHandler() {
        Link link = new Link();
        link.shuttle();
        IOException boom = new IOException("boom");
        link.initiator.pipeline().fireExceptionCaught(boom);
        IOException seen = assertThrows(IOException.class, link.initiator::checkException);
        assertSame(boom, seen);
        link.finish();
    }

    @Test
    void removingTheHandlerMidHandshakeFailsTheFuture() {
        NoiseSecureChannel noise = alice().initiator(BOB.peerId());
        EmbeddedChannel ch = new EmbeddedChannel(noise);
        ByteBuf queued = Unpooled.copiedBuffer("queued", US_ASCII);
        ChannelFuture write = ch.write(queued);
        ch.pipeline().remove(noise);
        assertEquals(NoiseException.Reason.CONNECTION_CLOSED, failureReason(noise.handshakeFuture()));
        assertFalse(write.isSuccess());
        assertEquals(0, queued.refCnt());
        drainOutbound(ch);
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void completingTheReturnedFutureDoesNotAffectTheHandshake() {
        Link link = new Link();
        link.initiatorNoise.handshakeFuture().cancel(false);
        link.shuttle();
        assertTrue(link.initiatorNoise.handshakeFuture().isCancelled());
        assertEquals(1, link.initiatorEvents.sessions.size(), "the handshake still completed");
        link.finish();
    }

    @Test
    void aFailureIsLoggedOnceWithTheReasonAndNoKeyMaterial() {
        Logger logger = (Logger) LoggerFactory.getLogger(NoiseSecureChannel.class);
        Level before = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        try {
            Link link = new Link(alice().initiator(BOB.peerId()), bob().responder());
            deliver(link.responder, drainOutbound(link.initiator));
            byte[] m2 = drainOutbound(link.responder);
            deliver(link.initiator, NoiseTestSupport.flipBit(m2, 100, 1));
            link.initiator.close();
            List<String> failures = appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("failed")).toList();
            assertEquals(1, failures.size(), failures.toString());
            assertTrue(failures.get(0).contains("decrypt-failed"), failures.get(0));
            String all = String.join("\n", appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
            for (byte[] secret : List.of(NoiseTestSupport.staticKey("alice s").publicKey(),
                    NoiseTestSupport.staticKey("bob s").publicKey(), FixedRandom.bytes32("alice s"),
                    ALICE.seed(), Arrays.copyOfRange(m2, 2, 34))) {
                assertFalse(all.contains(HEX.formatHex(secret).substring(0, 16)), "key material in the log");
            }
            link.finish();
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
    }

    @Test
    void builderRefusesBadSettings() {
        NoiseSecureChannel.Builder b = NoiseSecureChannel.builder(ALICE);
        assertThrows(IllegalArgumentException.class, () -> b.muxers(List.of("")));
        assertThrows(IllegalArgumentException.class, () -> b.muxers(List.of(YAMUX, YAMUX)));
        assertThrows(IllegalArgumentException.class, () -> b.muxers(java.util.Collections.nCopies(101, "/m")));
        assertThrows(IllegalArgumentException.class, () -> b.muxers(List.of("/" + "a".repeat(1024))));
        assertThrows(IllegalArgumentException.class, () -> b.handshakeTimeout(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> NoiseSecureChannel.builder(null));
        NoiseSecureChannel unstarted = b.muxers(null).responder();
        assertFalse(unstarted.handshakeFuture().isDone(), "nothing happens before the handler is added");
    }
}
