package org.kith.p2p.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LengthPrefixedFrameCodecTest {

    private static final int MAX = 300;

    private final List<ByteBuf> handedIn = new ArrayList<>();

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void everyInputReleased() {
        for (ByteBuf buf : handedIn) {
            assertEquals(0, buf.refCnt(), "input buffer leaked");
        }
    }

    private ByteBuf track(ByteBuf buf) {
        handedIn.add(buf);
        return buf;
    }

    private ByteBuf hex(String hex) {
        return track(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", ""))));
    }

    private static byte[] payload(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    private static String readFrame(EmbeddedChannel ch) {
        ByteBuf frame = ch.readInbound();
        if (frame == null) {
            return null;
        }
        String hex = ByteBufUtil.hexDump(frame);
        // A frame is a retained slice: releasing it drops our share of the inbound buffer, which
        // reaches 0 only once the decoder has let go too (checked after each test).
        frame.release();
        return hex;
    }

    /** Everything the encoder wrote, as one hex string. */
    private static String drainOutbound(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        ByteBuf part;
        while ((part = ch.readOutbound()) != null) {
            sb.append(ByteBufUtil.hexDump(part));
            part.release();
        }
        return sb.toString();
    }

    @Test
    void roundTripsThroughEncoderAndDecoder() {
        EmbeddedChannel out = new EmbeddedChannel(new LengthPrefixedFrameEncoder(MAX));
        EmbeddedChannel in = new EmbeddedChannel(new LengthPrefixedFrameDecoder(MAX));
        for (int size : new int[] {0, 1, 127, 128, MAX}) {
            // Not wrappedBuffer: wrapping an empty array yields the shared EMPTY_BUFFER.
            ByteBuf msg = track(Unpooled.buffer(size).writeBytes(payload(size)));
            assertTrue(out.writeOutbound(msg));
            String wire = drainOutbound(out);
            in.writeInbound(hex(wire));
            assertEquals(ByteBufUtil.hexDump(payload(size)), readFrame(in));
        }
        assertFalse(out.finishAndReleaseAll());
        assertFalse(in.finishAndReleaseAll());
    }

    @Test
    void encoderPrependsMinimalVarint() {
        EmbeddedChannel out = new EmbeddedChannel(new LengthPrefixedFrameEncoder(MAX));
        out.writeOutbound(track(Unpooled.wrappedBuffer(payload(200))));
        assertTrue(drainOutbound(out).startsWith("c801"));
        out.writeOutbound(track(Unpooled.buffer(0)));
        assertEquals("00", drainOutbound(out));
        assertFalse(out.finishAndReleaseAll());
    }

    @Test
    void inputEndingInsideAFrameIsAnErrorAfterTheCompleteFrames() {
        EmbeddedChannel in = new EmbeddedChannel(new LengthPrefixedFrameDecoder(MAX));
        // one complete 2-byte frame, then a frame announcing 5 bytes of which 2 arrive
        in.writeInbound(hex("02abcd" + "05aaaa"));
        assertEquals("abcd", readFrame(in));
        in.pipeline().fireUserEventTriggered(io.netty.channel.socket.ChannelInputShutdownEvent.INSTANCE);
        ProtocolException e = assertThrows(ProtocolException.class, in::checkException);
        assertTrue(e.getMessage().contains("ended inside a frame (3 bytes"), e.getMessage());
        assertNull(readFrame(in));
        assertFalse(in.finishAndReleaseAll());
    }

    @Test
    void inputEndingBetweenFramesIsClean() {
        EmbeddedChannel in = new EmbeddedChannel(new LengthPrefixedFrameDecoder(MAX));
        in.writeInbound(hex("01ff"));
        assertEquals("ff", readFrame(in));
        in.pipeline().fireUserEventTriggered(io.netty.channel.socket.ChannelInputShutdownEvent.INSTANCE);
        in.checkException();
        assertFalse(in.finishAndReleaseAll());
    }

    @Test
    void decodesWhenFedOneByteAtATime() {
        EmbeddedChannel in = new EmbeddedChannel(new LengthPrefixedFrameDecoder(MAX));
        // 300 bytes of payload behind the two-byte prefix ac 02.
        ByteBuf all = Unpooled.buffer();
        all.writeBytes(HexFormat.of().parseHex("ac02")).writeBytes(payload(MAX));
        while (all.isReadable()) {
            assertNull(readFrame(in));
            in.writeInbound(track(all.readRetainedSlice(1)));
        }
        all.release();
        assertEquals(ByteBufUtil.hexDump(payload(MAX)), readFrame(in));
        assertNull(readFrame(in));
        assertFalse(in.finishAndReleaseAll());
    }

    @Test
    void decodesTwoFramesInOneBuffer() {
        EmbeddedChannel in = new EmbeddedChannel(new LengthPrefixedFrameDecoder(MAX));
        in.writeInbound(hex("02aabb 00 01cc 03"));
        assertEquals("aabb", readFrame(in));
        assertEquals("", readFrame(in));
        assertEquals("cc", readFrame(in));
        assertNull(readFrame(in));
        in.writeInbound(hex("ddeeff"));
        assertEquals("ddeeff", readFrame(in));
        assertFalse(in.finishAndReleaseAll());
    }

    @Test
    void acceptsFrameOfExactlyTheLimit() {
        EmbeddedChannel in = new EmbeddedChannel(new LengthPrefixedFrameDecoder(MAX));
        ByteBuf wire = track(Unpooled.buffer());
        Varints.writeVarint(wire, MAX).writeBytes(payload(MAX));
        in.writeInbound(wire);
        assertEquals(ByteBufUtil.hexDump(payload(MAX)), readFrame(in));
        assertFalse(in.finishAndReleaseAll());
    }

    @Test
    void rejectsFrameOneByteOverLimitFromItsPrefixAlone() {
        EmbeddedChannel in = new EmbeddedChannel(new LengthPrefixedFrameDecoder(MAX));
        ByteBuf prefix = track(Unpooled.buffer());
        Varints.writeVarint(prefix, MAX + 1L);
        ProtocolException e = assertThrows(ProtocolException.class, () -> in.writeInbound(prefix));
        assertEquals("frame of 301 bytes exceeds limit of 300", e.reason());
        // Out of sync from here on: everything else is discarded and released.
        in.writeInbound(hex("01aa"));
        assertNull(readFrame(in));
        assertFalse(in.finishAndReleaseAll());
    }

    @Test
    void rejectsNonMinimalAndOverlongPrefixes() {
        for (String bad : new String[] {"8000", "8180 00", "ffffffffffffffffff01"}) {
            EmbeddedChannel in = new EmbeddedChannel(new LengthPrefixedFrameDecoder(1 << 20));
            assertThrows(ProtocolException.class, () -> in.writeInbound(hex(bad)));
            assertNull(readFrame(in));
            assertFalse(in.finishAndReleaseAll());
        }
    }

    @Test
    void hugeDeclaredLengthIsRejectedWithoutWaitingForPayload() {
        EmbeddedChannel in = new EmbeddedChannel(new LengthPrefixedFrameDecoder(MAX));
        // 2^62: a decoder that allocated or waited first would stall or fail allocation.
        assertThrows(ProtocolException.class, () -> in.writeInbound(hex("8080808080808080 40")));
        assertFalse(in.finishAndReleaseAll());
    }

    @Test
    void truncatedFrameEmitsNothing() {
        EmbeddedChannel in = new EmbeddedChannel(new LengthPrefixedFrameDecoder(MAX));
        in.writeInbound(hex("05aabbcc"));
        assertNull(readFrame(in));
        in.writeInbound(hex("dd"));
        assertNull(readFrame(in));
        in.writeInbound(hex("ee"));
        assertEquals("aabbccddee", readFrame(in));
        assertFalse(in.finishAndReleaseAll());
    }

    @Test
    void encoderRefusesOversizeFrameAndReleasesIt() {
        EmbeddedChannel out = new EmbeddedChannel(new LengthPrefixedFrameEncoder(MAX));
        ByteBuf big = track(Unpooled.wrappedBuffer(payload(MAX + 1)));
        ChannelFuture f = out.writeAndFlush(big);
        assertFalse(f.isSuccess());
        assertInstanceOf(EncoderException.class, f.cause());
        assertNull(out.readOutbound());
        assertFalse(out.finishAndReleaseAll());
    }

    @Test
    void constructorsRejectNegativeLimits() {
        assertThrows(IllegalArgumentException.class, () -> new LengthPrefixedFrameDecoder(-1));
        assertThrows(IllegalArgumentException.class, () -> new LengthPrefixedFrameEncoder(-1));
        assertEquals(7, new LengthPrefixedFrameDecoder(7).maxFrameBytes());
    }
}
