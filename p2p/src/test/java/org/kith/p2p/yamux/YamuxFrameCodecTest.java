package org.kith.p2p.yamux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kith.p2p.yamux.YamuxException.Violation;

class YamuxFrameCodecTest {

    static {
        Leaks.paranoid();
    }

    private static final long NO_LIMIT = Long.MAX_VALUE;

    @AfterEach
    void noLeaks() {
        Leaks.assertNone();
    }

    private static EmbeddedChannel decoder(long hardMax, YamuxFrameDecoder.DataLimit limit) {
        return new EmbeddedChannel(new YamuxFrameDecoder(hardMax, limit));
    }

    private static ByteBuf encode(YamuxFrame frame) {
        EmbeddedChannel ch = new EmbeddedChannel(YamuxFrameEncoder.INSTANCE);
        assertTrue(ch.writeOutbound(frame));
        ByteBuf out = ch.readOutbound();
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
        return out;
    }

    private static byte[] pseudoRandom(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static List<YamuxFrame> sampleFrames() {
        return List.of(
                YamuxFrame.data(1, YamuxFrame.FLAG_SYN, Unpooled.wrappedBuffer(pseudoRandom(10, 1))),
                YamuxFrame.data(0xFFFF_FFFF, 0, Unpooled.wrappedBuffer(pseudoRandom(5000, 2))),
                YamuxFrame.data(2, YamuxFrame.FLAG_FIN, Unpooled.EMPTY_BUFFER),
                YamuxFrame.windowUpdate(3, YamuxFrame.FLAG_ACK, 0xFFFF_FFFFL),
                YamuxFrame.windowUpdate(4, YamuxFrame.FLAG_RST | YamuxFrame.FLAG_FIN, 0),
                YamuxFrame.ping(YamuxFrame.FLAG_SYN, 0x8000_0001L),
                YamuxFrame.ping(YamuxFrame.FLAG_ACK, 0),
                YamuxFrame.goAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR),
                YamuxFrame.goAway(YamuxFrame.GO_AWAY_INTERNAL_ERROR));
    }

    @Test
    void headerBytesAreBigEndianAsSpecified() {
        ByteBuf out = encode(YamuxFrame.windowUpdate(1, YamuxFrame.FLAG_SYN, 0x0004_0000));
        assertEquals("000100010000000100040000", ByteBufUtil.hexDump(out));
        out.release();
        out = encode(YamuxFrame.ping(YamuxFrame.FLAG_ACK, 0xDEADBEEFL));
        assertEquals("0002000200000000deadbeef", ByteBufUtil.hexDump(out));
        out.release();
        out = encode(YamuxFrame.goAway(2));
        assertEquals("000300000000000000000002", ByteBufUtil.hexDump(out));
        out.release();
        out = encode(YamuxFrame.data(3, YamuxFrame.FLAG_FIN, Unpooled.wrappedBuffer(new byte[] {(byte) 0xAB})));
        assertEquals("000000040000000300000001ab", ByteBufUtil.hexDump(out));
        out.release();
    }

    @Test
    void roundTripsEveryTypeAndFullRangeFields() {
        for (YamuxFrame frame : sampleFrames()) {
            ByteBuf wire = encode(frame.retain());
            EmbeddedChannel in = decoder(1 << 20, (id, flags) -> NO_LIMIT);
            assertTrue(in.writeInbound(wire));
            YamuxFrame decoded = in.readInbound();
            assertEquals(frame, decoded, frame.toString());
            assertEquals(frame.payload().readableBytes(), decoded.payload().readableBytes());
            decoded.release();
            frame.release();
            if (frame.payload() != Unpooled.EMPTY_BUFFER) {
                assertEquals(0, frame.refCnt());
            }
            assertFalse(in.finish());
        }
    }

