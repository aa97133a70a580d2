package org.kith.protocol.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnsignedVarintTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({
        "0,                   00",
        "1,                   01",
        "127,                 7f",
        "128,                 8001",
        "255,                 ff01",
        "300,                 ac02",
        "16383,               ff7f",
        "16384,               808001",
        "2097151,             ffff7f",
        "2097152,             80808001",
        "4294967295,          ffffffff0f",
        "9223372036854775807, ffffffffffffffff7f",
    })
    void matchesMultiformatsVectorsBothWays(long value, String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertArrayEquals(bytes, UnsignedVarint.encode(value));
        assertEquals(bytes.length, UnsignedVarint.encodedLength(value));
        assertEquals(new UnsignedVarint.Decoded(value, bytes.length), UnsignedVarint.decode(bytes, 0));
    }

    @Test
    void writeAppendsToTheStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xAA);
        UnsignedVarint.write(300, out);
        UnsignedVarint.write(1, out);
        assertEquals("aaac0201", HEX.formatHex(out.toByteArray()));
    }

    @Test
    void longestValueTakesExactlyMaxBytes() {
        assertEquals(UnsignedVarint.MAX_BYTES, UnsignedVarint.encodedLength(Long.MAX_VALUE));
        assertEquals(UnsignedVarint.MAX_BYTES, UnsignedVarint.encode(Long.MAX_VALUE).length);
        assertEquals(UnsignedVarint.MAX_BYTES, UnsignedVarint.encode(1L << 56).length);
        assertEquals(UnsignedVarint.MAX_BYTES - 1, UnsignedVarint.encode((1L << 56) - 1).length);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {-1, -128, Long.MIN_VALUE})
    void rejectsNegativeValuesOnEncode(long value) {
        assertThrows(IllegalArgumentException.class, () -> UnsignedVarint.encode(value));
        assertThrows(IllegalArgumentException.class, () -> UnsignedVarint.encodedLength(value));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(IllegalArgumentException.class, () -> UnsignedVarint.write(value, out));
        assertEquals(0, out.size(), "nothing written on failure");
    }

    @Test
    void decodesAtAnOffsetAndReportsOnlyTheVarintLength() {
        byte[] data = HEX.parseHex("ffff" + "ac02" + "0102");
        assertEquals(new UnsignedVarint.Decoded(300, 2), UnsignedVarint.decode(data, 2));
        assertEquals(new UnsignedVarint.Decoded(1, 1), UnsignedVarint.decode(data, 4));
        assertEquals(new UnsignedVarint.Decoded(2, 1), UnsignedVarint.decode(data, 5));
    }

    @ParameterizedTest(name = "rejects non-minimal {0}")
    @ValueSource(strings = {"8000", "ff00", "8100", "ff8000", "808000", "80808000", "ac8000",
        "ffffffffffffffff00", "808080808080808000"})
    void rejectsNonMinimalEncodings(String hex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnsignedVarint.decode(HEX.parseHex(hex), 0));
        assertTrue(e.getMessage().contains("minimal"), e.getMessage());
    }

    @ParameterizedTest(name = "rejects truncated {0}")
    @ValueSource(strings = {"", "80", "ff", "8080", "ffffffff", "ffffffffffffffff"})
    void rejectsTruncatedEncodings(String hex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnsignedVarint.decode(HEX.parseHex(hex), 0));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsReadingPastTheEndAtAnOffset() {
        byte[] data = HEX.parseHex("0180");
        assertThrows(IllegalArgumentException.class, () -> UnsignedVarint.decode(data, 1));
        assertThrows(IllegalArgumentException.class, () -> UnsignedVarint.decode(data, 2));
        assertThrows(IllegalArgumentException.class, () -> UnsignedVarint.decode(data, 100));
    }

    @ParameterizedTest(name = "rejects over-long {0}")
    @ValueSource(strings = {"ffffffffffffffffff01", "80808080808080808001", "ffffffffffffffffffff7f",
        "ffffffffffffffffff"})
    void rejectsEncodingsLongerThanNineBytes(String hex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnsignedVarint.decode(HEX.parseHex(hex), 0));
        assertTrue(e.getMessage().contains("longer"), e.getMessage());
    }

    @Test
    void rejectsNinthByteContinuationEvenWhenMoreDataFollows() {
        // Ten bytes would encode a value >= 2^63; must be rejected, not wrapped to a negative long.
        byte[] data = HEX.parseHex("80808080808080808001" + "00000000");
        assertThrows(IllegalArgumentException.class, () -> UnsignedVarint.decode(data, 0));
    }

    @Test
    void decodedValuesAreNeverNegative() {
        assertEquals(Long.MAX_VALUE, UnsignedVarint.decode(HEX.parseHex("ffffffffffffffff7f"), 0).value());
    }

    @Test
    void roundTripsTwoThousandRandomValuesOfEveryBitLength() {
        Random random = new Random(0x7A21L);
        for (int i = 0; i < 2_000; i++) {
            int bits = random.nextInt(64); // 0..63 significant bits
            long value = bits == 0 ? 0 : (random.nextLong() >>> (64 - bits)) | (1L << (bits - 1));
            byte[] encoded = UnsignedVarint.encode(value);
            int expectedLength = Math.max(1, (bits + 6) / 7);
            assertEquals(expectedLength, encoded.length, () -> "value " + value);
            assertEquals(expectedLength, UnsignedVarint.encodedLength(value));
            for (int j = 0; j < encoded.length - 1; j++) {
                assertTrue((encoded[j] & 0x80) != 0, "continuation bit on all but the last byte");
            }
            assertEquals(0, encoded[encoded.length - 1] & 0x80);
            // Embed between junk to check offset handling.
            byte[] framed = new byte[encoded.length + 3];
            framed[0] = (byte) 0xff;
            System.arraycopy(encoded, 0, framed, 1, encoded.length);
            framed[framed.length - 2] = (byte) 0x80;
            framed[framed.length - 1] = (byte) 0x80;
            assertEquals(new UnsignedVarint.Decoded(value, encoded.length), UnsignedVarint.decode(framed, 1));
        }
    }

    @Test
    void everyDecodableRandomByteStringReencodesToTheSameBytes() {
        // Minimality means decode is injective: re-encoding gives back exactly the bytes consumed.
        Random random = new Random(0xDEC0DEL);
        int decoded = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] data = new byte[1 + random.nextInt(11)];
            random.nextBytes(data);
            for (int j = 0; j < data.length - 1; j++) {
                if (random.nextBoolean()) {
                    data[j] |= (byte) 0x80; // bias towards multi-byte varints
                }
            }
            UnsignedVarint.Decoded d;
            try {
                d = UnsignedVarint.decode(data, 0);
            } catch (IllegalArgumentException e) {
                continue;
            }
            decoded++;
            assertTrue(d.value() >= 0);
            assertTrue(d.length() <= UnsignedVarint.MAX_BYTES);
            assertArrayEquals(java.util.Arrays.copyOf(data, d.length()), UnsignedVarint.encode(d.value()));
        }
        assertTrue(decoded > 500, "enough samples decoded: " + decoded);
    }
}
