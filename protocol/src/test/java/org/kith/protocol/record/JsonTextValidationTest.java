package org.kith.protocol.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.protocol.record.RecordFixtures.EMOJI;
import static org.kith.protocol.record.RecordFixtures.arr;
import static org.kith.protocol.record.RecordFixtures.assertAccepts;
import static org.kith.protocol.record.RecordFixtures.assertRejects;
import static org.kith.protocol.record.RecordFixtures.bytes;
import static org.kith.protocol.record.RecordFixtures.concat;
import static org.kith.protocol.record.RecordFixtures.depth;
import static org.kith.protocol.record.RecordFixtures.hex;
import static org.kith.protocol.record.RecordFixtures.json;
import static org.kith.protocol.record.RecordFixtures.obj;
import static org.kith.protocol.record.RecordFixtures.payload;
import static org.kith.protocol.record.RecordFixtures.set;
import static org.kith.protocol.record.RecordFixtures.splice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Payload bytes must be strict UTF-8 holding exactly one well-formed, strict JSON object. */
class JsonTextValidationTest {

    /** A valid comment payload whose text is the marker MARK, to splice raw bytes into. */
    private static byte[] commentWithMark() {
        return json(payload("comment", obj("target", RecordFixtures.PROPOSAL_ID.toString(), "text", "xMARKx")));
    }