    @Test
    void largeAndSmallPayloadsEncodeToTheSameBytes() {
        for (int size : new int[] {0, 1, YamuxFrameEncoder.COPY_THRESHOLD_BYTES, YamuxFrameEncoder.COPY_THRESHOLD_BYTES + 1,
                65536}) {
            byte[] payload = pseudoRandom(size, size);
            ByteBuf expected = Unpooled.buffer();
            expected.writeByte(0).writeByte(0).writeShort(0).writeInt(7).writeInt(size).writeBytes(payload);
            ByteBuf out = encode(YamuxFrame.data(7, 0, Unpooled.wrappedBuffer(payload)));
            assertTrue(ByteBufUtil.equals(expected, out), "size " + size);
            out.release();
            expected.release();
        }
    }

    @Test
    void decodesOneByteAtATime() {
        ByteBuf all = Unpooled.buffer();
        for (YamuxFrame frame : sampleFrames()) {
            ByteBuf e = encode(frame.retain());
            all.writeBytes(e);
            e.release();
        }
        EmbeddedChannel in = decoder(1 << 20, (id, flags) -> NO_LIMIT);
        while (all.isReadable()) {
            in.writeInbound(all.readRetainedSlice(1));
        }
        all.release();
        for (YamuxFrame expected : sampleFrames()) {
            YamuxFrame got = in.readInbound();
            assertEquals(expected, got);
            got.release();
            expected.release();
        }
        assertNull(in.readInbound());
        assertFalse(in.finish());
    }

