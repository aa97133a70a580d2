package org.kith.protocol.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.protocol.record.RecordFixtures.ALICE;
import static org.kith.protocol.record.RecordFixtures.BOB;
import static org.kith.protocol.record.RecordFixtures.NOW;
import static org.kith.protocol.record.RecordFixtures.PREV_ID;
import static org.kith.protocol.record.RecordFixtures.assertAccepts;
import static org.kith.protocol.record.RecordFixtures.assertRejects;
import static org.kith.protocol.record.RecordFixtures.commentBody;
import static org.kith.protocol.record.RecordFixtures.obj;
import static org.kith.protocol.record.RecordFixtures.payload;
import static org.kith.protocol.record.RecordFixtures.remove;
import static org.kith.protocol.record.RecordFixtures.set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.protocol.identity.BaseN;
import org.kith.protocol.identity.PeerId;

/** The common header: v, type, author, swarm, seq, prev, ts, body. */
class HeaderValidationTest {

    private static ObjectNode comment() {
        return payload("comment", commentBody());
    }

    private static ObjectNode opaque() {
        return payload("poll", obj("q", "?"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v", "type", "author", "swarm", "seq", "ts", "body"})
    void missingRequiredFieldIsMissingField(String field) {
        assertRejects(RejectReason.MISSING_FIELD, remove(comment(), field));
    }

    @Test
    void prevIsTheOnlyOptionalHeaderField() {
        assertFalse(comment().has("prev"));
        assertAccepts(comment());
    }

    @ParameterizedTest
    @ValueSource(strings = {"extra", "Body", "V", "sig", "signature", "id", ""})
    void unknownTopLevelFieldIsUnknownField(String field) {
        assertRejects(RejectReason.UNKNOWN_FIELD, set(comment(), field, 1));
    }

    @Test
    void unknownFieldIsReportedBeforeMissingFields() {
        assertRejects(RejectReason.UNKNOWN_FIELD, obj("x", 1));
        assertRejects(RejectReason.MISSING_FIELD, obj());
    }

    // ---------------------------------------------------------------- v

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 3, 100, Integer.MAX_VALUE})
    void otherVersionsAreUnsupported(int v) {
        assertRejects(RejectReason.UNSUPPORTED_VERSION, set(comment(), "v", v));
    }

    @Test
    void versionOfAnOpaqueTypeIsCheckedToo() {
        assertRejects(RejectReason.UNSUPPORTED_VERSION, set(opaque(), "v", 2));
    }

    @Test
    void negativeOrOverIntVersionIsOutOfRange() {
        assertRejects(RejectReason.OUT_OF_RANGE, set(comment(), "v", -1));
        assertRejects(RejectReason.OUT_OF_RANGE, set(comment(), "v", Integer.MAX_VALUE + 1L));
    }

    // ---------------------------------------------------------------- type

    @ParameterizedTest
    @ValueSource(strings = {"Proposal", "PROFILE", "-x", "1x", "x_y", "x.y", "x y", "caf\u00e9", "x/y", "\u0440oll"})
    void typeNameOutsideTheGrammarIsBadTypeName(String type) {
        assertRejects(RejectReason.BAD_TYPE_NAME, set(opaque(), "type", type));
    }

    @Test
    void emptyTypeNameIsEmpty() {
        assertRejects(RejectReason.EMPTY, set(opaque(), "type", ""));
    }

    @Test
    void typeNameOverMaxCharsIsTooLongAndAtMaxIsAccepted() {
        String max = "t" + "-".repeat(Limits.MAX_TYPE_NAME_CHARS - 1);
        assertEquals(max, assertAccepts(set(opaque(), "type", max)).type());
        assertRejects(RejectReason.TOO_LONG, set(opaque(), "type", max + "x"));
    }

    @Test
    void untrimmedTypeNameIsBadText() {
        assertRejects(RejectReason.BAD_TEXT, set(opaque(), "type", " poll"));
        assertRejects(RejectReason.BAD_TEXT, set(opaque(), "type", "poll\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "poll", "x-", "a--b", "event2", "z9"})
    void typeNamesInTheGrammarAreOpaqueWhenUnknown(String type) {
        RecordPayload p = assertAccepts(set(opaque(), "type", type));
        assertEquals(new OpaqueBody(type), p.body());
        assertTrue(p.knownType().isEmpty());
    }

    @Test
    void knownTypeWithAnotherTypesBodyIsRefusedByTheBodyRules() {
        assertRejects(RejectReason.UNKNOWN_FIELD, payload("comment", RecordFixtures.vouchBody()));
        assertRejects(RejectReason.MISSING_FIELD, payload("proposal", obj()));
    }

    // ---------------------------------------------------------------- author

    @Test
    void authorInCidFormIsBadPeerId() {
        String cid = ALICE.peerId().toCidBase32();
        assertEquals(ALICE.peerId(), PeerId.parse(cid)); // a valid peer ID, in a non-canonical form
        assertRejects(RejectReason.BAD_PEER_ID, set(comment(), "author", cid));
    }

    @Test
    void authorInBase58CidFormIsBadPeerId() {
        byte[] mh = ALICE.peerId().toBytes();
        byte[] cid = new byte[mh.length + 2];
        cid[0] = 0x01;
        cid[1] = 0x72;
        System.arraycopy(mh, 0, cid, 2, mh.length);
        String z = "z" + BaseN.BASE58_BTC.encode(cid);
        assertEquals(ALICE.peerId(), PeerId.parse(z));
        assertRejects(RejectReason.BAD_PEER_ID, set(comment(), "author", z));
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\t", "\n", "x"})
    void authorWithExtraCharactersIsBadPeerId(String extra) {
        assertRejects(RejectReason.BAD_PEER_ID, set(comment(), "author", RecordFixtures.peer(ALICE) + extra));
        assertRejects(RejectReason.BAD_PEER_ID, set(comment(), "author", extra + RecordFixtures.peer(ALICE)));
    }

    @Test
    void authorWithExtraLeadingZeroDigitIsBadPeerId() {
        assertRejects(RejectReason.BAD_PEER_ID, set(comment(), "author", "1" + RecordFixtures.peer(ALICE)));
    }

    @Test
    void sha256PeerIdIsBadPeerId() {
        // A key protobuf over 42 bytes is hashed: a valid libp2p peer ID (Qm...) with no inline key.
        PeerId hashed = PeerId.fromEncodedPublicKey(new byte[43]);
        assertTrue(hashed.toBase58().startsWith("Qm"), hashed.toBase58());
        assertTrue(PeerId.isCanonicalBase58(hashed.toBase58()));
        assertRejects(RejectReason.BAD_PEER_ID, set(comment(), "author", hashed.toBase58()));
    }

    @Test
    void inlinedNonEd25519KeyIsBadPeerId() {
        // libp2p PublicKey { Type = Secp256k1 (2), Data = 33 bytes }: inlined, but not Ed25519.
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        key.writeBytes(new byte[] {0x08, 0x02, 0x12, 0x21});
        byte[] point = new byte[33];
        point[0] = 0x02;
        key.writeBytes(point);
        PeerId secp = PeerId.fromEncodedPublicKey(key.toByteArray());
        assertTrue(secp.ed25519Key().isEmpty());
        assertRejects(RejectReason.BAD_PEER_ID, set(comment(), "author", secp.toBase58()));
    }

    @Test
    void inlinedEd25519KeyThatIsNotACurvePointIsBadPeerId() {
        // Find a 32-byte string that is not a valid point encoding (about half of them are not).
        for (int i = 0; i < 64; i++) {
            byte[] raw = new byte[32];
            Arrays.fill(raw, (byte) i);
            byte[] mh = new byte[2 + 36];
            mh[0] = 0x00;
            mh[1] = 36;
            mh[2] = 0x08;
            mh[3] = 0x01;
            mh[4] = 0x12;
            mh[5] = 0x20;
            System.arraycopy(raw, 0, mh, 6, 32);
            PeerId id = PeerId.fromBytes(mh);
            if (id.ed25519Key().isEmpty()) {
                assertRejects(RejectReason.BAD_PEER_ID, set(comment(), "author", id.toBase58()));
                return;
            }
        }
        throw new AssertionError("no invalid point found among 64 candidates");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "12D3KooW", "0OIl", "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
        "bafzaajaiaejcaxxqjcqbk3ongxqivzxo25f5vybzqybfqaocrbk3gwn3dczwq"})
    void malformedAuthorIsBadPeerId(String author) {
        assertRejects(RejectReason.BAD_PEER_ID, set(comment(), "author", author));
    }

    @Test
    void overlongAuthorIsBadPeerId() {
        assertRejects(RejectReason.BAD_PEER_ID, set(comment(), "author", "1".repeat(PeerId.MAX_TEXT_CHARS + 1)));
        assertRejects(RejectReason.BAD_PEER_ID, set(comment(), "author", "z".repeat(5_000)));
    }

    // ---------------------------------------------------------------- swarm

    @ParameterizedTest
    @ValueSource(strings = {"Public", "PUBLIC", "private", "publi", "abcdefghijklmno", "ABCDEFGHIJKLMNOP",
        "abcdefghijklmno1", "abcdefghijklmno8", "abcdefghijklmno=", "abcdefghijklmn\u00e9p", "public-2"})
    void invalidSwarmIsBadSwarmId(String swarm) {
        assertRejects(RejectReason.BAD_SWARM_ID, set(comment(), "swarm", swarm));
    }

    @Test
    void swarmOver16CharsIsTooLongAndEmptyIsEmpty() {
        assertRejects(RejectReason.TOO_LONG, set(comment(), "swarm", "abcdefghijklmnopq"));
        assertRejects(RejectReason.EMPTY, set(comment(), "swarm", ""));
        assertRejects(RejectReason.BAD_TEXT, set(comment(), "swarm", "public "));
    }

    @Test
    void publicAndDerivedSwarmIdsAreAccepted() {
        assertEquals("public", assertAccepts(comment()).swarm());
        String derived = SwarmId.fromKey(new byte[32]);
        assertEquals(SwarmId.TEXT_CHARS, derived.length());
        assertEquals(derived, assertAccepts(set(comment(), "swarm", derived)).swarm());
        assertEquals("abcdefghijklmnop", assertAccepts(set(comment(), "swarm", "abcdefghijklmnop")).swarm());
        assertEquals("a234567a234567aa", assertAccepts(set(comment(), "swarm", "a234567a234567aa")).swarm());
    }

    // ---------------------------------------------------------------- seq and prev

    @Test
    void seqZeroIsOutOfRange() {
        assertRejects(RejectReason.OUT_OF_RANGE, set(comment(), "seq", 0));
    }

    @Test
    void seqTwoToThe53IsOutOfRange() {
        ObjectNode p = set(comment(), "seq", 1L << 53);
        set(p, "prev", PREV_ID.toString());
        assertRejects(RejectReason.OUT_OF_RANGE, p);
    }

    @Test
    void seqTwoToThe53MinusOneIsAccepted() {
        ObjectNode p = set(comment(), "seq", Limits.MAX_SEQ);
        set(p, "prev", PREV_ID.toString());
        assertEquals((1L << 53) - 1, assertAccepts(p).seq());
    }

    @Test
    void longMaxSeqIsOutOfRange() {
        ObjectNode p = set(comment(), "seq", Long.MAX_VALUE);
        set(p, "prev", PREV_ID.toString());
        assertRejects(RejectReason.OUT_OF_RANGE, p);
    }

    @Test
    void prevAtSeqOneIsUnexpected() {
        assertRejects(RejectReason.PREV_UNEXPECTED, set(comment(), "prev", PREV_ID.toString()));
    }

    @Test
    void prevMissingAtSeqTwoIsPrevMissing() {
        assertRejects(RejectReason.PREV_MISSING, set(comment(), "seq", 2));
        ObjectNode nullPrev = set(comment(), "seq", 2);
        set(nullPrev, "prev", null);
        assertRejects(RejectReason.PREV_MISSING, nullPrev);
    }

    @Test
    void prevPresentAtSeqTwoIsAccepted() {
        ObjectNode p = set(comment(), "seq", 2);
        set(p, "prev", PREV_ID.toString());
        assertEquals(PREV_ID, assertAccepts(p).prev());
    }

    @Test
    void prevMalformedIsBadRecordId() {
        String id = PREV_ID.toString();
        String lastFlipped = id.substring(0, 51) + (char) (id.charAt(51) + 1); // 'a'->'b' or 'q'->'r'
        for (String bad : new String[] {
            id.toUpperCase(java.util.Locale.ROOT),
            id.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + id.substring(1),
            id.substring(0, 51),
            id + "a",
            id.substring(0, 51) + "1",
            id.substring(0, 51) + "8",
            id.substring(0, 51) + "=",
            lastFlipped, // non-zero padding bits: not the canonical encoding
            "",
            " " + id.substring(1),
            "x".repeat(10_000),
        }) {
            ObjectNode p = set(comment(), "seq", 2);
            set(p, "prev", bad);
            assertRejects(RejectReason.BAD_RECORD_ID, p);
        }
    }

    @Test
    void prevOfWrongJsonTypeIsWrongType() {
        ObjectNode p = set(comment(), "seq", 2);
        set(p, "prev", 5);
        assertRejects(RejectReason.WRONG_TYPE, p);
    }

    @Test
    void prevIsCheckedBeforeItsPresenceRule() {
        // A malformed prev at seq 1 is reported as malformed, not as unexpected.
        assertRejects(RejectReason.BAD_RECORD_ID, set(comment(), "prev", "nope"));
    }

    // ---------------------------------------------------------------- ts

    @Test
    void timestampExactlyAtTheSkewLimitIsAccepted() {
        long ts = NOW + Limits.MAX_CLOCK_SKEW_MILLIS;
        assertEquals(ts, assertAccepts(set(comment(), "ts", ts)).timestampMillis());
    }

    @Test
    void timestampOneMillisecondPastTheSkewLimitIsInTheFuture() {
        assertRejects(RejectReason.TIMESTAMP_IN_FUTURE, set(comment(), "ts", NOW + Limits.MAX_CLOCK_SKEW_MILLIS + 1));
        assertRejects(RejectReason.TIMESTAMP_IN_FUTURE, set(comment(), "ts", Long.MAX_VALUE));
    }

    @Test
    void timestampFollowsTheVerifiersClock() throws Exception {
        long ts = NOW + Limits.MAX_CLOCK_SKEW_MILLIS + 1;
        byte[] payload = RecordFixtures.json(set(comment(), "ts", ts));
        assertEquals(ts, PayloadCodec.parse(payload, NOW + 1).timestampMillis());
        RecordVerifier later = new RecordVerifier(java.time.Clock.offset(RecordFixtures.CLOCK,
                java.time.Duration.ofMillis(1)));
        assertEquals(ts, later.verify(RecordFixtures.signedEnvelope(payload, ALICE)).payload().timestampMillis());
    }

    @Test
    void timestampAtTheEarliestAllowedIsAccepted() {
        assertEquals(Limits.MIN_TIMESTAMP_MILLIS,
                assertAccepts(set(comment(), "ts", Limits.MIN_TIMESTAMP_MILLIS)).timestampMillis());
        assertEquals(java.time.Instant.parse("2020-01-01T00:00:00Z").toEpochMilli(), Limits.MIN_TIMESTAMP_MILLIS);
    }

    @ParameterizedTest
    @ValueSource(longs = {Limits.MIN_TIMESTAMP_MILLIS - 1, 1_500_000_000_000L, 1_772_366_400L, 0, -1})
    void timestampBefore2020IsOutOfRange(long ts) {
        assertRejects(RejectReason.OUT_OF_RANGE, set(comment(), "ts", ts));
    }

    // ---------------------------------------------------------------- body

    @Test
    void bodyThatIsNotAnObjectIsNotAnObject() {
        assertRejects(RejectReason.NOT_AN_OBJECT, set(comment(), "body", RecordFixtures.arr()));
        assertRejects(RejectReason.NOT_AN_OBJECT, set(comment(), "body", "text"));
        assertRejects(RejectReason.NOT_AN_OBJECT, set(opaque(), "body", 1));
        assertRejects(RejectReason.NOT_AN_OBJECT, set(opaque(), "body", true));
    }

    @Test
    void opaqueBodyMayHoldAnything() {
        ObjectNode body = obj("anything", RecordFixtures.arr(1, "two", obj("three", null), true),
                "n", -12.5, "deep", obj("a", obj("b", "c")), "\u0000ctrl\n", "\u202e");
        assertAccepts(payload("poll", body));
        assertAccepts(payload("poll", obj()));
    }

    @Test
    void headerOrderDoesNotMatter() {
        ObjectNode p = comment();
        ObjectNode reordered = obj();
        java.util.List<String> names = new java.util.ArrayList<>();
        p.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        for (String name : names) {
            reordered.set(name, p.get(name));
        }
        assertEquals(assertAccepts(p), assertAccepts(reordered));
    }

    @Test
    void authorIsWhoeverThePayloadNames() {
        assertEquals(BOB.peerId(), assertAccepts(payload("comment", BOB, commentBody())).author());
    }
}
