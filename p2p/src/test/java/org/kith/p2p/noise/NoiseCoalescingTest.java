package org.kith.p2p.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.p2p.noise.NoiseTestSupport.YAMUX;
import static org.kith.p2p.noise.NoiseTestSupport.drainInbound;
import static org.kith.p2p.noise.NoiseTestSupport.drainOutbound;
import static org.kith.p2p.noise.NoiseTestSupport.identity;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.p2p.testing.NettyLeakDetection;

/**
 * Outbound coalescing ({@link OutboundFrames}): writes queue until a flush and then go out as
 * full frames, in order, each promise completed once its bytes are out.
 */
@ExtendWith(NettyLeakDetection.class)
class NoiseCoalescingTest {

    private static final Ed25519KeyPair ALICE = identity(0x00);
    private static final Ed25519KeyPair BOB = identity(0x20);
    private static final int MAX = NoiseSecureChannel.MAX_PLAINTEXT_BYTES;

    private final EmbeddedChannel initiator = new EmbeddedChannel(NoiseSecureChannel.builder(ALICE)
            .random(new FixedRandom("alice e")).staticKey(NoiseTestSupport.staticKey("alice s"))
            .muxers(List.of(YAMUX)).initiator(BOB.peerId()));
    private final EmbeddedChannel responder = new EmbeddedChannel(NoiseSecureChannel.builder(BOB)
            .random(new FixedRandom("bob e")).staticKey(NoiseTestSupport.staticKey("bob s"))
            .muxers(List.of(YAMUX)).responder());

    NoiseCoalescingTest() {
        NoiseTestSupport.shuttle(initiator, responder);
    }

    @AfterEach
    void everyDeliveredBufferWasReleased() {
        initiator.checkException();
        responder.checkException();
        assertFalse(initiator.finishAndReleaseAll(), "initiator had unread messages");
        assertFalse(responder.finishAndReleaseAll(), "responder had unread messages");
        NoiseTestSupport.assertDeliveredBuffersReleased();
    }

    private static byte[] random(String seed, int length) {
        byte[] data = new byte[length];
        new FixedRandom(seed).nextBytes(data);
        return data;
    }

    /** A Yamux-like write: a 12-byte header and a payload, composed (as the Yamux encoder does). */
    private static ByteBuf yamuxLike(byte[] header, byte[] payload) {
        CompositeByteBuf frame = Unpooled.compositeBuffer(2);
        frame.addComponents(true, Unpooled.directBuffer(header.length).writeBytes(header),
                Unpooled.wrappedBuffer(payload));
        return frame;
    }

    private static List<Integer> frameLengths(byte[] wire) {
        List<Integer> lengths = new ArrayList<>();
        for (int pos = 0; pos < wire.length; ) {
            int len = ((wire[pos] & 0xff) << 8) | (wire[pos + 1] & 0xff);
            lengths.add(len);
            pos += 2 + len;
        }
        assertEquals(wire.length, lengths.stream().mapToInt(l -> l + 2).sum(), "the wire is whole frames");
        return lengths;
    }