    @Test
    void decodesTwoFramesInOneBuffer() {
        ByteBuf a = encode(YamuxFrame.data(5, 0, Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
        ByteBuf b = encode(YamuxFrame.windowUpdate(5, YamuxFrame.FLAG_FIN, 0));
        ByteBuf both = Unpooled.wrappedBuffer(a, b);
        EmbeddedChannel in = decoder(1 << 20, (id, flags) -> NO_LIMIT);
        assertTrue(in.writeInbound(both));
        YamuxFrame first = in.readInbound();
        YamuxFrame second = in.readInbound();
        assertEquals(YamuxFrame.Type.DATA, first.type());
        assertArrayEquals(new byte[] {1, 2, 3}, ByteBufUtil.getBytes(first.payload()));
        assertEquals(YamuxFrame.Type.WINDOW_UPDATE, second.type());
        assertTrue(second.has(YamuxFrame.FLAG_FIN));
        first.release();
        second.release();
        assertEquals(0, first.refCnt());
        assertFalse(in.finish());
    }

    @Test
    void dataPayloadIsASliceReleasedWithTheFrame() {
        ByteBuf wire = PooledByteBufAllocator.DEFAULT.directBuffer();
        wire.writeBytes(Wire.data(9, 0, new byte[] {4, 5, 6, 7}));
        EmbeddedChannel in = decoder(1 << 20, (id, flags) -> NO_LIMIT);
        in.writeInbound(wire);
        YamuxFrame frame = in.readInbound();
        assertEquals(1, frame.refCnt());
        assertTrue(frame.release());
        assertEquals(0, frame.payload().refCnt());
        assertFalse(in.finish());
    }

    private static YamuxException decodeFailure(EmbeddedChannel in, ByteBuf bytes) {
        DecoderException e = assertThrows(DecoderException.class, () -> in.writeInbound(bytes));
        return assertInstanceOf(YamuxException.class, e.getCause());
    }

    @Test
    void rejectsUnknownType() {
        EmbeddedChannel in = decoder(1 << 20, (id, flags) -> NO_LIMIT);
        YamuxException e = decodeFailure(in, Wire.header(0, 4, 0, 1, 0));
        assertEquals(Violation.UNKNOWN_TYPE, e.violation());
        assertFalse(in.finish());
    }

    @Test
    void rejectsBadVersion() {
        EmbeddedChannel in = decoder(1 << 20, (id, flags) -> NO_LIMIT);
        YamuxException e = decodeFailure(in, Wire.header(1, 0, 0, 1, 0));
        assertEquals(Violation.BAD_VERSION, e.violation());
        assertEquals(YamuxException.Reason.PROTOCOL_VIOLATION, e.reason());
        assertFalse(in.finish());
    }

    @Test
    void acceptsDataExactlyAtHardLimit() {
        EmbeddedChannel in = decoder(1024, (id, flags) -> NO_LIMIT);
        assertTrue(in.writeInbound(Wire.data(1, 0, new byte[1024])));
        YamuxFrame frame = in.readInbound();
        assertEquals(1024, frame.length());
        frame.release();
        assertFalse(in.finish());
    }

    @Test
    void rejectsDataOneByteOverHardLimitFromTheHeaderAlone() {
        EmbeddedChannel in = decoder(1024, (id, flags) -> NO_LIMIT);
        // Only the header: the decoder must not wait for (or buffer) the 1025 payload bytes.
        YamuxException e = decodeFailure(in, Wire.header(0, 0, 0, 1, 1025));
        assertEquals(Violation.FRAME_TOO_LARGE, e.violation());
        assertFalse(in.finish());
    }

    @Test
    void rejectsHugeLengthWithoutAllocating() {
        EmbeddedChannel in = decoder(16 << 20, (id, flags) -> NO_LIMIT);
        YamuxException e = decodeFailure(in, Wire.header(0, 0, 0, 1, 0xFFFF_FFFFL));
        assertEquals(Violation.FRAME_TOO_LARGE, e.violation());
        assertFalse(in.finish());
    }

    @Test
    void rejectsDataOverTheStreamWindowFromTheHeaderAlone() {
        List<Long> asked = new ArrayList<>();
        EmbeddedChannel in = decoder(1 << 20, (id, flags) -> {
            asked.add(Integer.toUnsignedLong(id));
            return 100;
        });
        assertTrue(in.writeInbound(Wire.data(3, 0, new byte[100])));
        ((YamuxFrame) in.readInbound()).release();
        YamuxException e = decodeFailure(in, Wire.header(0, 0, 0, 3, 101));
        assertEquals(Violation.WINDOW_EXCEEDED, e.violation());
        assertEquals(List.of(3L, 3L), asked);
        assertFalse(in.finish());
    }

    @Test
    void windowLimitDoesNotApplyToOtherFrameTypes() {
        EmbeddedChannel in = decoder(10, (id, flags) -> 0);
        assertTrue(in.writeInbound(Wire.windowUpdate(1, 0, 0xFFFF_FFFFL)));
        YamuxFrame frame = in.readInbound();
        assertEquals(0xFFFF_FFFFL, frame.length());
        assertFalse(in.finish());
    }

    @Test
    void discardsEverythingAfterAFailure() {
        EmbeddedChannel in = decoder(1 << 20, (id, flags) -> NO_LIMIT);
        decodeFailure(in, Wire.header(7, 0, 0, 1, 0));
        ByteBuf valid = Wire.ping(YamuxFrame.FLAG_SYN, 1);
        assertFalse(in.writeInbound(valid));
        assertEquals(0, valid.refCnt());
        assertNull(in.readInbound());
        assertFalse(in.finish());
    }

    @Test
    void frameRecordRejectsInconsistentFields() {
        assertThrows(IllegalArgumentException.class,
                () -> new YamuxFrame(YamuxFrame.Type.PING, 0x1_0000, 0, 0, Unpooled.EMPTY_BUFFER));
        assertThrows(IllegalArgumentException.class,
                () -> new YamuxFrame(YamuxFrame.Type.PING, 0, 0, 1L << 32, Unpooled.EMPTY_BUFFER));
        assertThrows(IllegalArgumentException.class,
                () -> new YamuxFrame(YamuxFrame.Type.DATA, 0, 1, 5, Unpooled.wrappedBuffer(new byte[4])));
        assertThrows(IllegalArgumentException.class,
                () -> new YamuxFrame(YamuxFrame.Type.PING, 0, 0, 1, Unpooled.wrappedBuffer(new byte[1])));
    }

    @Test
    void toStringShowsHeaderNotPayload() {
        YamuxFrame frame = YamuxFrame.data(0xFFFF_FFFF, YamuxFrame.FLAG_SYN | YamuxFrame.FLAG_FIN | 0x40,
                Unpooled.wrappedBuffer("secret".getBytes()));
        assertEquals("YamuxFrame[DATA flags=SYN|FIN|0x40 stream=4294967295 length=6]", frame.toString());
        frame.release();
    }
}
