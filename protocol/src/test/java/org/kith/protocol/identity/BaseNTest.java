package org.kith.protocol.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BaseNTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String BASE58_ALPHABET =
            "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BASE36_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    // ---- base58btc vectors ----

    @Test
    void encodesEmptyInputAsEmptyBase58String() {
        assertEquals("", BaseN.BASE58_BTC.encode(new byte[0]));
    }

    @Test
    void decodesEmptyBase58StringAsEmptyBytes() {
        assertArrayEquals(new byte[0], BaseN.BASE58_BTC.decode(""));
    }

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({
        "00,                       1",
        "0000,                     11",
        "000001,                   112",
        "0000000000,               11111",
        "01,                       2",
        "39,                       z",
        "3a,                       21",
        "61,                       2g",
        "626262,                   a3gV",
        "636363,                   aPEr",
        "ff,                       5Q",
        "ffff,                     LUv",
        "0000ff,                   115Q",
        "68656c6c6f20776f726c64,   StV1DL6CwTryKyV",
        "48656c6c6f20576f726c6421, 2NEpo7TZRRrLZSi2U",
        "796573206d616e692021,     7paNL19xttacUY",
        "00796573206d616e692021,   17paNL19xttacUY",
        "0000796573206d616e692021, 117paNL19xttacUY",
    })
    void base58MatchesKnownVectorsBothWays(String hex, String base58) {
        byte[] bytes = HEX.parseHex(hex);
        assertEquals(base58, BaseN.BASE58_BTC.encode(bytes));
        assertArrayEquals(bytes, BaseN.BASE58_BTC.decode(base58));
    }

    @Test
    void encodesLeadingZeroBytesAsLeadingOnesOneForOne() {
        for (int zeros = 0; zeros < 40; zeros++) {
            byte[] input = new byte[zeros + 1];
            input[zeros] = 1;
            assertEquals("1".repeat(zeros) + "2", BaseN.BASE58_BTC.encode(input), "zeros=" + zeros);
            assertEquals("1".repeat(zeros + 1), BaseN.BASE58_BTC.encode(new byte[zeros + 1]));
        }
    }

    @Test
    void encodesHelloWorldStringsLikeOtherImplementations() {
        assertEquals("StV1DL6CwTryKyV", BaseN.BASE58_BTC.encode("hello world".getBytes(UTF_8)));
        assertEquals("hello world", new String(BaseN.BASE58_BTC.decode("StV1DL6CwTryKyV"), UTF_8));
    }

    @ParameterizedTest(name = "rejects {0}")
    @ValueSource(strings = {
        "0", "O", "I", "l", "10", "1O", "1I", "1l", "StV1DL6CwTryKyV0", "OStV1DL6CwTryKyV",
        "+", "/", "=", "-", "_", " ", "StV1DL6Cw TryKyV", "StV1DL6CwTryKyV\n", "\t", "\u0000",
        "é", "StV1DL6CwTryKyVé", "\u00b2", "\u0661", "\uff11", "\ud83d\ude00", "\ud800", "\u007f"
    })
    void base58RejectsCharactersOutsideTheAlphabet(String text) {
        assertThrows(IllegalArgumentException.class, () -> BaseN.BASE58_BTC.decode(text));
    }

    @Test
    void base58AcceptsExactlyItsFiftyEightLatin1Characters() {
        int rejected = 0;
        for (char c = 0; c < 256; c++) {
            String text = "2" + c;
            if (BASE58_ALPHABET.indexOf(c) >= 0) {
                assertEquals(text, BaseN.BASE58_BTC.encode(BaseN.BASE58_BTC.decode(text)));
            } else {
                assertThrows(IllegalArgumentException.class, () -> BaseN.BASE58_BTC.decode(text),
                        "char " + (int) c);
                rejected++;
            }
        }
        assertEquals(256 - 58, rejected);
    }

    // ---- base36 vectors ----

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({
        "00,                       0",
        "000001,                   001",
        "01,                       1",
        "23,                       z",
        "24,                       10",
        "ff,                       73",
        "796573206d616e692021,     2lcpzo5yikidynfl",
        "00796573206d616e692021,   02lcpzo5yikidynfl",
        "0000796573206d616e692021, 002lcpzo5yikidynfl",
        "68656c6c6f20776f726c64,   fuvrsivvnfrbjwajo",
    })
    void base36MatchesKnownVectorsBothWays(String hex, String base36) {
        byte[] bytes = HEX.parseHex(hex);
        assertEquals(base36, BaseN.BASE36.encode(bytes));
        assertArrayEquals(bytes, BaseN.BASE36.decode(base36));
    }

    @Test
    void base36EncodesEmptyAsEmpty() {
        assertEquals("", BaseN.BASE36.encode(new byte[0]));
        assertArrayEquals(new byte[0], BaseN.BASE36.decode(""));
    }

    @ParameterizedTest(name = "rejects {0}")
    @ValueSource(strings = {"A", "Z", "2LCPZO5YIKIDYNFL", "2lcpzo5yikidynfL", "-", " ", "é", "\u0000", "\uff10"})
    void base36RejectsUpperCaseAndForeignCharacters(String text) {
        assertThrows(IllegalArgumentException.class, () -> BaseN.BASE36.decode(text));
    }

    // ---- seeded-random property tests against an independent BigInteger oracle ----

    @Test
    void base58RoundTripsTwoThousandRandomByteStringsAndMatchesBigIntegerOracle() {
        roundTripAgainstOracle(BaseN.BASE58_BTC, BASE58_ALPHABET, 0x5EED58L);
    }

    @Test
    void base36RoundTripsTwoThousandRandomByteStringsAndMatchesBigIntegerOracle() {
        roundTripAgainstOracle(BaseN.BASE36, BASE36_ALPHABET, 0x5EED36L);
    }

    @Test
    void base58DecodeThenEncodeReproducesRandomAlphabetStrings() {
        decodeEncodeIsIdentity(BaseN.BASE58_BTC, BASE58_ALPHABET, 0xD58L);
    }

    @Test
    void base36DecodeThenEncodeReproducesRandomAlphabetStrings() {
        decodeEncodeIsIdentity(BaseN.BASE36, BASE36_ALPHABET, 0xD36L);
    }

    @Test
    void decodingDoesNotDependOnPreviousCalls() {
        // The codec instances are shared singletons; make sure decode/encode keep no state.
        byte[] first = BaseN.BASE58_BTC.decode("2NEpo7TZRRrLZSi2U");
        BaseN.BASE58_BTC.decode("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
        BaseN.BASE58_BTC.encode(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertArrayEquals(first, BaseN.BASE58_BTC.decode("2NEpo7TZRRrLZSi2U"));
    }

    @Test
    void encodeDoesNotModifyItsInput() {
        byte[] input = HEX.parseHex("0000ff00ee11");
        byte[] copy = input.clone();
        BaseN.BASE58_BTC.encode(input);
        BaseN.BASE36.encode(input);
        assertArrayEquals(copy, input);
    }

    private static void roundTripAgainstOracle(BaseN codec, String alphabet, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = randomBytes(random);
            String encoded = codec.encode(bytes);
            assertEquals(oracleEncode(bytes, alphabet), encoded, () -> "input " + HEX.formatHex(bytes));
            assertArrayEquals(bytes, codec.decode(encoded), () -> "text " + encoded);
        }
    }

    private static void decodeEncodeIsIdentity(BaseN codec, String alphabet, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sb = new StringBuilder();
            int leadingZeroDigits = random.nextInt(4) == 0 ? random.nextInt(5) : 0;
            sb.append(String.valueOf(alphabet.charAt(0)).repeat(leadingZeroDigits));
            int length = random.nextInt(60);
            for (int j = 0; j < length; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            assertEquals(text, codec.encode(codec.decode(text)), () -> "text " + text);
        }
    }

    /** Random bytes of length 0..80, often with leading zeros and sometimes all 0x00 or all 0xFF. */
    static byte[] randomBytes(Random random) {
        int length = random.nextInt(81);
        byte[] bytes = new byte[length];
        switch (random.nextInt(8)) {
            case 0 -> { } // all zero
            case 1 -> java.util.Arrays.fill(bytes, (byte) 0xFF);
            default -> random.nextBytes(bytes);
        }
        if (length > 0 && random.nextInt(3) == 0) {
            int zeros = random.nextInt(Math.min(length, 6) + 1);
            for (int z = 0; z < zeros; z++) {
                bytes[z] = 0;
            }
        }
        return bytes;
    }

    /** Independent reference: leading zero bytes as zero digits, then the big-endian number. */
    static String oracleEncode(byte[] bytes, String alphabet) {
        int zeros = 0;
        while (zeros < bytes.length && bytes[zeros] == 0) {
            zeros++;
        }
        BigInteger n = new BigInteger(1, bytes);
        BigInteger base = BigInteger.valueOf(alphabet.length());
        StringBuilder digits = new StringBuilder();
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(base);
            digits.append(alphabet.charAt(qr[1].intValue()));
            n = qr[0];
        }
        return String.valueOf(alphabet.charAt(0)).repeat(zeros) + digits.reverse();
    }
}
