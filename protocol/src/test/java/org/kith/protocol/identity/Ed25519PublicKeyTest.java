package org.kith.protocol.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ed25519PublicKeyTest {

    private static final HexFormat HEX = HexFormat.of();

    /** libp2p peer-ids spec example key. */
    static final String SPEC_KEY = "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";

    // RFC 8032 section 7.1, TEST 1 and TEST 2.
    static final String RFC_TEST1_PK = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    static final String RFC_TEST1_SIG = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    static final String RFC_TEST2_PK = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    static final String RFC_TEST2_MSG = "72";
    static final String RFC_TEST2_SIG = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

    /** Group order L of Ed25519. */
    private static final BigInteger L =
            BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    private static Ed25519PublicKey key(String hex) {
        return Ed25519PublicKey.fromRaw(HEX.parseHex(hex));
    }

    // ---- encoding ----

    @Test
    void encodesSpecKeyAsTypeThenDataProtobuf() {
        assertEquals("08011220" + SPEC_KEY, HEX.formatHex(key(SPEC_KEY).toProtobuf()));
        assertEquals(Ed25519PublicKey.PROTOBUF_BYTES, key(SPEC_KEY).toProtobuf().length);
    }

    @Test
    void decodesSpecProtobufBackToTheSameKey() {
        Ed25519PublicKey decoded = Ed25519PublicKey.fromProtobuf(HEX.parseHex("08011220" + SPEC_KEY));
        assertEquals(key(SPEC_KEY), decoded);
        assertEquals(SPEC_KEY, HEX.formatHex(decoded.raw()));
    }

    @Test
    void protobufRoundTripsForRfcKeys() {
        for (String pk : new String[] {RFC_TEST1_PK, RFC_TEST2_PK, SPEC_KEY}) {
            Ed25519PublicKey k = key(pk);
            assertEquals(k, Ed25519PublicKey.fromProtobuf(k.toProtobuf()));
        }
    }

    @Test
    void rawReturnsADefensiveCopy() {
        Ed25519PublicKey k = key(SPEC_KEY);
        byte[] raw = k.raw();
        raw[0] ^= 1;
        assertEquals(SPEC_KEY, HEX.formatHex(k.raw()));
        assertNotSame(k.raw(), k.raw());
    }

    @Test
    void fromRawCopiesItsInput() {
        byte[] input = HEX.parseHex(SPEC_KEY);
        Ed25519PublicKey k = Ed25519PublicKey.fromRaw(input);
        Arrays.fill(input, (byte) 0);
        assertEquals(SPEC_KEY, HEX.formatHex(k.raw()));
    }

    @Test
    void toProtobufReturnsAFreshArray() {
        Ed25519PublicKey k = key(SPEC_KEY);
        byte[] pb = k.toProtobuf();
        pb[5] ^= 1;
        assertEquals("08011220" + SPEC_KEY, HEX.formatHex(k.toProtobuf()));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 31, 33, 36, 64})
    void fromRawRejectsWrongLengths(int length) {
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromRaw(new byte[length]));
    }

    @ParameterizedTest(name = "y = {0}")
    @ValueSource(ints = {2, 7})
    void fromRawRejectsEncodingsThatAreNotCurvePoints(int y) {
        // For these y, (y^2 - 1) / (d y^2 + 1) is not a square mod p: no x exists.
        byte[] encoding = new byte[32];
        encoding[0] = (byte) y;
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromRaw(encoding));
    }

    @Test
    void fromRawRejectsNonCanonicalYAtOrAboveFieldPrime() {
        // y = p + 3 (little-endian f0 ff .. ff 7f); y = 3 itself is a valid point.
        byte[] canonical = new byte[32];
        canonical[0] = 3;
        Ed25519PublicKey.fromRaw(canonical);
        byte[] nonCanonical = new byte[32];
        Arrays.fill(nonCanonical, (byte) 0xff);
        nonCanonical[0] = (byte) 0xf0;
        nonCanonical[31] = 0x7f;
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromRaw(nonCanonical));
    }

    // ---- strict protobuf decoding ----

    @Test
    void rejectsRsaKeyType() {
        assertRejected("08001220" + SPEC_KEY);
    }

    @Test
    void rejectsSecp256k1KeyTypeEvenWithAPlausibleKey() {
        // A real secp256k1 PublicKey: 33-byte compressed point.
        assertRejected("08021221" + "02" + SPEC_KEY);
        assertRejected("08021220" + SPEC_KEY);
    }

    @Test
    void rejectsEcdsaAndUnknownKeyTypes() {
        assertRejected("08031220" + SPEC_KEY);
        assertRejected("08041220" + SPEC_KEY);
        assertRejected("087f1220" + SPEC_KEY);
        assertRejected("08ff011220" + SPEC_KEY);
    }

    @Test
    void rejectsNonMinimalTypeVarint() {
        assertRejected("0881001220" + SPEC_KEY);
    }

    @Test
    void rejectsFieldsInTheWrongOrder() {
        assertRejected("1220" + SPEC_KEY + "0801");
    }

    @Test
    void rejectsExtraFields() {
        assertRejected("08011220" + SPEC_KEY + "1800");
        assertRejected("08011220" + SPEC_KEY + "00");
        assertRejected("0801" + "0801" + "1220" + SPEC_KEY);
        assertRejected("0801" + "1800" + "1220" + SPEC_KEY);
    }

    @Test
    void rejectsWrongDataLength() {
        assertRejected("0801121f" + SPEC_KEY.substring(2));
        assertRejected("08011221" + SPEC_KEY + "00");
        assertRejected("08011200");
        assertRejected("0801124000" + SPEC_KEY + SPEC_KEY);
    }

    @Test
    void rejectsTruncatedProtobuf() {
        String full = "08011220" + SPEC_KEY;
        for (int len = 0; len < full.length(); len += 2) {
            assertRejected(full.substring(0, len));
        }
    }

    @Test
    void rejectsWrongWireTypesAndFieldNumbers() {
        assertRejected("09011220" + SPEC_KEY); // field 1 as fixed64
        assertRejected("10011220" + SPEC_KEY); // field 2 as varint
        assertRejected("08011a20" + SPEC_KEY); // data as field 3
        assertRejected("08011020" + SPEC_KEY); // data as varint
    }

    @Test
    void rejectsValidFramingAroundAnInvalidPoint() {
        byte[] notOnCurve = new byte[32];
        notOnCurve[0] = 2;
        assertRejected("08011220" + HEX.formatHex(notOnCurve));
    }

    private static void assertRejected(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromProtobuf(bytes), hex);
    }

    // ---- verify ----

    @Test
    void verifiesRfc8032Test1EmptyMessage() {
        assertTrue(key(RFC_TEST1_PK).verify(new byte[0], HEX.parseHex(RFC_TEST1_SIG)));
    }

    @Test
    void verifiesRfc8032Test2OneByteMessage() {
        assertTrue(key(RFC_TEST2_PK).verify(HEX.parseHex(RFC_TEST2_MSG), HEX.parseHex(RFC_TEST2_SIG)));
    }

    @Test
    void rejectsSignatureUnderAnotherKey() {
        assertFalse(key(RFC_TEST2_PK).verify(new byte[0], HEX.parseHex(RFC_TEST1_SIG)));
        assertFalse(key(RFC_TEST1_PK).verify(HEX.parseHex(RFC_TEST2_MSG), HEX.parseHex(RFC_TEST2_SIG)));
    }

    @Test
    void rejectsTamperedMessage() {
        Ed25519PublicKey k = key(RFC_TEST2_PK);
        byte[] sig = HEX.parseHex(RFC_TEST2_SIG);
        assertFalse(k.verify(HEX.parseHex("73"), sig));
        assertFalse(k.verify(HEX.parseHex("7200"), sig));
        assertFalse(k.verify(new byte[0], sig));
    }

    @Test
    void rejectsEverySingleBitFlipInTheSignature() {
        Ed25519PublicKey k = key(RFC_TEST2_PK);
        byte[] msg = HEX.parseHex(RFC_TEST2_MSG);
        for (int bit = 0; bit < 512; bit++) {
            byte[] sig = HEX.parseHex(RFC_TEST2_SIG);
            sig[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(k.verify(msg, sig), "bit " + bit);
        }
    }

    @Test
    void rejectsMalleatedSignatureWithScalarPlusGroupOrder() {
        byte[] sig = HEX.parseHex(RFC_TEST2_SIG);
        byte[] s = reverse(Arrays.copyOfRange(sig, 32, 64));
        BigInteger sPlusL = new BigInteger(1, s).add(L);
        assertTrue(sPlusL.bitLength() <= 256);
        byte[] big = sPlusL.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < 32 && i < big.length; i++) {
            le[i] = big[big.length - 1 - i];
        }
        System.arraycopy(le, 0, sig, 32, 32);
        assertFalse(key(RFC_TEST2_PK).verify(HEX.parseHex(RFC_TEST2_MSG), sig));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 32, 63, 65, 128})
    void signatureOfWrongLengthVerifiesFalseWithoutThrowing(int length) {
        byte[] sig = Arrays.copyOf(HEX.parseHex(RFC_TEST1_SIG), length);
        assertFalse(key(RFC_TEST1_PK).verify(new byte[0], sig));
        assertFalse(key(RFC_TEST1_PK).verify(new byte[0], 0, 0, sig));
    }

    @Test
    void signatureWithValidPrefixAndTrailingByteVerifiesFalse() {
        byte[] sig = Arrays.copyOf(HEX.parseHex(RFC_TEST1_SIG), 65);
        assertFalse(key(RFC_TEST1_PK).verify(new byte[0], sig));
    }

    @Test
    void nullSignatureVerifiesFalse() {
        assertFalse(key(RFC_TEST1_PK).verify(new byte[0], null));
    }

    @Test
    void allZeroSignatureVerifiesFalse() {
        assertFalse(key(RFC_TEST1_PK).verify(new byte[0], new byte[64]));
    }

    @Test
    void verifiesASliceOfALargerBuffer() {
        byte[] buffer = HEX.parseHex("aabb" + RFC_TEST2_MSG + "ccdd");
        Ed25519PublicKey k = key(RFC_TEST2_PK);
        byte[] sig = HEX.parseHex(RFC_TEST2_SIG);
        assertTrue(k.verify(buffer, 2, 1, sig));
        assertFalse(k.verify(buffer, 1, 1, sig));
        assertFalse(k.verify(buffer, 2, 2, sig));
        assertTrue(key(RFC_TEST1_PK).verify(buffer, 3, 0, HEX.parseHex(RFC_TEST1_SIG)));
    }

    @Test
    void verifyDoesNotModifyItsArguments() {
        byte[] msg = HEX.parseHex(RFC_TEST2_MSG);
        byte[] sig = HEX.parseHex(RFC_TEST2_SIG);
        key(RFC_TEST2_PK).verify(msg, sig);
        assertEquals(RFC_TEST2_MSG, HEX.formatHex(msg));
        assertEquals(RFC_TEST2_SIG, HEX.formatHex(sig));
    }

    // ---- identity ----

    @Test
    void equalKeysAreEqualAndHashAlike() {
        Ed25519PublicKey a = key(SPEC_KEY);
        Ed25519PublicKey b = Ed25519PublicKey.fromProtobuf(a.toProtobuf());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, key(RFC_TEST1_PK));
        assertNotEquals(a, null);
        assertNotEquals(a, (Object) SPEC_KEY);
    }

    @Test
    void toPeerIdIsTheIdentityMultihashOfTheProtobuf() {
        assertEquals("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", key(SPEC_KEY).toPeerId().toBase58());
        assertEquals(PeerId.fromPublicKey(key(SPEC_KEY)), key(SPEC_KEY).toPeerId());
    }

    @Test
    void toStringShowsThePeerId() {
        assertEquals("Ed25519PublicKey[12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq]",
                key(SPEC_KEY).toString());
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }
}
