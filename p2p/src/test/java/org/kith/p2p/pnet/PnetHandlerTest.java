package org.kith.p2p.pnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PnetHandlerTest {

    private static final SwarmKey KEY = SwarmKey.of(bytes(32, 1));
    private static final SwarmKey OTHER_KEY = SwarmKey.of(bytes(32, 2));
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final List<ByteBuf> handedOver = new ArrayList<>();

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void everythingReleasedNothingThrown() {
        for (EmbeddedChannel ch : channels) {
            ch.checkException();
            ch.finishAndReleaseAll();
        }
        for (ByteBuf buf : handedOver) {
            assertEquals(0, buf.refCnt(), "a buffer given to the handler was not released");
        }
    }

    private static byte[] bytes(int n, long seed) {
        byte[] out = new byte[n];
        new Random(seed).nextBytes(out);
        return out;
    }

    /** A SecureRandom that always hands out the same bytes, so nonces are known. */
    private static SecureRandom fixedRandom(long seed) {
        return new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] out) {
                new Random(seed).nextBytes(out);
            }
        };
    }

    /** Collects PnetEvents; sits after the PnetHandler. Inbound data goes on to the channel's queue. */
    private static final class Events extends ChannelInboundHandlerAdapter {
        final List<Object> seen = new ArrayList<>();
        int dataReadsBeforeEstablished;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            seen.add(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!seen.contains(PnetEvent.ESTABLISHED)) {
                dataReadsBeforeEstablished++;
            }
            ctx.fireChannelRead(msg);
        }
    }

    private EmbeddedChannel channel(SwarmKey key, SecureRandom random, Events events) {
        EmbeddedChannel ch = new EmbeddedChannel(new PnetHandler(key, random, TIMEOUT), events);
        ch.freezeTime();
        channels.add(ch);
        return ch;
    }

    private ByteBuf tracked(ByteBuf buf) {
        handedOver.add(buf);
        return buf;
    }

    private static byte[] drainOutbound(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            out.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        return out.toByteArray();
    }

    private static byte[] drainInbound(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf b = ch.readInbound(); b != null; b = ch.readInbound()) {
            out.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        return out.toByteArray();
    }

    /** Moves everything {@code from} wrote into {@code to}, split into pieces of at most {@code piece} bytes. */
    private void shuttle(EmbeddedChannel from, EmbeddedChannel to, int piece) {
        byte[] wire = drainOutbound(from);
        for (int i = 0; i < wire.length; i += piece) {
            to.writeInbound(tracked(Unpooled.copiedBuffer(wire, i, Math.min(piece, wire.length - i))));
        }
    }

    private void write(EmbeddedChannel ch, byte[] data) {
        ch.writeOutbound(tracked(Unpooled.copiedBuffer(data)));
    }

    @Test
    void sendsExactlyOneNonceAsSoonAsActive() {
        EmbeddedChannel ch = channel(KEY, fixedRandom(9), new Events());
        byte[] wire = drainOutbound(ch);
        byte[] expected = new byte[PnetHandler.NONCE_BYTES];
        fixedRandom(9).nextBytes(expected);
        assertArrayEquals(expected, wire);
    }

    @Test
    void sendsTheNonceWhenAddedToAnAlreadyActiveChannel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        assertTrue(ch.isActive());
        ch.pipeline().addFirst(new PnetHandler(KEY, new SecureRandom()));
        assertEquals(PnetHandler.NONCE_BYTES, drainOutbound(ch).length);
    }

    @Test
    void noncesDifferPerConnection() {
        byte[] a = drainOutbound(channel(KEY, new SecureRandom(), new Events()));
        byte[] b = drainOutbound(channel(KEY, new SecureRandom(), new Events()));
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void wireIsNonceThenOneContinuousKeystreamAcrossWrites() {
        EmbeddedChannel ch = channel(KEY, fixedRandom(3), new Events());
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        Random sizes = new Random(5);
        for (int i = 0; i < 50; i++) {
            byte[] data = bytes(1 + sizes.nextInt(300), i);
            plain.writeBytes(data);
            write(ch, data);
        }
        byte[] wire = drainOutbound(ch);
        byte[] nonce = new byte[PnetHandler.NONCE_BYTES];
        fixedRandom(3).nextBytes(nonce);
        byte[] expected = plain.toByteArray();
        new PnetCipher(KEY.keyBytes(), nonce).xor(expected, 0, expected.length, expected, 0);
        assertArrayEquals(nonce, Arrays.copyOf(wire, nonce.length));
        assertArrayEquals(expected, Arrays.copyOfRange(wire, nonce.length, wire.length));
    }

    @Test
    void roundTripsBothWaysAndTheWireIsNotPlaintext() {
        Events ea = new Events();
        Events eb = new Events();
        EmbeddedChannel a = channel(KEY, new SecureRandom(), ea);
        EmbeddedChannel b = channel(KEY, new SecureRandom(), eb);
        shuttle(a, b, Integer.MAX_VALUE);
        shuttle(b, a, Integer.MAX_VALUE);
        assertEquals(List.of(PnetEvent.ESTABLISHED), ea.seen);
        assertEquals(List.of(PnetEvent.ESTABLISHED), eb.seen);

        byte[] ping = "/multistream/1.0.0\n".repeat(20).getBytes(StandardCharsets.US_ASCII);
        write(a, ping);
        byte[] wire = drainOutbound(a);
        assertEquals(ping.length, wire.length);
        assertFalse(Arrays.equals(ping, wire));
        b.writeInbound(tracked(Unpooled.wrappedBuffer(wire)));
        assertArrayEquals(ping, drainInbound(b));

        byte[] pong = bytes(5000, 11);
        write(b, pong);
        shuttle(b, a, Integer.MAX_VALUE);
        assertArrayEquals(pong, drainInbound(a));
    }

    @Test
    void worksOneByteAtATimeIncludingTheNonce() {
        Events eb = new Events();
        EmbeddedChannel a = channel(KEY, new SecureRandom(), new Events());
        EmbeddedChannel b = channel(KEY, new SecureRandom(), eb);
        byte[] data = bytes(3000, 4);
        write(a, data);
        byte[] wire = drainOutbound(a);
        for (int i = 0; i < wire.length; i++) {
            b.writeInbound(tracked(Unpooled.copiedBuffer(wire, i, 1)));
            assertEquals(i >= PnetHandler.NONCE_BYTES - 1, b.pipeline().get(PnetHandler.class).isEstablished(), "after byte " + i);
        }
        assertEquals(List.of(PnetEvent.ESTABLISHED), eb.seen);
        assertEquals(0, eb.dataReadsBeforeEstablished);
        assertArrayEquals(data, drainInbound(b));
    }

    @Test
    void nonceSplitAcrossReadsWithDataInTheLastPiece() {
        EmbeddedChannel a = channel(KEY, new SecureRandom(), new Events());
        EmbeddedChannel b = channel(KEY, new SecureRandom(), new Events());
        byte[] data = bytes(100, 8);
        write(a, data);
        byte[] wire = drainOutbound(a);
        b.writeInbound(tracked(Unpooled.copiedBuffer(wire, 0, 10)));
        b.writeInbound(tracked(Unpooled.copiedBuffer(wire, 10, 10)));
        assertNull(b.readInbound());
        b.writeInbound(tracked(Unpooled.copiedBuffer(wire, 20, wire.length - 20)));
        assertArrayEquals(data, drainInbound(b));
    }

    @Test
    void decryptsPooledDirectBuffersAsReadFromSockets() {
        EmbeddedChannel a = channel(KEY, new SecureRandom(), new Events());
        EmbeddedChannel b = channel(KEY, new SecureRandom(), new Events());
        byte[] data = bytes(70_000, 12);
        write(a, data);
        byte[] wire = drainOutbound(a);
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(wire.length);
        direct.writeBytes(wire);
        b.writeInbound(tracked(direct));
        assertArrayEquals(data, drainInbound(b));
    }

    @Test
    void writesBeforeThePeerNonceArrivesAreDelivered() {
        EmbeddedChannel a = channel(KEY, new SecureRandom(), new Events());
        EmbeddedChannel b = channel(KEY, new SecureRandom(), new Events());
        byte[] early = bytes(64, 13);
        write(a, early);
        write(b, early);
        shuttle(a, b, 7);
        shuttle(b, a, 5);
        assertArrayEquals(early, drainInbound(a));
        assertArrayEquals(early, drainInbound(b));
    }

    @Test
    void differentKeysDecryptToGarbage() {
        EmbeddedChannel a = channel(KEY, new SecureRandom(), new Events());
        EmbeddedChannel b = channel(OTHER_KEY, new SecureRandom(), new Events());
        byte[] header = "\u0013/multistream/1.0.0\n".getBytes(StandardCharsets.US_ASCII);
        write(a, header);
        shuttle(a, b, Integer.MAX_VALUE);
        byte[] got = drainInbound(b);
        assertEquals(header.length, got.length);
        assertFalse(Arrays.equals(header, got), "pnet has no MAC: the layer above must notice");
    }

    @Test
    void closesWithAReasonWhenThePeerNonceIsLate() {
        Events events = new Events();
        EmbeddedChannel ch = channel(KEY, new SecureRandom(), events);
        drainOutbound(ch);
        ch.writeInbound(tracked(Unpooled.wrappedBuffer(new byte[10])));
        ch.advanceTimeBy(TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(2, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
        assertEquals(1, events.seen.size());
        PnetEvent.Failed failed = assertInstanceOf(PnetEvent.Failed.class, events.seen.get(0));
        assertTrue(failed.reason().contains("10 of 24"), failed.reason());
    }

    @Test
    void timerIsCancelledOnceTheNonceArrives() {
        EmbeddedChannel ch = channel(KEY, new SecureRandom(), new Events());
        ch.writeInbound(tracked(Unpooled.wrappedBuffer(new byte[PnetHandler.NONCE_BYTES])));
        ch.advanceTimeBy(TIMEOUT.toMillis() * 10, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
    }

    @Test
    void reportsAConnectionClosedBeforeTheNonce() {
        Events events = new Events();
        EmbeddedChannel ch = channel(KEY, new SecureRandom(), events);
        ch.writeInbound(tracked(Unpooled.wrappedBuffer(new byte[3])));
        ch.close();
        PnetEvent.Failed failed = assertInstanceOf(PnetEvent.Failed.class, events.seen.get(0));
        assertTrue(failed.reason().contains("3 of 24"), failed.reason());
    }

    @Test
    void refusesWritesThatAreNotByteBufsAndReleasesThem() {
        EmbeddedChannel ch = channel(KEY, new SecureRandom(), new Events());
        ByteBuf inside = tracked(Unpooled.buffer(4).writeInt(1));
        ChannelFuture f = ch.writeAndFlush(new DefaultByteBufHolder(inside));
        assertInstanceOf(IllegalArgumentException.class, f.cause());
        ChannelFuture s = ch.writeAndFlush("text");
        assertInstanceOf(IllegalArgumentException.class, s.cause());
    }

    @Test
    void emptyWritesPassThrough() {
        EmbeddedChannel ch = channel(KEY, new SecureRandom(), new Events());
        drainOutbound(ch);
        ch.writeOutbound(Unpooled.EMPTY_BUFFER);
        ByteBuf out = ch.readOutbound();
        assertEquals(0, out.readableBytes());
        out.release();
    }
}
