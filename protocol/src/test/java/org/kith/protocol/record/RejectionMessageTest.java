package org.kith.protocol.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.protocol.record.RecordFixtures.NOW;
import static org.kith.protocol.record.RecordFixtures.bytes;
import static org.kith.protocol.record.RecordFixtures.json;
import static org.kith.protocol.record.RecordFixtures.obj;
import static org.kith.protocol.record.RecordFixtures.payload;
import static org.kith.protocol.record.RecordFixtures.set;
import static org.kith.protocol.record.RecordFixtures.splice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rejection messages name the field and the limit, never the record's content: a hostile field
 * name must not carry control characters (log injection) or unbounded text into logs and CLI
 * output.
 */
class RejectionMessageTest {

    private static final String HOSTILE = "evil\u001b[2J\r\nFAKE LOG LINE\u0007\u202e";

    private static InvalidRecordException parseFailure(byte[] payload) {
        return assertThrows(InvalidRecordException.class, () -> PayloadCodec.parse(payload, NOW));
    }

    private static void assertPrintableAndBounded(String message) {
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            assertTrue(c >= 0x20 && c < 0x7F, "non-printable U+" + Integer.toHexString(c) + " in: " + message);
        }
        assertTrue(message.length() < 300, "message of " + message.length() + " chars");
    }

    @Test
    void unknownFieldNameIsSanitizedInTheMessage() {
        ObjectNode p = payload("comment", RecordFixtures.commentBody());
        ((ObjectNode) p.get("body")).put(HOSTILE, 1);
        InvalidRecordException e = parseFailure(json(p));
        assertEquals(RejectReason.UNKNOWN_FIELD, e.reason());
        assertPrintableAndBounded(e.getMessage());
        assertTrue(e.getMessage().startsWith("unknown-field: body.evil\\u001B[2J\\u000D\\u000A"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void longUnknownFieldNameIsTruncatedInTheMessage() {
        InvalidRecordException e = parseFailure(json(set(payload("comment", RecordFixtures.commentBody()),
                "x".repeat(60_000), 1)));
        assertEquals(RejectReason.UNKNOWN_FIELD, e.reason());
        assertPrintableAndBounded(e.getMessage());
        assertTrue(e.getMessage().contains("(60000 chars)"), e.getMessage());
    }

    @Test
    void duplicateKeyIsSanitizedInTheMessage() {
        String escaped = "evil\\u001b\\n";
        byte[] p = json(payload("poll", obj("k", 1)));
        byte[] dup = splice(p, "\"k\":1", bytes("\"" + escaped + "\":1,\"" + escaped + "\":2"));
        InvalidRecordException e = parseFailure(dup);
        assertEquals(RejectReason.DUPLICATE_KEY, e.reason());
        assertPrintableAndBounded(e.getMessage());
        assertTrue(e.getMessage().contains("evil\\u001B\\u000A"), e.getMessage());
    }

    @Test
    void longDuplicateKeyIsTruncatedInTheMessage() {
        String key = "k".repeat(30_000);
        byte[] p = json(payload("poll", obj("k", 1)));
        InvalidRecordException e = parseFailure(splice(p, "\"k\":1", bytes("\"" + key + "\":1,\"" + key + "\":2")));
        assertEquals(RejectReason.DUPLICATE_KEY, e.reason());
        assertPrintableAndBounded(e.getMessage());
    }

    @Test
    void textContentNeverAppearsInTheMessage() {
        InvalidRecordException e = parseFailure(json(set(payload("proposal", RecordFixtures.proposalBody()),
                "body.title", "SECRET\u0007" + "x".repeat(200))));
        assertEquals(RejectReason.TOO_LONG, e.reason());
        assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
        assertTrue(e.getMessage().contains("body.title"), e.getMessage());
        InvalidRecordException bad = parseFailure(json(set(payload("proposal", RecordFixtures.proposalBody()),
                "body.title", "SECRET\u0007")));
        assertEquals(RejectReason.BAD_TEXT, bad.reason());
        assertFalse(bad.getMessage().contains("SECRET"), bad.getMessage());
        assertPrintableAndBounded(bad.getMessage());
    }

    @Test
    void messageStartsWithTheReasonCodeAndDetailStripsIt() {
        InvalidRecordException e = parseFailure(json(set(payload("comment", RecordFixtures.commentBody()), "v", 2)));
        assertEquals(RejectReason.UNSUPPORTED_VERSION, e.reason());
        assertTrue(e.getMessage().startsWith("unsupported-version: "), e.getMessage());
        assertEquals(e.getMessage().substring("unsupported-version: ".length()), e.detail());
    }

    @ParameterizedTest
    @EnumSource(RejectReason.class)
    void everyReasonHasAStableKebabCaseCodeAndADescription(RejectReason r) {
        assertEquals(r.name().toLowerCase(Locale.ROOT).replace('_', '-'), r.code());
        assertTrue(r.code().matches("[a-z0-9]+(-[a-z0-9]+)*"), r.code());
        assertFalse(r.description().isBlank());
    }
}