    private static byte[] withRawBytesInString(String hexBytes) {
        return splice(commentWithMark(), "MARK", hex(hexBytes));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The valid comment as JSON text with {@code from} replaced by {@code to} exactly once. */
    private static byte[] commentJsonReplacing(String from, String to) {
        return splice(commentWithMark(), from, bytes(to));
    }

    // ---------------------------------------------------------------- UTF-8

    @Test
    void wellFormedMultibyteUtf8IsAccepted() {
        assertAccepts(withRawBytesInString("C3A9 E282AC F09F8CB1")); // é € 🌱
    }

    @Test
    void invalidByteIsNotUtf8() {
        assertRejects(RejectReason.NOT_UTF8, withRawBytesInString("FF"));
        assertRejects(RejectReason.NOT_UTF8, withRawBytesInString("FE"));
        assertRejects(RejectReason.NOT_UTF8, withRawBytesInString("80")); // lone continuation byte
    }

    @Test
    void overlongEncodingIsNotUtf8() {
        assertRejects(RejectReason.NOT_UTF8, withRawBytesInString("C0AF")); // overlong '/'
        assertRejects(RejectReason.NOT_UTF8, withRawBytesInString("C080")); // overlong NUL
        assertRejects(RejectReason.NOT_UTF8, withRawBytesInString("E080AF")); // three-byte overlong '/'
        assertRejects(RejectReason.NOT_UTF8, withRawBytesInString("F08282AC")); // four-byte overlong '€'
    }

    @Test
    void encodedSurrogateIsNotUtf8() {
        assertRejects(RejectReason.NOT_UTF8, withRawBytesInString("EDA080")); // U+D800
        assertRejects(RejectReason.NOT_UTF8, withRawBytesInString("EDBFBF")); // U+DFFF
        assertRejects(RejectReason.NOT_UTF8, withRawBytesInString("EDA0BD EDB8B1")); // CESU-8 pair
    }

    @Test
    void codePointAboveUnicodeRangeIsNotUtf8() {
        assertRejects(RejectReason.NOT_UTF8, withRawBytesInString("F4908080")); // U+110000
        assertRejects(RejectReason.NOT_UTF8, withRawBytesInString("F5808080"));
    }

    @Test
    void truncatedMultibyteSequenceIsNotUtf8() {
        assertRejects(RejectReason.NOT_UTF8, withRawBytesInString("E282")); // € missing its last byte
        assertRejects(RejectReason.NOT_UTF8, withRawBytesInString("F09F8C"));
        byte[] endsMidSequence = concat(commentWithMark(), hex("E282"));
        assertRejects(RejectReason.NOT_UTF8, endsMidSequence);
    }

    @Test
    void byteOrderMarkIsNotUtf8() {
        assertRejects(RejectReason.NOT_UTF8, concat(hex("EFBBBF"), commentWithMark()));
    }

    @Test
    void byteOrderMarkInsideAStringIsAStringCharacter() {
        // U+FEFF only matters as a prefix; inside a multi-line text it is an ordinary character.
        assertAccepts(withRawBytesInString("EFBBBF"));
    }

    @Test
    void utf16PayloadIsNotUtf8() {
        byte[] utf16 = new String(commentWithMark(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
        assertRejects(RejectReason.NOT_UTF8, utf16);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ud800", "\\udfff", "\\udc00\\ud83c", "\\ud83c", "a\\ud83cb"})
    void loneSurrogateEscapeIsNotUtf8(String escape) {
        assertRejects(RejectReason.NOT_UTF8, commentJsonReplacing("MARK", escape));
    }

    @Test
    void loneSurrogateEscapeInAKeyOrOpaqueBodyIsNotUtf8() {
        byte[] opaque = json(payload("poll", obj("q", "MARK")));
        assertRejects(RejectReason.NOT_UTF8, splice(opaque, "\"q\"", bytes("\"\\ud800\"")));
        assertRejects(RejectReason.NOT_UTF8, splice(opaque, "MARK", bytes("\\udbff")));
        byte[] nested = json(payload("poll", obj("q", arr(obj("deep", "MARK")))));
        assertRejects(RejectReason.NOT_UTF8, splice(nested, "MARK", bytes("\\udbff")));
    }

    @Test
    void escapedSurrogatePairIsOneCodePoint() {
        RecordPayload p = assertAccepts(commentJsonReplacing("MARK", "\\ud83c\\udf31"));
        assertEquals("x" + EMOJI + "x", ((Comment) p.body()).text());
    }

    // ---------------------------------------------------------------- JSON structure

    @Test
    void duplicateKeyAtTopLevelIsRefused() {
        assertRejects(RejectReason.DUPLICATE_KEY, commentJsonReplacing("\"seq\":1", "\"seq\":1,\"seq\":1"));
        assertRejects(RejectReason.DUPLICATE_KEY, commentJsonReplacing("\"seq\":1", "\"seq\":1,\"seq\":2"));
    }

    @Test
    void duplicateKeyInsideBodyIsRefused() {
        assertRejects(RejectReason.DUPLICATE_KEY, commentJsonReplacing("\"text\":", "\"text\":\"a\",\"text\":"));
    }

    @Test
    void duplicateKeyDeepInsideAnOpaqueBodyIsRefused() {
        byte[] opaque = json(payload("poll", obj("a", arr(obj("b", 1)))));
        assertRejects(RejectReason.DUPLICATE_KEY, splice(opaque, "\"b\":1", bytes("\"b\":1,\"b\":1")));
    }

    @Test
    void duplicateKeySpelledWithAnEscapeIsStillADuplicate() {
        assertRejects(RejectReason.DUPLICATE_KEY, commentJsonReplacing("\"seq\":1", "\"seq\":1,\"s\\u0065q\":1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {" {}", " []", " 1", "{}", " x", "]", "}", " \"s\"", ",", " null"})
    void trailingTokensAreMalformed(String trailer) {
        assertRejects(RejectReason.JSON_MALFORMED, concat(commentWithMark(), bytes(trailer)));
    }

    @Test
    void insignificantWhitespaceAroundTheObjectIsAllowed() {
        assertAccepts(concat(bytes(" \n\t"), commentWithMark(), bytes("\r\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{}]", "1", "\"a string\"", "null", "true", "-0.5"})
    void topLevelNonObjectIsNotAnObject(String json) {
        assertRejects(RejectReason.NOT_AN_OBJECT, bytes(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\n"})
    void emptyPayloadIsMalformed(String json) {
        assertRejects(RejectReason.JSON_MALFORMED, bytes(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"v\":1", "{\"v\":}", "{\"v\" 1}", "{'v':1}", "{v:1}", "{\"v\":1,}",
        "{\"v\":[1,]}", "{,}", "\u0000"})
    void brokenSyntaxIsMalformed(String json) {
        assertRejects(RejectReason.JSON_MALFORMED, bytes(json));
    }

    @Test
    void rawControlCharacterInsideAStringIsMalformedJson() {
        assertRejects(RejectReason.JSON_MALFORMED, withRawBytesInString("0A")); // a raw newline
        assertRejects(RejectReason.JSON_MALFORMED, withRawBytesInString("09")); // a raw tab
        assertRejects(RejectReason.JSON_MALFORMED, withRawBytesInString("00"));
    }

    @Test
    void invalidEscapeIsMalformed() {
        assertRejects(RejectReason.JSON_MALFORMED, commentJsonReplacing("MARK", "\\x41"));
        assertRejects(RejectReason.JSON_MALFORMED, commentJsonReplacing("MARK", "\\u12"));
        assertRejects(RejectReason.JSON_MALFORMED, commentJsonReplacing("MARK", "\\'"));
    }

    @Test
    void commentsAreMalformed() {
        assertRejects(RejectReason.JSON_MALFORMED, commentJsonReplacing("\"seq\":1", "\"seq\":1/* c */"));
        assertRejects(RejectReason.JSON_MALFORMED, commentJsonReplacing("\"seq\":1", "\"seq\":1 // c\n"));
        assertRejects(RejectReason.JSON_MALFORMED, commentJsonReplacing("\"seq\":1", "\"seq\":1 # c\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "01", "00", "-01", "+1", ".5", "1.", "0x10", "1_000"})
    void nonStandardNumbersAreMalformed(String number) {
        assertRejects(RejectReason.JSON_MALFORMED, commentJsonReplacing("\"seq\":1", "\"seq\":" + number));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "1e3", "1E0", "1.5", "1e-3", "10E-1"})
    void fractionOrExponentWhereAnIntegerIsExpectedIsWrongType(String number) {
        assertRejects(RejectReason.WRONG_TYPE, commentJsonReplacing("\"seq\":1", "\"seq\":" + number));
        assertRejects(RejectReason.WRONG_TYPE, commentJsonReplacing("\"v\":1", "\"v\":" + number));
    }

    @Test
    void timestampAsFloatIsWrongType() {
        ObjectNode p = payload("comment", RecordFixtures.commentBody());
        p.put("ts", (double) RecordFixtures.TS);
        assertRejects(RejectReason.WRONG_TYPE, p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9007199254740992", "9223372036854775807", "9223372036854775808",
        "18446744073709551616", "12345678901234567890123456789012"})
    void hugeIntegersAreOutOfRange(String number) {
        assertRejects(RejectReason.OUT_OF_RANGE, commentJsonReplacing("\"seq\":1", "\"seq\":" + number));
    }

    @ParameterizedTest
    @ValueSource(ints = {33, 40, 1_000, 60_000})
    void integersLongerThanTheDigitLimitAreOutOfRangeNotTooDeep(int digits) {
        String number = "1".repeat(digits);
        assertRejects(RejectReason.OUT_OF_RANGE, commentJsonReplacing("\"seq\":1", "\"seq\":" + number));
        byte[] opaque = json(payload("poll", obj("n", 0)));
        assertRejects(RejectReason.OUT_OF_RANGE, splice(opaque, "\"n\":0", bytes("\"n\":" + number)));
    }

    @Test
    void numberDigitLimitIsExactInOpaqueBodies() {
        byte[] opaque = json(payload("poll", obj("n", 0)));
        String max = "9".repeat(Limits.MAX_NUMBER_DIGITS);
        assertAccepts(splice(opaque, "\"n\":0", bytes("\"n\":" + max)));
        assertAccepts(splice(opaque, "\"n\":0", bytes("\"n\":-" + max)));
        assertRejects(RejectReason.OUT_OF_RANGE, splice(opaque, "\"n\":0", bytes("\"n\":" + max + "9")));
    }

    @Test
    void negativeIntegersAreOutOfRange() {
        assertRejects(RejectReason.OUT_OF_RANGE, commentJsonReplacing("\"seq\":1", "\"seq\":-1"));
        assertRejects(RejectReason.OUT_OF_RANGE, commentJsonReplacing("\"seq\":1", "\"seq\":-0"));
    }

    @Test
    void stringWhereANumberIsExpectedIsWrongType() {
        assertRejects(RejectReason.WRONG_TYPE, commentJsonReplacing("\"seq\":1", "\"seq\":\"1\""));
        assertRejects(RejectReason.WRONG_TYPE, commentJsonReplacing("\"v\":1", "\"v\":\"1\""));
        ObjectNode p = payload("comment", RecordFixtures.commentBody());
        p.put("ts", String.valueOf(RecordFixtures.TS));
        assertRejects(RejectReason.WRONG_TYPE, p);
    }

    @Test
    void otherJsonTypesWhereANumberIsExpectedAreWrongType() {
        for (String value : new String[] {"true", "false", "[1]", "{}"}) {
            assertRejects(RejectReason.WRONG_TYPE, commentJsonReplacing("\"seq\":1", "\"seq\":" + value));
        }
    }

    @Test
    void numberWhereAStringIsExpectedIsWrongType() {
        assertRejects(RejectReason.WRONG_TYPE, set(payload("comment", RecordFixtures.commentBody()), "body.text", 5));
        assertRejects(RejectReason.WRONG_TYPE, set(payload("comment", RecordFixtures.commentBody()), "type", 5));
        assertRejects(RejectReason.WRONG_TYPE, set(payload("comment", RecordFixtures.commentBody()), "author", 5));
        assertRejects(RejectReason.WRONG_TYPE, set(payload("comment", RecordFixtures.commentBody()), "swarm", 5));
        assertRejects(RejectReason.WRONG_TYPE, set(payload("comment", RecordFixtures.commentBody()), "body.target", 5));
        assertRejects(RejectReason.WRONG_TYPE, set(payload("vouch", RecordFixtures.vouchBody()), "body.level", 3));
        assertRejects(RejectReason.WRONG_TYPE,
                set(payload("profile", RecordFixtures.profileBody()), "body.skills", "gardening"));
        assertRejects(RejectReason.WRONG_TYPE,
                set(payload("profile", RecordFixtures.profileBody()), "body.skills[0]", 1));
        assertRejects(RejectReason.WRONG_TYPE,
                set(payload("profile", RecordFixtures.profileBody()), "body.name", arr("Al")));
    }

    @Test
    void nullForARequiredFieldIsMissing() {
        for (String field : new String[] {"v", "type", "author", "swarm", "seq", "ts", "body"}) {
            assertRejects(RejectReason.MISSING_FIELD, set(payload("comment", RecordFixtures.commentBody()), field, null));
        }
        assertRejects(RejectReason.MISSING_FIELD, set(payload("comment", RecordFixtures.commentBody()), "body.text", null));
        assertRejects(RejectReason.MISSING_FIELD,
                set(payload("proposal", RecordFixtures.proposalBody()), "body.title", null));
    }

    @Test
    void nullForAnOptionalFieldIsAbsent() {
        RecordPayload p = assertAccepts(set(payload("comment", RecordFixtures.commentBody()), "prev", null));
        assertEquals(null, p.prev());
        Profile profile = (Profile) assertAccepts(
                set(payload("profile", RecordFixtures.profileBody()), "body.bio", null)).body();
        assertEquals(null, profile.bio());
    }

    @Test
    void nullInsideAListIsWrongType() {
        assertRejects(RejectReason.WRONG_TYPE,
                set(payload("profile", RecordFixtures.profileBody()), "body.skills[0]", null));
    }

    // ---------------------------------------------------------------- depth

    /** An opaque body nested so the whole payload is exactly {@code total} levels deep. */
    private static ObjectNode opaqueOfDepth(int total, boolean arrays) {
        int bodyDepth = total - 1; // the payload object is level 1
        if (!arrays) {
            JsonNode body = obj();
            for (int d = 1; d < bodyDepth; d++) {
                body = obj("a", body);
            }
            return payload("poll", (ObjectNode) body);
        }
        JsonNode inner = arr();
        for (int d = 1; d < bodyDepth - 1; d++) {
            inner = arr(inner);
        }
        return payload("poll", obj("a", inner));
    }

    @Test
    void depthIsCountedWithThePayloadObjectAsLevelOne() {
        assertEquals(1, depth(obj()));
        assertEquals(2, depth(payload("poll", obj())));
        assertEquals(Limits.MAX_JSON_DEPTH, depth(opaqueOfDepth(Limits.MAX_JSON_DEPTH, false)));
        assertEquals(Limits.MAX_JSON_DEPTH, depth(opaqueOfDepth(Limits.MAX_JSON_DEPTH, true)));
        assertEquals(Limits.MAX_JSON_DEPTH + 1, depth(opaqueOfDepth(Limits.MAX_JSON_DEPTH + 1, false)));
    }

    @Test
    void objectsNestedExactlyToMaxDepthAreAccepted() {
        RecordPayload p = assertAccepts(opaqueOfDepth(Limits.MAX_JSON_DEPTH, false));
        assertInstanceOf(OpaqueBody.class, p.body());
    }

    @Test
    void arraysNestedExactlyToMaxDepthAreAccepted() {
        assertAccepts(opaqueOfDepth(Limits.MAX_JSON_DEPTH, true));
    }

    @Test
    void oneLevelDeeperThanMaxIsTooDeep() {
        assertRejects(RejectReason.TOO_DEEP, opaqueOfDepth(Limits.MAX_JSON_DEPTH + 1, false));
        assertRejects(RejectReason.TOO_DEEP, opaqueOfDepth(Limits.MAX_JSON_DEPTH + 1, true));
    }

    @Test
    void farTooDeepIsRefusedAsTooDeepEvenWhenUnbalanced() {
        byte[] deep = bytes("{\"body\":" + "[".repeat(10_000));
        assertRejects(RejectReason.TOO_DEEP, deep);
        assertRejects(RejectReason.TOO_DEEP, bytes("[".repeat(Limits.MAX_JSON_DEPTH + 1)));
    }

    @Test
    void veryLongKeyInAnOpaqueBodyIsAcceptedWithinThePayloadLimit() {
        // Jackson's default name limit (50,000 chars) is below what a 64 KiB payload can hold.
        String key = "k".repeat(60_000);
        assertTrue(text(json(payload("poll", obj(key, 1)))).length() <= Limits.MAX_PAYLOAD_BYTES);
        assertAccepts(payload("poll", obj(key, 1)));
        assertRejects(RejectReason.UNKNOWN_FIELD, payload("comment", obj(key, 1)));
    }
}
