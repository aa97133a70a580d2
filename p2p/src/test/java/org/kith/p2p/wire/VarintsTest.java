package org.kith.p2p.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VarintsTest {

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 00",
        "1, 01",
        "127, 7f",
        "128, 8001",
        "300, ac02",
        "16384, 808001",
        "421, a503",
        "9223372036854775807, ffffffffffffffff7f",
    })
    void encodesAndDecodesSpecVectors(long value, String hex) {
        ByteBuf buf = Unpooled.buffer();
        Varints.writeVarint(buf, value);
        assertEquals(hex, io.netty.buffer.ByteBufUtil.hexDump(buf));
        assertEquals(hex.length() / 2, Varints.encodedLength(value));
        assertEquals(hex.length() / 2, Varints.readableVarintLength(buf));
        assertEquals(0, buf.readerIndex(), "peek must not consume");
        assertEquals(value, Varints.getVarint(buf, 0));
        assertEquals(value, Varints.readVarint(buf));
        assertEquals(0, buf.readableBytes());
        assertTrue(buf.release());
        assertEquals(0, buf.refCnt());
    }

    @Test
    void everyStrictPrefixNeedsMoreBytesAndConsumesNothing() {
        ByteBuf full = hex("ffffffffffffffff7f");
        for (int n = 0; n < full.readableBytes(); n++) {
            ByteBuf prefix = full.slice(0, n);
            assertEquals(Varints.NEED_MORE_BYTES, Varints.readableVarintLength(prefix));
            assertEquals(0, prefix.readerIndex());
        }
        full.release();
        assertEquals(0, full.refCnt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"8000", "ff00", "8100", "ff8000", "ac8200", "ffffffffffffffff00"})
    void rejectsNonMinimalEncodings(String hex) {
        ByteBuf buf = hex(hex);
        ProtocolException e = assertThrows(ProtocolException.class, () -> Varints.readableVarintLength(buf));
        assertEquals("varint not minimally encoded", e.reason());
        assertThrows(ProtocolException.class, () -> Varints.getVarint(buf, 0));
        assertThrows(ProtocolException.class, () -> Varints.readVarint(buf));
        assertEquals(0, buf.readerIndex());
        buf.release();
        assertEquals(0, buf.refCnt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ffffffffffffffffff", "ffffffffffffffffff01", "80808080808080808001"})
    void rejectsEncodingsLongerThanNineBytes(String hex) {
        ByteBuf buf = hex(hex);
        ProtocolException e = assertThrows(ProtocolException.class, () -> Varints.readableVarintLength(buf));
        assertEquals("varint longer than 9 bytes", e.reason());
        assertThrows(ProtocolException.class, () -> Varints.getVarint(buf, 0));
        buf.release();
        assertEquals(0, buf.refCnt());
    }

    @Test
    void readOfTruncatedVarintThrowsAndLeavesIndex() {
        ByteBuf buf = hex("ac");
        ProtocolException e = assertThrows(ProtocolException.class, () -> Varints.readVarint(buf));
        assertEquals("truncated varint", e.reason());
        assertEquals(0, buf.readerIndex());
        buf.release();
        assertEquals(0, buf.refCnt());
    }

    @Test
    void getVarintReadsAtAbsoluteIndexAndStopsAtWriterIndex() {
        ByteBuf buf = hex("ff ac02 99");
        assertEquals(300, Varints.getVarint(buf, 1));
        buf.writerIndex(2);
        assertThrows(ProtocolException.class, () -> Varints.getVarint(buf, 1));
        assertEquals(0, buf.readerIndex());
        buf.release();
        assertEquals(0, buf.refCnt());
    }

    @Test
    void refusesToWriteNegativeValues() {
        ByteBuf buf = Unpooled.buffer();
        assertThrows(IllegalArgumentException.class, () -> Varints.writeVarint(buf, -1));
        assertThrows(IllegalArgumentException.class, () -> Varints.encodedLength(Long.MIN_VALUE));
        assertEquals(0, buf.writerIndex());
        buf.release();
        assertEquals(0, buf.refCnt());
    }

    @Test
    void protocolExceptionCarriesReason() {
        ProtocolException e = new ProtocolException("bad thing", new IllegalStateException());
        assertEquals("bad thing", e.reason());
        assertEquals("bad thing", e.getMessage());
        assertTrue(e.getCause() instanceof IllegalStateException);
    }
}
