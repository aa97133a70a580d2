package org.kith.protocol.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerIdTest {

    private static final HexFormat HEX = HexFormat.of();

    private static final String SPEC_KEY = Ed25519PublicKeyTest.SPEC_KEY;
    private static final String SPEC_MULTIHASH = "002408011220" + SPEC_KEY;
    private static final String SPEC_BASE58 = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";
    private static final String SPEC_CID_BASE32 = "bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6";
    // Same CID in the other multibases (cross-checked against an independent big-integer encoder).
    private static final String SPEC_CID_BASE36 = "k51qzi5uqu5dgy8qsq67hbz73jqkw87l3fgf4a91qb0d9b5173tir7n4vxk1oe";
    private static final String SPEC_CID_BASE58 = "z5AanNVJCxnGuh8TJu4nye3dE3NbxAd8FB9cr46uVagyFPuibMxok2R";

    private static final String SEQUENTIAL_SEED_PEER = "12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB";

    private static final String SHA_MULTIHASH = "1220" + "ab".repeat(32);

    private static PeerId specPeer() {
        return Ed25519PublicKey.fromRaw(HEX.parseHex(SPEC_KEY)).toPeerId();
    }

    private static String base32Cid(String hex) {
        return "b" + Base32.encode(HEX.parseHex(hex));
    }

    // ---- spec vectors ----

    @Test
    void specKeyGivesSpecMultihashAndBase58() {
        PeerId id = specPeer();
        assertEquals(SPEC_MULTIHASH, HEX.formatHex(id.toBytes()));
        assertEquals(SPEC_BASE58, id.toBase58());
        assertEquals(SPEC_BASE58, id.toString());
    }

    @Test
    void specKeyGivesSpecCidBase32() {
        assertEquals(SPEC_CID_BASE32, specPeer().toCidBase32());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {SPEC_BASE58, SPEC_CID_BASE32, SPEC_CID_BASE36, SPEC_CID_BASE58})
    void parsesEveryTextFormOfTheSpecPeerIdToTheSameId(String text) {
        PeerId parsed = PeerId.parse(text);
        assertEquals(specPeer(), parsed);
        assertEquals(SPEC_MULTIHASH, HEX.formatHex(parsed.toBytes()));
        assertEquals(SPEC_BASE58, parsed.toBase58());
        assertEquals(SPEC_CID_BASE32, parsed.toCidBase32());
    }

    @Test
    void fromBytesOfSpecMultihashEqualsTheDerivedId() {
        assertEquals(specPeer(), PeerId.fromBytes(HEX.parseHex(SPEC_MULTIHASH)));
    }

    @Test
    void sequentialSeedPeerIdParsesAndYieldsItsKey() {
        Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(Ed25519KeyPairTest.sequentialSeed());
        PeerId parsed = PeerId.parse(SEQUENTIAL_SEED_PEER);
        assertEquals(kp.peerId(), parsed);
        assertEquals(Optional.of(kp.publicKey()), parsed.ed25519Key());
        assertEquals(parsed, PeerId.parse(parsed.toCidBase32()));
    }

    @Test
    void inlinedEd25519KeyCanBeReadBack() {
        assertEquals(Optional.of(Ed25519PublicKey.fromRaw(HEX.parseHex(SPEC_KEY))),
                PeerId.parse(SPEC_CID_BASE36).ed25519Key());
    }

    // ---- identity vs sha2-256 ----

    @Test
    void inlinesEncodedKeysOfUpToFortyTwoBytes() {
        for (int length : new int[] {0, 1, 36, 41, 42}) {
            byte[] key = filled(length, 0x5a);
            PeerId id = PeerId.fromEncodedPublicKey(key);
            byte[] expected = new byte[2 + length];
            expected[1] = (byte) length;
            System.arraycopy(key, 0, expected, 2, length);
            assertArrayEquals(expected, id.toBytes(), "length " + length);
            assertTrue(id.toBase58().startsWith("1"));
            assertEquals(id, PeerId.parse(id.toBase58()));
            assertEquals(id, PeerId.parse(id.toCidBase32()));
        }
    }

    @Test
    void hashesEncodedKeysOverFortyTwoBytesWithSha256() throws Exception {
        for (int length : new int[] {43, 44, 91, 299, 1000}) {
            byte[] key = filled(length, 0x33);
            PeerId id = PeerId.fromEncodedPublicKey(key);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            assertEquals("1220" + HEX.formatHex(digest), HEX.formatHex(id.toBytes()), "length " + length);
            assertTrue(id.toBase58().startsWith("Qm"), id.toBase58());
            assertEquals(46, id.toBase58().length());
            assertTrue(id.toCidBase32().startsWith("bafzbei"), id.toCidBase32());
            assertEquals(id, PeerId.parse(id.toBase58()));
            assertEquals(id, PeerId.parse(id.toCidBase32()));
            assertEquals(Optional.empty(), id.ed25519Key());
        }
    }

    @Test
    void parsesSha256PeerIdsInEveryForm() {
        PeerId id = PeerId.fromBytes(HEX.parseHex(SHA_MULTIHASH));
        assertEquals("QmZtnFaddFtzGNT8BxdHVbQrhSFdq1pWxud5z4fA4kxfDt", id.toBase58());
        assertEquals("bafzbeiflvov2xk5lvov2xk5lvov2xk5lvov2xk5lvov2xk5lvov2xk5lvm", id.toCidBase32());
        assertEquals(id, PeerId.parse("QmZtnFaddFtzGNT8BxdHVbQrhSFdq1pWxud5z4fA4kxfDt"));
        assertEquals(id, PeerId.parse("bafzbeiflvov2xk5lvov2xk5lvov2xk5lvov2xk5lvov2xk5lvov2xk5lvm"));
        assertEquals(id, PeerId.parse("k" + BaseN.BASE36.encode(HEX.parseHex("0172" + SHA_MULTIHASH))));
        assertEquals(id, PeerId.parse("z" + BaseN.BASE58_BTC.encode(HEX.parseHex("0172" + SHA_MULTIHASH))));
    }

    @Test
    void acceptsIdentityPeerIdOfAnotherKeyTypeButExposesNoEd25519Key() {
        // A secp256k1 PublicKey protobuf is 37 bytes, so it is inlined too.
        String secp = "08021221" + "02" + SPEC_KEY;
        PeerId id = PeerId.fromEncodedPublicKey(HEX.parseHex(secp));
        assertEquals("0025" + secp, HEX.formatHex(id.toBytes()));
        assertEquals(id, PeerId.parse(id.toBase58()));
        assertEquals(Optional.empty(), id.ed25519Key());
    }

    @Test
    void exposesNoEd25519KeyWhenTheInlinedKeyIsInvalid() {
        byte[] notOnCurve = new byte[32];
        notOnCurve[0] = 2;
        PeerId bogusPoint = PeerId.fromBytes(HEX.parseHex("002408011220" + HEX.formatHex(notOnCurve)));
        assertEquals(Optional.empty(), bogusPoint.ed25519Key());
        PeerId extraField = PeerId.fromBytes(HEX.parseHex("002608011220" + SPEC_KEY + "1800"));
        assertEquals(Optional.empty(), extraField.ed25519Key());
        PeerId empty = PeerId.fromBytes(HEX.parseHex("0000"));
        assertEquals(Optional.empty(), empty.ed25519Key());
    }

    // ---- hostile multihashes ----

    @Test
    void rejectsIdentityMultihashOverFortyTwoBytes() {
        assertFromBytesRejected("002b" + "08".repeat(43));
        assertFromBytesRejected("0040" + "08".repeat(64));
        assertParseRejected(BaseN.BASE58_BTC.encode(HEX.parseHex("002b" + "08".repeat(43))));
        assertParseRejected(base32Cid("0172002b" + "08".repeat(43)));
    }

    @Test
    void acceptsIdentityMultihashOfExactlyFortyTwoBytes() {
        byte[] mh = HEX.parseHex("002a" + "08".repeat(42));
        assertArrayEquals(mh, PeerId.fromBytes(mh).toBytes());
    }

    @Test
    void rejectsSha256MultihashWithWrongDigestLength() {
        assertFromBytesRejected("121f" + "ab".repeat(31));
        assertFromBytesRejected("1221" + "ab".repeat(33));
        assertFromBytesRejected("1200");
        assertFromBytesRejected("1240" + "ab".repeat(64));
    }

    @Test
    void rejectsMultihashWhoseDigestIsShorterThanDeclared() {
        assertFromBytesRejected("1220" + "ab".repeat(31));
        assertFromBytesRejected("1220");
        assertFromBytesRejected("0024" + "08011220" + SPEC_KEY.substring(2));
        assertFromBytesRejected("0001");
    }

    @Test
    void rejectsTrailingBytesAfterTheDigest() {
        assertFromBytesRejected(SHA_MULTIHASH + "00");
        assertFromBytesRejected(SPEC_MULTIHASH + "00");
        assertFromBytesRejected(SPEC_MULTIHASH + SPEC_MULTIHASH);
        assertFromBytesRejected("0000" + "00");
        assertParseRejected(BaseN.BASE58_BTC.encode(HEX.parseHex(SPEC_MULTIHASH + "00")));
        assertParseRejected(base32Cid("0172" + SPEC_MULTIHASH + "00"));
    }

    @Test
    void rejectsMultihashWithUnknownCode() {
        assertFromBytesRejected("1340" + "ab".repeat(64)); // sha2-512
        assertFromBytesRejected("1114" + "ab".repeat(20)); // sha1
        assertFromBytesRejected("1620" + "ab".repeat(32)); // sha3-256
        assertFromBytesRejected("a0e40220" + "ab".repeat(32)); // blake2b-256
        assertFromBytesRejected("0120" + "ab".repeat(32));
        assertParseRejected(BaseN.BASE58_BTC.encode(HEX.parseHex("1340" + "ab".repeat(64))));
        assertParseRejected(base32Cid("01721340" + "ab".repeat(64)));
    }

    @Test
    void rejectsNonMinimalMultihashVarints() {
        assertFromBytesRejected("8000" + "24" + "08011220" + SPEC_KEY);
        assertFromBytesRejected("00" + "a400" + "08011220" + SPEC_KEY);
        assertFromBytesRejected("9200" + "20" + "ab".repeat(32));
    }

    @Test
    void rejectsTruncatedMultihash() {
        assertFromBytesRejected("");
        assertFromBytesRejected("00");
        assertFromBytesRejected("12");
        assertFromBytesRejected("80");
        assertFromBytesRejected("0080");
    }

    @Test
    void rejectsHugeDeclaredLengthWithoutAllocating() {
        assertFromBytesRejected("00ffffffffffffffff7f" + "08");
        assertFromBytesRejected("12ffffffffffffffff7f");
    }

    @Test
    void fromBytesCopiesItsInputAndToBytesReturnsACopy() {
        byte[] mh = HEX.parseHex(SPEC_MULTIHASH);
        PeerId id = PeerId.fromBytes(mh);
        mh[10] ^= 1;
        assertEquals(SPEC_MULTIHASH, HEX.formatHex(id.toBytes()));
        id.toBytes()[10] ^= 1;
        assertEquals(SPEC_MULTIHASH, HEX.formatHex(id.toBytes()));
        assertEquals(SPEC_BASE58, id.toBase58());
    }

    // ---- hostile text ----

    @Test
    void parseRejectsNullAndEmpty() {
        assertThrows(IllegalArgumentException.class, () -> PeerId.parse(null));
        assertParseRejected("");
    }

    @Test
    void parseRejectsTextOverMaxTextCharsFast() {
        String huge = "1".repeat(5_000_000);
        String hugeCid = "b" + "a".repeat(5_000_000);
        IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(IllegalArgumentException.class, () -> PeerId.parse(huge)));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
        assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(IllegalArgumentException.class, () -> PeerId.parse(hugeCid)));
    }

    @Test
    void parseRejectsOneCharOverTheLimitForLengthAlone() {
        String text = SPEC_BASE58 + "1".repeat(PeerId.MAX_TEXT_CHARS + 1 - SPEC_BASE58.length());
        assertEquals(PeerId.MAX_TEXT_CHARS + 1, text.length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerId.parse(text));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
    }

    @Test
    void parseAtExactlyTheLimitFailsForContentNotLength() {
        String text = "1".repeat(PeerId.MAX_TEXT_CHARS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerId.parse(text));
        assertFalse(e.getMessage().contains("too long"), e.getMessage());
    }

    @Test
    void maxTextCharsLeavesRoomForTheLongestValidForm() {
        PeerId longest = PeerId.fromBytes(HEX.parseHex("002a" + "ff".repeat(42)));
        assertTrue(longest.toCidBase32().length() <= PeerId.MAX_TEXT_CHARS);
        assertEquals(longest, PeerId.parse(longest.toCidBase32()));
        String base36 = "k" + BaseN.BASE36.encode(HEX.parseHex("0172002a" + "ff".repeat(42)));
        assertTrue(base36.length() <= PeerId.MAX_TEXT_CHARS);
        assertEquals(longest, PeerId.parse(base36));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(chars = {'0', 'O', 'I', 'l'})
    void parseRejectsBase58LookalikeCharacters(char c) {
        for (int pos : new int[] {1, 10, SPEC_BASE58.length() - 1}) {
            String text = SPEC_BASE58.substring(0, pos) + c + SPEC_BASE58.substring(pos + 1);
            assertParseRejected(text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pé",
        "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3p\u0430",   // Cyrillic a
        "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3p\uff51",   // full-width q
        "\uff11" + "2D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", // full-width 1
        "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3p\ud83d\ude00",
        "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3p\ud800",
        "bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt\u00e9",
        "k51qzi5uqu5dgy8qsq67hbz73jqkw87l3fgf4a91qb0d9b5173tir7n4vxk1o\u00e9",
        "\u0432afzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6",
    })
    void parseRejectsNonAsciiCharacters(String text) {
        assertParseRejected(text);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        " 12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq",
        "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq ",
        "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq\n",
        "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq\u0000",
        "12D3KooWBtg3aaRMjxwedh83aGiUkw SxDwUZkzuJcfaqUmo7R3pq",
        "\tbafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6",
    })
    void parseRejectsWhitespaceAndControlCharacters(String text) {
        assertParseRejected(text);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "f0172002408011220",                                                     // base16
        "F0172002408011220",                                                     // base16upper
        "BAFZAAJAIAEJCAHWR5D5OFRFBIS4L5D6UWR57HU5TJODRYPFM6YAQ6DSC2R2PZYT6",     // base32upper
        "K51QZI5UQU5DGY8QSQ67HBZ73JQKW87L3FGF4A91QB0D9B5173TIR7N4VXK1OE",        // base36upper
        "mAXIAJAgBEiAe0ej64sShRLi+j9S0e/PTs0uHHDys9gEPDkLUdPzifg",                // base64
        "uAXIAJAgBEiAe0ej64sShRLi-j9S0e_PTs0uHHDys9gEPDkLUdPzifg",                // base64url
        "Z5AanNVJCxnGuh8TJu4nye3dE3NbxAd8FB9cr46uVagyFPuibMxok2R",                // base58flickr prefix
        "2D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq",
        "QZtnFaddFtzGNT8BxdHVbQrhSFdq1pWxud5z4fA4kxfDt",
        "/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq",
        "\u0000",
        "=",
    })
    void parseRejectsUnknownMultibasePrefix(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerId.parse(text));
        assertTrue(e.getMessage().contains("unknown encoding"), e.getMessage());
    }

    @Test
    void parseRejectsCidV0() {
        assertParseRejected(base32Cid(SHA_MULTIHASH));
        assertParseRejected("z" + BaseN.BASE58_BTC.encode(HEX.parseHex(SHA_MULTIHASH)));
        assertParseRejected("z" + SPEC_BASE58); // a bare multihash is not a CID
        assertParseRejected("k" + BaseN.BASE36.encode(HEX.parseHex(SHA_MULTIHASH)));
    }

    @Test
    void parseRejectsCidVersionsOtherThanOne() {
        for (String version : new String[] {"00", "02", "03", "7f", "8001"}) {
            assertParseRejected(base32Cid(version + "72" + SPEC_MULTIHASH));
        }
        assertParseRejected("z" + BaseN.BASE58_BTC.encode(HEX.parseHex("0272" + SPEC_MULTIHASH)));
    }

    @Test
    void parseRejectsCidWithWrongCodec() {
        for (String codec : new String[] {"70", "71", "55", "00", "73", "f201", "a0e402"}) {
            assertParseRejected(base32Cid("01" + codec + SPEC_MULTIHASH));
            assertParseRejected("k" + BaseN.BASE36.encode(HEX.parseHex("01" + codec + SPEC_MULTIHASH)));
        }
    }

    @Test
    void parseRejectsNonMinimalCidVarints() {
        assertParseRejected(base32Cid("8100" + "72" + SPEC_MULTIHASH));
        assertParseRejected(base32Cid("01" + "f200" + SPEC_MULTIHASH));
    }

    @Test
    void parseRejectsTruncatedCids() {
        assertParseRejected("b");
        assertParseRejected("k");
        assertParseRejected("z");
        assertParseRejected(base32Cid("01"));
        assertParseRejected(base32Cid("0172"));
        assertParseRejected(base32Cid("017200"));
        String full = SPEC_CID_BASE32;
        for (int len = 2; len < full.length(); len++) {
            assertParseRejected(full.substring(0, len));
        }
    }

    @Test
    void parseRejectsBase32CidWithBadLengthOrCase() {
        assertParseRejected(SPEC_CID_BASE32 + "a");
        assertParseRejected(SPEC_CID_BASE32 + "aa");
        assertParseRejected(SPEC_CID_BASE32 + "====");
        assertParseRejected("b" + SPEC_CID_BASE32.substring(1).toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void parseRejectsBase36CidWithUpperCaseDigits() {
        assertParseRejected("k" + SPEC_CID_BASE36.substring(1).toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void parseRejectsSingleCharacterEdits() {
        // Any one-character substitution either fails or yields a different, valid peer ID.
        PeerId original = specPeer();
        String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0OIl+/=-_ é";
        for (int pos = 0; pos < SPEC_BASE58.length(); pos++) {
            for (char c : alphabet.toCharArray()) {
                if (c == SPEC_BASE58.charAt(pos)) {
                    continue;
                }
                String text = SPEC_BASE58.substring(0, pos) + c + SPEC_BASE58.substring(pos + 1);
                try {
                    PeerId p = PeerId.parse(text);
                    assertNotEquals(original, p, text);
                    assertEquals(text, p.toBase58());
                } catch (IllegalArgumentException expected) {
                    assertTrue(expected.getMessage() != null);
                }
            }
        }
    }

    // ---- canonical form ----

    @Test
    void isCanonicalBase58OnlyForTheExactBase58Form() {
        assertTrue(PeerId.isCanonicalBase58(SPEC_BASE58));
        assertTrue(PeerId.isCanonicalBase58(SEQUENTIAL_SEED_PEER));
        assertTrue(PeerId.isCanonicalBase58("QmZtnFaddFtzGNT8BxdHVbQrhSFdq1pWxud5z4fA4kxfDt"));
        assertFalse(PeerId.isCanonicalBase58(SPEC_CID_BASE32));
        assertFalse(PeerId.isCanonicalBase58(SPEC_CID_BASE36));
        assertFalse(PeerId.isCanonicalBase58(SPEC_CID_BASE58));
        assertFalse(PeerId.isCanonicalBase58(SPEC_BASE58 + " "));
        assertFalse(PeerId.isCanonicalBase58(""));
        assertFalse(PeerId.isCanonicalBase58(null));
        assertFalse(PeerId.isCanonicalBase58("1".repeat(10_000)));
    }

    // ---- equality and ordering ----

    @Test
    void equalityIsByMultihashBytes() {
        PeerId a = specPeer();
        PeerId b = PeerId.parse(SPEC_CID_BASE36);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(0, a.compareTo(b));
        assertNotEquals(a, PeerId.parse(SEQUENTIAL_SEED_PEER));
        assertNotEquals(a, null);
        assertNotEquals(a, (Object) SPEC_BASE58);
    }

    @Test
    void compareToIsATotalOrderConsistentWithEquals() {
        Random random = new Random(0x0DE5L);
        List<PeerId> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            byte[] key = new byte[random.nextBoolean() ? 36 : 70];
            random.nextBytes(key);
            ids.add(PeerId.fromEncodedPublicKey(key));
        }
        ids.add(ids.get(0));
        for (PeerId x : ids) {
            for (PeerId y : ids) {
                assertEquals(Integer.signum(x.compareTo(y)), -Integer.signum(y.compareTo(x)));
                assertEquals(x.equals(y), x.compareTo(y) == 0);
                for (PeerId z : ids.subList(0, 15)) {
                    if (x.compareTo(y) < 0 && y.compareTo(z) < 0) {
                        assertTrue(x.compareTo(z) < 0);
                    }
                }
            }
        }
    }

    // ---- seeded-random properties ----

    @Test
    void randomEd25519PeerIdsRoundTripThroughEveryTextForm() {
        Random random = new Random(0x9EE21DL);
        for (int i = 0; i < 300; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(seed);
            PeerId id = kp.peerId();
            byte[] cid = HEX.parseHex("0172" + HEX.formatHex(id.toBytes()));
            String b58 = id.toBase58();
            assertTrue(b58.startsWith("12D3KooW"), b58);
            assertTrue(id.toCidBase32().startsWith("bafzaa"), id.toCidBase32());
            assertEquals(id, PeerId.parse(b58));
            assertEquals(id, PeerId.parse(id.toCidBase32()));
            assertEquals(id, PeerId.parse("k" + BaseN.BASE36.encode(cid)));
            assertEquals(id, PeerId.parse("z" + BaseN.BASE58_BTC.encode(cid)));
            assertTrue(PeerId.isCanonicalBase58(b58));
            assertEquals(Optional.of(kp.publicKey()), PeerId.parse(b58).ed25519Key());
        }
    }

    @Test
    void fromBytesOnRandomInputEitherRejectsCleanlyOrRoundTrips() {
        Random random = new Random(0xF022L);
        int accepted = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] data;
            if (i % 2 == 0) {
                data = new byte[random.nextInt(50)];
                random.nextBytes(data);
            } else {
                // Plausible header, random body and length: exercises the length checks.
                int bodyLength = random.nextInt(50);
                data = new byte[2 + bodyLength];
                data[0] = (byte) (random.nextBoolean() ? 0x00 : 0x12);
                data[1] = (byte) (bodyLength + random.nextInt(3) - 1);
                byte[] body = new byte[bodyLength];
                random.nextBytes(body);
                System.arraycopy(body, 0, data, 2, bodyLength);
            }
            PeerId id;
            try {
                id = PeerId.fromBytes(data);
            } catch (IllegalArgumentException e) {
                continue;
            }
            accepted++;
            assertArrayEquals(data, id.toBytes());
            assertEquals(id, PeerId.parse(id.toBase58()));
            assertEquals(id, PeerId.parse(id.toCidBase32()));
        }
        assertTrue(accepted > 50, "accepted " + accepted);
    }

    @Test
    void parseOnRandomTextEitherRejectsCleanlyOrIsConsistent() {
        Random random = new Random(0x7E47L);
        String chars = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0OIl=é ";
        String[] prefixes = {"1", "Qm", "b", "k", "z", "12D3KooW", "bafz", "k51", "z5", ""};
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sb = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int length = random.nextInt(70);
            for (int j = 0; j < length; j++) {
                sb.append(chars.charAt(random.nextInt(chars.length())));
            }
            String text = sb.toString();
            try {
                PeerId id = PeerId.parse(text);
                assertEquals(id, PeerId.parse(id.toBase58()));
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty(), text);
            }
        }
    }

    // ---- helpers ----

    private static void assertFromBytesRejected(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertThrows(IllegalArgumentException.class, () -> PeerId.fromBytes(bytes), hex);
    }

    private static void assertParseRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> PeerId.parse(text), text);
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