    @Test
    void writesBeforeOneFlushGoOutAsFullFramesInWriteOrder() {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<ChannelFuture> writes = new ArrayList<>();
        List<ByteBuf> bufs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] header = random("header " + i, 12);
            byte[] payload = random("payload " + i, 65536);
            expected.writeBytes(header);
            expected.writeBytes(payload);
            ByteBuf buf = yamuxLike(header, payload);
            bufs.add(buf);
            writes.add(initiator.write(buf));
        }
        byte[] small = random("window update", 12);
        expected.writeBytes(small);
        writes.add(initiator.write(Unpooled.wrappedBuffer(small)));
        for (ChannelFuture w : writes) {
            assertFalse(w.isDone(), "nothing goes out before the flush");
        }
        assertEquals(0, drainOutbound(initiator).length);

        initiator.flush();
        for (ChannelFuture w : writes) {
            assertTrue(w.isSuccess(), String.valueOf(w.cause()));
        }
        for (ByteBuf buf : bufs) {
            assertEquals(0, buf.refCnt());
        }
        byte[] wire = drainOutbound(initiator);
        List<Integer> lengths = frameLengths(wire);
        int total = expected.size();
        assertEquals((total + MAX - 1) / MAX, lengths.size(), "as few frames as the bytes need");
        for (int k = 0; k < lengths.size() - 1; k++) {
            assertEquals(65535, lengths.get(k), "frame " + k + " is full");
        }
        assertEquals(total - (lengths.size() - 1) * MAX + 16, lengths.get(lengths.size() - 1));

        NoiseTestSupport.deliver(responder, wire);
        assertArrayEquals(expected.toByteArray(), drainInbound(responder));
    }

    @Test
    void eachFlushEndsAFrameSoNothingWaitsForMoreData() {
        initiator.writeAndFlush(Unpooled.wrappedBuffer(random("a", 100)));
        initiator.write(Unpooled.wrappedBuffer(random("b", 200)));
        initiator.write(Unpooled.wrappedBuffer(random("c", 300)));
        initiator.flush();
        assertEquals(List.of(116, 516), frameLengths(drainOutbound(initiator)));
    }

    @Test
    void aFullOutputBufferIsSealedWithoutWaitingForTheFlush() {
        int perBuffer = OutboundFrames.FRAMES_PER_BUFFER * MAX;
        byte[] first = random("first", perBuffer - 10);
        byte[] second = random("second", 20);
        ByteBuf firstBuf = Unpooled.wrappedBuffer(first);
        ByteBuf secondBuf = Unpooled.wrappedBuffer(second);
        ChannelFuture w1 = initiator.write(firstBuf);
        assertEquals(1, firstBuf.refCnt(), "below one output buffer: still queued");
        ChannelFuture w2 = initiator.write(secondBuf);
        assertEquals(0, firstBuf.refCnt(), "one output buffer's worth is sealed (and the plaintext freed) at once");
        assertEquals(1, secondBuf.refCnt(), "the rest waits for the flush");
        assertFalse(w1.isDone(), "sealed, but not flushed by us");
        initiator.flush();
        assertEquals(0, secondBuf.refCnt());
        assertTrue(w1.isSuccess() && w2.isSuccess());
        NoiseTestSupport.deliver(responder, drainOutbound(initiator));
        assertArrayEquals(NoiseTestSupport.concat(first, second), drainInbound(responder));
    }

    @Test
    void aWriteSpanningTwoOutputBuffersCompletesOnlyWithTheSecond() {
        int perBuffer = OutboundFrames.FRAMES_PER_BUFFER * MAX;
        byte[] lead = random("lead", 1000);
        byte[] big = random("big", perBuffer);
        byte[] tail = random("tail", 10);
        ChannelFuture w1 = initiator.write(Unpooled.wrappedBuffer(lead));
        ChannelFuture w2 = initiator.write(Unpooled.wrappedBuffer(big));
        ChannelFuture w3 = initiator.write(Unpooled.wrappedBuffer(tail));
        initiator.flush();
        assertTrue(w1.isSuccess() && w2.isSuccess() && w3.isSuccess());
        int buffers = 0;
        Object msg;
        while ((msg = initiator.readOutbound()) != null) {
            buffers++;
            responder.writeInbound(NoiseTestSupport.track((ByteBuf) msg));
        }
        assertEquals(2, buffers);
        assertArrayEquals(NoiseTestSupport.concat(lead, big, tail), drainInbound(responder));
    }

    @Test
    void emptyWritesAmongDataSucceedAndAddNothing() {
        ByteBuf empty1 = Unpooled.buffer(0);
        ByteBuf empty2 = Unpooled.buffer(0);
        ChannelFuture e1 = initiator.write(empty1);
        ChannelFuture d = initiator.write(Unpooled.wrappedBuffer(random("data", 50)));
        ChannelFuture e2 = initiator.write(empty2);
        initiator.flush();
        assertTrue(e1.isSuccess() && d.isSuccess() && e2.isSuccess());
        assertEquals(0, empty1.refCnt());
        assertEquals(0, empty2.refCnt());
        assertEquals(List.of(66), frameLengths(drainOutbound(initiator)));
    }

    @Test
    void closingWithUnflushedWritesFailsThemAndReleasesTheirBuffers() {
        ByteBuf pending = Unpooled.wrappedBuffer(random("never flushed", 1000));
        ChannelFuture w = initiator.write(pending);
        initiator.close();
        assertTrue(w.isDone() && !w.isSuccess());
        assertInstanceOf(ClosedChannelException.class, w.cause());
        assertEquals(0, pending.refCnt());
        assertEquals(0, drainOutbound(initiator).length);
    }
}
