package org.kith.protocol.identity;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32Test {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    @ParameterizedTest(name = "\"{0}\" <-> \"{1}\"")
    @CsvSource({
        "'',      ''",
        "f,       my",
        "fo,      mzxq",
        "foo,     mzxw6",
        "foob,    mzxw6yq",
        "fooba,   mzxw6ytb",
        "foobar,  mzxw6ytboi",
        "'yes mani !', pfsxgidnmfxgsibb",
        "'hello world', nbswy3dpeb3w64tmmq",
    })
    void matchesRfc4648VectorsInLowerCaseWithoutPadding(String plain, String encoded) {
        byte[] bytes = plain.getBytes(US_ASCII);
        assertEquals(encoded, Base32.encode(bytes));
        assertArrayEquals(bytes, Base32.decode(encoded));
    }

    @Test
    void encodesLeadingZeroBytesAsLeadingAs() {
        assertEquals("ab4wk4zanvqw42jaee", Base32.encode("\u0000yes mani !".getBytes(US_ASCII)));
        assertEquals("aaaaaaaa", Base32.encode(new byte[5]));
        assertEquals("77777777", Base32.encode(new byte[] {-1, -1, -1, -1, -1}));
    }

    @ParameterizedTest(name = "{0} bytes -> {1} chars")
    @CsvSource({"0,0", "1,2", "2,4", "3,5", "4,7", "5,8", "6,10", "32,52", "34,55", "40,64"})
    void encodedLengthIsCeilingOfEightFifths(int bytes, int chars) {
        assertEquals(chars, Base32.encodedLength(bytes));
        assertEquals(chars, Base32.encode(new byte[bytes]).length());
    }

    @Test
    void encodedLengthDoesNotOverflowForLargeByteCounts() {
        // 300M * 8 overflows int; the answer still fits.
        assertEquals(480_000_000, Base32.encodedLength(300_000_000));
        assertEquals(1_717_986_919, Base32.encodedLength(1_073_741_824));
    }

    @Test
    void encodedLengthRejectsNegativeAndUnrepresentableCounts() {
        assertThrows(IllegalArgumentException.class, () -> Base32.encodedLength(-1));
        assertThrows(IllegalArgumentException.class, () -> Base32.encodedLength(Integer.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Base32.encodedLength(Integer.MAX_VALUE));
    }

    @ParameterizedTest(name = "rejects \"{0}\"")
    @ValueSource(strings = {"MY", "My", "mY", "MZXW6YTBOI", "mzxw6ytboI"})
    void rejectsUpperCase(String text) {
        assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
    }

    @ParameterizedTest(name = "rejects \"{0}\"")
    @ValueSource(strings = {"my======", "mzxq====", "mzxw6===", "mzxw6yq=", "my=", "="})
    void rejectsPadding(String text) {
        assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
    }

    @ParameterizedTest(name = "rejects length of \"{0}\"")
    @ValueSource(strings = {"a", "abc", "abcdef", "abcdefghi", "mzxw6ytboia", "mzxw6ytboiabcd"})
    void rejectsImpossibleLengths(String text) {
        // 1, 3 and 6 characters (mod 8) never come out of encoding whole bytes.
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
        assertTrue(e.getMessage().contains("length"), e.getMessage());
    }

    @ParameterizedTest(name = "rejects non-canonical \"{0}\"")
    @ValueSource(strings = {"mz", "m7", "mzxr", "mzxw7", "mzxw6yr", "mzxw6ytboj", "ab", "ad", "ap"})
    void rejectsNonZeroTrailingBits(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @ParameterizedTest(name = "rejects \"{0}\"")
    @ValueSource(strings = {"m0", "m1", "m8", "m9", "0a", "1a", "8a", "9a", "m-", "m_", "m+", "m/", "m ",
        " m", "m\n", "mé", "\u00e9a", "m\u0000", "\ud83d\ude00", "m\uff41", "m\u0430"})
    void rejectsCharactersOutsideTheAlphabet(String text) {
        assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
    }

    @Test
    void acceptsExactlyItsThirtyTwoLatin1Characters() {
        int accepted = 0;
        for (char c = 0; c < 256; c++) {
            // "?a" is never a length problem; trailing bits of 'a' are zero.
            String text = c + "a";
            if (ALPHABET.indexOf(c) >= 0) {
                assertEquals(text, Base32.encode(Base32.decode(text)));
                accepted++;
            } else {
                assertThrows(IllegalArgumentException.class, () -> Base32.decode(text), "char " + (int) c);
            }
        }
        assertEquals(32, accepted);
    }

    @Test
    void isCanonicalAcceptsOnlyTheEncodingOfExactlyThatManyBytes() {
        assertTrue(Base32.isCanonical("mzxw6ytboi", 6));
        assertTrue(Base32.isCanonical("", 0));
        assertFalse(Base32.isCanonical("mzxw6ytboi", 5));
        assertFalse(Base32.isCanonical("mzxw6ytboi", 7));
        assertFalse(Base32.isCanonical("mzxw6ytboj", 6), "trailing bits");
        assertFalse(Base32.isCanonical("MZXW6YTBOI", 6), "upper case");
        assertFalse(Base32.isCanonical("mzxw6yt=", 5), "padding");
        assertFalse(Base32.isCanonical(null, 6));
    }

    @Test
    void isCanonicalIsFalseForNegativeOrHugeByteCounts() {
        assertFalse(Base32.isCanonical("", -1));
        assertFalse(Base32.isCanonical("", Integer.MIN_VALUE));
        assertFalse(Base32.isCanonical("my", Integer.MAX_VALUE));
    }

    // ---- seeded-random property tests ----

    @Test
    void roundTripsTwoThousandRandomByteStringsAndMatchesBitwiseOracle() {
        Random random = new Random(0xB32L);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = BaseNTest.randomBytes(random);
            String encoded = Base32.encode(bytes);
            assertEquals(oracleEncode(bytes), encoded);
            assertEquals(Base32.encodedLength(bytes.length), encoded.length());
            assertTrue(Base32.isCanonical(encoded, bytes.length));
            assertArrayEquals(bytes, Base32.decode(encoded));
        }
    }

    @Test
    void decodesRandomTextIffTrailingBitsAreZeroAndThenReencodesIdentically() {
        Random random = new Random(0xB32B32L);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 2_000; i++) {
            int bytes = random.nextInt(40);
            int chars = Base32.encodedLength(bytes);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < chars; j++) {
                sb.append(ALPHABET.charAt(random.nextInt(32)));
            }
            String text = sb.toString();
            int unusedBits = chars * 5 - bytes * 8;
            int last = text.isEmpty() ? 0 : ALPHABET.indexOf(text.charAt(chars - 1));
            boolean canonical = (last & ((1 << unusedBits) - 1)) == 0;
            if (canonical) {
                assertEquals(text, Base32.encode(Base32.decode(text)));
                accepted++;
            } else {
                assertThrows(IllegalArgumentException.class, () -> Base32.decode(text), text);
                rejected++;
            }
        }
        assertTrue(accepted > 100 && rejected > 100, "both branches exercised");
    }

    /** Reference: spell out every bit, cut into 5-bit groups, pad the last group with zeros. */
    private static String oracleEncode(byte[] bytes) {
        StringBuilder bits = new StringBuilder();
        for (byte b : bytes) {
            for (int i = 7; i >= 0; i--) {
                bits.append((b >> i) & 1);
            }
        }
        while (bits.length() % 5 != 0) {
            bits.append('0');
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bits.length(); i += 5) {
            out.append(ALPHABET.charAt(Integer.parseInt(bits.substring(i, i + 5), 2)));
        }
        return out.toString();
    }
}
