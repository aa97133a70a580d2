package org.kith.p2p.multistream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.p2p.wire.CorpusFile;
import org.kith.p2p.wire.ProtocolException;

class MultistreamMessagesTest {

    private final List<ByteBuf> buffers = new ArrayList<>();

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void releaseAll() {
        for (ByteBuf b : buffers) {
            if (b.refCnt() > 0) {
                b.release();
            }
            assertEquals(0, b.refCnt());
        }
    }

    private ByteBuf track(ByteBuf b) {
        buffers.add(b);
        return b;
    }

    private ByteBuf hex(String hex) {
        return track(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", ""))));
    }

    private ByteBuf encode(String... messages) {
        return track(MultistreamMessages.encode(ByteBufAllocator.DEFAULT, messages));
    }

    static List<CorpusFile.Case> malformed() {
        return CorpusFile.load("/multistream/malformed-messages.hex");
    }

    @Test
    void encodesTheChecklistVectors() {
        assertEquals("13" + HexFormat.of().formatHex("/multistream/1.0.0".getBytes(StandardCharsets.US_ASCII)) + "0a",
                ByteBufUtil.hexDump(encode(MultistreamSelect.PROTOCOL_ID)));
        assertEquals("036e610a", ByteBufUtil.hexDump(encode("na")));
        assertEquals("036c730a", ByteBufUtil.hexDump(encode("ls")));
    }

    @Test
    void roundTripsMessages() {
        ByteBuf buf = encode("/multistream/1.0.0", "/yamux/1.0.0", "", "/ünïcödé/✓", "a".repeat(1023));
        assertEquals("/multistream/1.0.0", MultistreamMessages.tryRead(buf));
        assertEquals("/yamux/1.0.0", MultistreamMessages.tryRead(buf));
        assertEquals("", MultistreamMessages.tryRead(buf));
        assertEquals("/ünïcödé/✓", MultistreamMessages.tryRead(buf));
        assertEquals("a".repeat(1023), MultistreamMessages.tryRead(buf));
        assertNull(MultistreamMessages.tryRead(buf));
        assertFalse(buf.isReadable());
    }

    @Test
    void readsWhenFedOneByteAtATime() {
        ByteBuf wire = encode("/noise", "na");
        ByteBuf acc = track(Unpooled.buffer());
        List<String> got = new ArrayList<>();
        while (wire.isReadable()) {
            acc.writeByte(wire.readByte());
            int before = acc.readerIndex();
            String m = MultistreamMessages.tryRead(acc);
            if (m == null) {
                assertEquals(before, acc.readerIndex(), "incomplete read must not consume");
            } else {
                got.add(m);
            }
        }
        assertEquals(List.of("/noise", "na"), got);
    }

    @Test
    void readsTwoMessagesFromOneBufferAndLeavesTheRest() {
        ByteBuf buf = encode("/a", "/b");
        buf.writeBytes(new byte[] {1, 2, 3});
        assertEquals("/a", MultistreamMessages.tryRead(buf));
        assertEquals("/b", MultistreamMessages.tryRead(buf));
        assertEquals("010203", ByteBufUtil.hexDump(buf));
    }

    @Test
    void acceptsMessageOfExactlyMaxLength() {
        ByteBuf buf = encode("x".repeat(1023));
        assertEquals("8008", ByteBufUtil.hexDump(buf, 0, 2));
        assertEquals(1024 + 2, buf.readableBytes());
        assertEquals(1023, MultistreamMessages.tryRead(buf).length());
    }

    @Test
    void rejectsMaxPlusOneFromTheLengthPrefixAlone() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> MultistreamMessages.tryRead(hex("8108")));
        assertEquals("message of 1025 bytes exceeds 1024 bytes", e.reason());
    }

    @Test
    void truncatedMessageWaitsWithoutConsuming() {
        ByteBuf buf = track(Unpooled.buffer().writeBytes(HexFormat.of().parseHex("072f6e6f6973")));
        assertNull(MultistreamMessages.tryRead(buf));
        assertEquals(0, buf.readerIndex());
        buf.writeByte('e');
        assertNull(MultistreamMessages.tryRead(buf));
        buf.writeByte('\n');
        assertEquals("/noise", MultistreamMessages.tryRead(buf));
        assertNull(MultistreamMessages.tryRead(Unpooled.EMPTY_BUFFER));
        assertNull(MultistreamMessages.tryRead(hex("80")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesMalformedMessages(CorpusFile.Case c) {
        ByteBuf buf = hex(c.field(0));
        assertThrows(ProtocolException.class, () -> MultistreamMessages.tryRead(buf));
        assertEquals(0, buf.readerIndex(), "a refused message must not be consumed");
    }

    @Test
    void lsReplyUsesTheJsFormat() {
        ByteBuf reply = track(MultistreamMessages.encodeLsReply(ByteBufAllocator.DEFAULT, List.of("/a", "/bb")));
        // len 10 ‖ (03 "/a" \n) (04 "/bb" \n) \n
        assertEquals("0a" + "032f610a" + "042f62620a" + "0a", ByteBufUtil.hexDump(reply));
        String content = MultistreamMessages.tryRead(reply);
        assertEquals("\u0003/a\n\u0004/bb\n", content);
    }

    @Test
    void lsReplyOverTheLimitIsNotProduced() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add("/" + "p".repeat(60) + i);
        }
        assertNull(MultistreamMessages.encodeLsReply(ByteBufAllocator.DEFAULT, many));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "na", "ls", "/multistream/1.0.0", "/a\n", "/x\ud800", "/y\udc00z"})
    void refusesReservedOrMalformedLocalProtocolIds(String id) {
        assertThrows(IllegalArgumentException.class, () -> MultistreamMessages.checkProtocol(id));
    }

    @Test
    void localProtocolIdLimits() {
        assertEquals("/" + "a".repeat(1022), MultistreamMessages.checkProtocol("/" + "a".repeat(1022)));
        assertThrows(IllegalArgumentException.class, () -> MultistreamMessages.checkProtocol("/" + "a".repeat(1023)));
        assertThrows(IllegalArgumentException.class, () -> MultistreamMessages.checkProtocol(null));
        assertEquals("/😀", MultistreamMessages.checkProtocol("/😀"));
    }

    @Test
    void quoteEscapesControlsAndBoundsLength() {
        assertEquals("'a\\u000ab'", MultistreamMessages.quote("a\nb"));
        String q = MultistreamMessages.quote("z".repeat(500));
        assertTrue(q.length() < 100, q);
        assertTrue(q.contains("500 chars"), q);
    }
}
