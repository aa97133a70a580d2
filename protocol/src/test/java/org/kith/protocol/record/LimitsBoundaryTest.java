package org.kith.protocol.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.protocol.record.RecordFixtures.ALICE;
import static org.kith.protocol.record.RecordFixtures.EMOJI;
import static org.kith.protocol.record.RecordFixtures.NOW;
import static org.kith.protocol.record.RecordFixtures.PNG_MAGIC;
import static org.kith.protocol.record.RecordFixtures.arr;
import static org.kith.protocol.record.RecordFixtures.assertAccepts;
import static org.kith.protocol.record.RecordFixtures.assertRejects;
import static org.kith.protocol.record.RecordFixtures.json;
import static org.kith.protocol.record.RecordFixtures.obj;
import static org.kith.protocol.record.RecordFixtures.payload;
import static org.kith.protocol.record.RecordFixtures.set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bound in {@link Limits}: exactly at the limit is accepted, one past it is refused with
 * the bound's reason. String lengths count Unicode code points, so each string bound is also
 * tested with astral characters (two UTF-16 units each).
 */
class LimitsBoundaryTest {

    /** A string-valued field: where it is, in which payload, and its limit in code points. */
    record StringBound(String field, Supplier<ObjectNode> payload, String path, int max, IntFunction<String> valueOf) {
        @Override
        public String toString() {
            return field + " (" + max + ")";
        }
    }

    /** Fills with a repeated one-code-point unit. */
    static IntFunction<String> filled(String unit) {
        return n -> unit.repeat(n);
    }

    /** An http URL of exactly n characters. */
    static String link(int n) {
        String base = "https://example.org/";
        return base + "a".repeat(n - base.length());
    }

    static Supplier<ObjectNode> p(String type, Supplier<ObjectNode> body) {
        return () -> payload(type, body.get());
    }

    static List<StringBound> stringBounds() {
        Supplier<ObjectNode> profile = p("profile", RecordFixtures::profileBody);
        Supplier<ObjectNode> proposal = p("proposal", RecordFixtures::proposalBody);
        Supplier<ObjectNode> commitment = p("commitment", RecordFixtures::commitmentBody);
        Supplier<ObjectNode> update = p("commitment-update", () -> RecordFixtures.commitmentUpdateBody("delivered"));
        Supplier<ObjectNode> attestation = p("attestation", RecordFixtures::attestationBody);
        Supplier<ObjectNode> vouch = p("vouch", RecordFixtures::vouchBody);
        Supplier<ObjectNode> comment = p("comment", RecordFixtures::commentBody);
        Supplier<ObjectNode> retraction = p("retraction", RecordFixtures::retractionBody);
        IntFunction<String> a = filled("a");
        List<StringBound> b = new ArrayList<>();
        b.add(new StringBound("profile.name", profile, "body.name", Limits.MAX_NAME_CHARS, a));
        b.add(new StringBound("profile.bio", profile, "body.bio", Limits.MAX_BIO_CHARS, a));
        b.add(new StringBound("profile.skills[]", profile, "body.skills[0]", Limits.MAX_SKILL_CHARS, a));
        b.add(new StringBound("profile.offers[]", profile, "body.offers[0]", Limits.MAX_PROFILE_ITEM_CHARS, a));
        b.add(new StringBound("profile.needs[]", profile, "body.needs[0]", Limits.MAX_PROFILE_ITEM_CHARS, a));
        b.add(new StringBound("profile.values[]", profile, "body.values[0]", Limits.MAX_PROFILE_ITEM_CHARS, a));
        b.add(new StringBound("profile.links[]", profile, "body.links[0]", Limits.MAX_LINK_CHARS,
                LimitsBoundaryTest::link));
        b.add(new StringBound("profile.location", profile, "body.location", Limits.MAX_LOCATION_CHARS, a));
        b.add(new StringBound("proposal.title", proposal, "body.title", Limits.MAX_TITLE_CHARS, a));
        b.add(new StringBound("proposal.summary", proposal, "body.summary", Limits.MAX_SUMMARY_CHARS, a));
        b.add(new StringBound("proposal.details", proposal, "body.details", Limits.MAX_DETAILS_CHARS, a));
        b.add(new StringBound("proposal.roles[].name", proposal, "body.roles[0].name", Limits.MAX_ROLE_NAME_CHARS, a));
        b.add(new StringBound("proposal.roles[].skills[]", proposal, "body.roles[0].skills[0]",
                Limits.MAX_SKILL_CHARS, a));
        b.add(new StringBound("proposal.roles[].effort", proposal, "body.roles[0].effort", Limits.MAX_EFFORT_CHARS, a));
        b.add(new StringBound("proposal.tags[]", proposal, "body.tags[0]", Limits.MAX_TAG_CHARS, a));
        b.add(new StringBound("proposal.when.place", proposal, "body.when.place", Limits.MAX_PLACE_CHARS, a));
        b.add(new StringBound("commitment.role", commitment, "body.role", Limits.MAX_ROLE_NAME_CHARS, a));
        b.add(new StringBound("commitment.what", commitment, "body.what", Limits.MAX_WHAT_CHARS, a));
        b.add(new StringBound("commitment.effort", commitment, "body.effort", Limits.MAX_EFFORT_CHARS, a));
        b.add(new StringBound("commitment-update.note", update, "body.note", Limits.MAX_NOTE_CHARS, a));
        b.add(new StringBound("attestation.note", attestation, "body.note", Limits.MAX_NOTE_CHARS, a));
        b.add(new StringBound("vouch.domain", vouch, "body.domain", Limits.MAX_SKILL_CHARS, a));
        b.add(new StringBound("vouch.note", vouch, "body.note", Limits.MAX_NOTE_CHARS, a));
        b.add(new StringBound("comment.text", comment, "body.text", Limits.MAX_COMMENT_CHARS, a));
        b.add(new StringBound("retraction.reason", retraction, "body.reason", Limits.MAX_REASON_CHARS, a));
        b.add(new StringBound("type", () -> payload("poll", obj()), "type", Limits.MAX_TYPE_NAME_CHARS, a));
        return b;
    }

    static Stream<StringBound> asciiBounds() {
        return stringBounds().stream();
    }

    /** The same bounds filled with astral characters, where the result fits the payload limit. */
    static Stream<StringBound> astralBounds() {
        return stringBounds().stream()
                .filter(b -> !b.field().equals("type") && !b.field().equals("profile.links[]"))
                .filter(b -> (long) b.max() * 4 + 2_000 < Limits.MAX_PAYLOAD_BYTES)
                .map(b -> new StringBound(b.field(), b.payload(), b.path(), b.max(), filled(EMOJI)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("asciiBounds")
    void stringAtMaxIsAcceptedAndOneMoreIsTooLong(StringBound b) {
        String atMax = b.valueOf().apply(b.max());
        assertEquals(b.max(), atMax.codePointCount(0, atMax.length()));
        assertAccepts(set(b.payload().get(), b.path(), atMax));
        assertRejects(RejectReason.TOO_LONG, set(b.payload().get(), b.path(), b.valueOf().apply(b.max() + 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("astralBounds")
    void astralStringLengthCountsCodePointsNotUtf16Units(StringBound b) {
        String atMax = b.valueOf().apply(b.max());
        assertEquals(2 * b.max(), atMax.length()); // UTF-16 units: twice the limit, still accepted
        assertAccepts(set(b.payload().get(), b.path(), atMax));
        assertRejects(RejectReason.TOO_LONG, set(b.payload().get(), b.path(), b.valueOf().apply(b.max() + 1)));
    }

    @Test
    void everyStringBoundHasAnAstralCaseButDetails() {
        List<String> astral = astralBounds().map(StringBound::field).toList();
        assertTrue(astral.contains("profile.name") && astral.contains("comment.text"), astral.toString());
        assertEquals(stringBounds().size() - 3, astral.size(), astral.toString());
    }

    @Test
    void detailsAtMaxInThreeByteCharactersIsAccepted() {
        // 20,000 code points of '€' is 60,000 bytes: still inside the payload limit.
        String euro = "\u20ac".repeat(Limits.MAX_DETAILS_CHARS);
        assertAccepts(set(payload("proposal", RecordFixtures.proposalBody()), "body.details", euro));
        assertRejects(RejectReason.TOO_LONG,
                set(payload("proposal", RecordFixtures.proposalBody()), "body.details", euro + "\u20ac"));
    }

    @Test
    void nameOf64EmojiIsAcceptedThough128Utf16Units() throws Exception {
        String name = EMOJI.repeat(64);
        assertEquals(128, name.length());
        Profile p = (Profile) assertAccepts(set(payload("profile", RecordFixtures.profileBody()), "body.name", name))
                .body();
        assertEquals(name, p.name());
        // The signer agrees (it writes emoji as escaped surrogate pairs, which count once).
        assertEquals(name, ((Profile) RecordFixtures.signer(ALICE).sign("public", 1, null, Profile.named(name))
                .body()).name());
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> RecordFixtures.signer(ALICE).sign("public", 1, null, Profile.named(name + EMOJI)));
        assertEquals(RejectReason.TOO_LONG, e.reason());
    }

    @Test
    void combiningSequencesCountEachCodePoint() {
        String eAcute = "e\u0301"; // one user-perceived character, two code points
        String atMax = eAcute.repeat(Limits.MAX_NAME_CHARS / 2);
        assertAccepts(set(payload("profile", RecordFixtures.profileBody()), "body.name", atMax));
        assertRejects(RejectReason.TOO_LONG,
                set(payload("profile", RecordFixtures.profileBody()), "body.name", atMax + "e"));
    }

    // ---------------------------------------------------------------- lists

    record ListBound(String field, Supplier<ObjectNode> payload, String path, int max, IntFunction<JsonNode> item) {
        @Override
        public String toString() {
            return field + " (" + max + ")";
        }
    }

    static Stream<ListBound> listBounds() {
        Supplier<ObjectNode> profile = p("profile", RecordFixtures::profileBody);
        Supplier<ObjectNode> proposal = p("proposal", RecordFixtures::proposalBody);
        IntFunction<JsonNode> word = i -> RecordFixtures.node("item" + i);
        return Stream.of(
                new ListBound("profile.skills", profile, "body.skills", Limits.MAX_SKILLS, word),
                new ListBound("profile.offers", profile, "body.offers", Limits.MAX_PROFILE_LIST_ITEMS, word),
                new ListBound("profile.needs", profile, "body.needs", Limits.MAX_PROFILE_LIST_ITEMS, word),
                new ListBound("profile.values", profile, "body.values", Limits.MAX_PROFILE_LIST_ITEMS, word),
                new ListBound("profile.links", profile, "body.links", Limits.MAX_LINKS,
                        i -> RecordFixtures.node("https://example.org/" + i)),
                new ListBound("proposal.roles", proposal, "body.roles", Limits.MAX_ROLES,
                        i -> obj("name", "role" + i, "skills", arr("s"))),
                new ListBound("proposal.roles[].skills", proposal, "body.roles[0].skills", Limits.MAX_ROLE_SKILLS, word),
                new ListBound("proposal.tags", proposal, "body.tags", Limits.MAX_TAGS, word));
    }

    static ArrayNode list(IntFunction<JsonNode> item, int n) {
        ArrayNode a = arr();
        for (int i = 0; i < n; i++) {
            a.add(item.apply(i));
        }
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listBounds")
    void listAtMaxIsAcceptedAndOneMoreIsTooMany(ListBound b) {
        assertAccepts(set(b.payload().get(), b.path(), list(b.item(), b.max())));
        assertRejects(RejectReason.TOO_MANY, set(b.payload().get(), b.path(), list(b.item(), b.max() + 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listBounds")
    void emptyListIsTheSameAsAbsent(ListBound b) {
        RecordPayload empty = assertAccepts(set(b.payload().get(), b.path(), arr()));
        RecordPayload absent = assertAccepts(RecordFixtures.remove(b.payload().get(), b.path()));
        assertEquals(absent, empty);
    }

    @Test
    void listTooManyIsReportedBeforeItsItems() {
        ArrayNode bad = list(i -> RecordFixtures.node(""), Limits.MAX_SKILLS + 1);
        assertRejects(RejectReason.TOO_MANY, set(payload("profile", RecordFixtures.profileBody()), "body.skills", bad));
    }

    // ---------------------------------------------------------------- avatar

    static String avatarOfBytes(int n) {
        byte[] image = Arrays.copyOf(PNG_MAGIC, n); // PNG signature, zero-filled to n bytes
        return Base64.getEncoder().encodeToString(image);
    }

    @Test
    void avatarOfExactlyMaxBytesIsAccepted() {
        String avatar = avatarOfBytes(Limits.MAX_AVATAR_BYTES);
        Profile p = (Profile) assertAccepts(set(payload("profile", RecordFixtures.profileBody()), "body.avatar", avatar))
                .body();
        assertEquals(Limits.MAX_AVATAR_BYTES, Base64.getDecoder().decode(p.avatar()).length);
    }

    @Test
    void avatarOfMaxPlusOneBytesIsTooLong() {
        String avatar = avatarOfBytes(Limits.MAX_AVATAR_BYTES + 1);
        assertRejects(RejectReason.TOO_LONG, set(payload("profile", RecordFixtures.profileBody()), "body.avatar", avatar));
    }

    @Test
    void avatarTextLongerThanAnyMaxSizeImageIsTooLong() {
        String avatar = avatarOfBytes(Limits.MAX_AVATAR_BYTES + 100);
        assertRejects(RejectReason.TOO_LONG, set(payload("profile", RecordFixtures.profileBody()), "body.avatar", avatar));
    }

    // ---------------------------------------------------------------- payload size

    /** An opaque record padded with one string so its UTF-8 payload is exactly {@code size} bytes. */
    static byte[] opaquePayloadOfSize(int size) {
        ObjectNode p = payload("poll", obj("pad", ""));
        int base = json(p).length;
        byte[] bytes = json(set(p, "body.pad", "x".repeat(size - base)));
        assertEquals(size, bytes.length);
        return bytes;
    }

    @Test
    void payloadOfExactlyMaxBytesIsAcceptedThroughTheWholePath() throws Exception {
        byte[] payload = opaquePayloadOfSize(Limits.MAX_PAYLOAD_BYTES);
        assertAccepts(payload);
        SignedRecord record = RecordSigner.signRaw(payload, ALICE);
        byte[] envelope = record.encode();
        assertTrue(envelope.length <= Limits.MAX_ENVELOPE_BYTES);
        assertEquals(Limits.MAX_PAYLOAD_BYTES, RecordFixtures.verifier().verify(envelope).envelope().payload().length);
    }

    @Test
    void payloadOfMaxPlusOneBytesIsTooLarge() {
        byte[] payload = opaquePayloadOfSize(Limits.MAX_PAYLOAD_BYTES + 1);
        assertRejects(RejectReason.PAYLOAD_TOO_LARGE, payload);
        assertThrows(IllegalArgumentException.class, () -> RecordSigner.signRaw(payload, ALICE));
    }

    @Test
    void payloadSizeCountsUtf8BytesNotCharacters() {
        // Padding with 'é' (2 bytes): exactly at the limit in bytes, far under it in characters.
        ObjectNode p = payload("poll", obj("pad", ""));
        int base = json(p).length;
        int room = Limits.MAX_PAYLOAD_BYTES - base;
        String pad = "\u00e9".repeat(room / 2) + "x".repeat(room % 2);
        byte[] atMax = json(set(p, "body.pad", pad));
        assertEquals(Limits.MAX_PAYLOAD_BYTES, atMax.length);
        assertAccepts(atMax);
        byte[] over = json(set(payload("poll", obj("pad", "")), "body.pad", pad + "x"));
        assertEquals(RejectReason.PAYLOAD_TOO_LARGE, RecordFixtures.parseReason(over));
    }

    @Test
    void proposalFilledWithinEveryFieldLimitCanStillExceedThePayloadLimit() {
        // 20,000 three-byte characters of details plus summary, title and tags of emoji: each
        // field within its own limit, the whole over 64 KiB.
        ObjectNode p = payload("proposal", RecordFixtures.proposalBody());
        set(p, "body.details", "\u20ac".repeat(Limits.MAX_DETAILS_CHARS));
        set(p, "body.summary", EMOJI.repeat(Limits.MAX_SUMMARY_CHARS));
        set(p, "body.title", EMOJI.repeat(Limits.MAX_TITLE_CHARS));
        set(p, "body.tags", list(i -> RecordFixtures.node(i + EMOJI.repeat(Limits.MAX_TAG_CHARS - 2)), Limits.MAX_TAGS));
        byte[] bytes = json(p);
        assertTrue(bytes.length > Limits.MAX_ENVELOPE_BYTES, String.valueOf(bytes.length));
        assertEquals(RejectReason.PAYLOAD_TOO_LARGE, RecordFixtures.parseReason(bytes));
        // As an envelope it is over the envelope limit too, which is checked first.
        assertEquals(RejectReason.ENVELOPE_TOO_LARGE,
                RecordFixtures.verifyReason(RecordFixtures.signedEnvelope(bytes, ALICE)));
    }

    // ---------------------------------------------------------------- numbers and dates

    @Test
    void seqBounds() {
        assertRejects(RejectReason.OUT_OF_RANGE, set(payload("poll", obj()), "seq", 0));
        assertEquals(1, assertAccepts(payload("poll", obj())).seq());
        ObjectNode max = set(payload("poll", obj()), "seq", Limits.MAX_SEQ);
        set(max, "prev", RecordFixtures.PREV_ID.toString());
        assertEquals(Limits.MAX_SEQ, assertAccepts(max).seq());
        set(max, "seq", Limits.MAX_SEQ + 1);
        assertRejects(RejectReason.OUT_OF_RANGE, max);
    }

    @Test
    void timestampBounds() {
        assertAccepts(set(payload("poll", obj()), "ts", Limits.MIN_TIMESTAMP_MILLIS));
        assertRejects(RejectReason.OUT_OF_RANGE, set(payload("poll", obj()), "ts", Limits.MIN_TIMESTAMP_MILLIS - 1));
        assertAccepts(set(payload("poll", obj()), "ts", NOW + Limits.MAX_CLOCK_SKEW_MILLIS));
        assertRejects(RejectReason.TIMESTAMP_IN_FUTURE,
                set(payload("poll", obj()), "ts", NOW + Limits.MAX_CLOCK_SKEW_MILLIS + 1));
    }

    @Test
    void dateBoundsInDueDates() {
        ObjectNode c = payload("commitment", RecordFixtures.commitmentBody());
        assertAccepts(set(c, "body.due", Limits.MIN_DATE.toString()));
        assertAccepts(set(c, "body.due", Limits.MAX_DATE.toString()));
        assertRejects(RejectReason.OUT_OF_RANGE, set(c, "body.due", Limits.MIN_DATE.minusDays(1).toString()));
        assertRejects(RejectReason.OUT_OF_RANGE, set(c, "body.due", Limits.MAX_DATE.plusDays(1).toString()));
        assertEquals("2000-01-01", Limits.MIN_DATE.toString());
        assertEquals("2199-12-31", Limits.MAX_DATE.toString());
    }

    @Test
    void dateBoundsInGatheringTimes() {
        ObjectNode g = payload("proposal", RecordFixtures.gatheringBody());
        RecordFixtures.remove(g, "body.when.end");
        assertAccepts(set(g, "body.when.start", "2000-01-01T00:00Z"));
        assertAccepts(set(g, "body.when.start", "2199-12-31T23:59:59Z"));
        assertRejects(RejectReason.OUT_OF_RANGE, set(g, "body.when.start", "1999-12-31T23:59:59Z"));
        assertRejects(RejectReason.OUT_OF_RANGE, set(g, "body.when.start", "2200-01-01T00:00Z"));
        assertRejects(RejectReason.OUT_OF_RANGE, set(g, "body.when.start", "1999-12-31"));
        assertRejects(RejectReason.OUT_OF_RANGE, set(g, "body.when.start", "2200-01-01"));
    }

    @Test
    void dateTimeOfThirtyFiveCharactersIsAcceptedAndLongerIsTooLong() {
        ObjectNode g = payload("proposal", RecordFixtures.gatheringBody());
        RecordFixtures.remove(g, "body.when.end");
        String longest = "2026-04-04T10:00:00.123456789+01:00";
        assertEquals(35, longest.length());
        assertAccepts(set(g, "body.when.start", longest));
        assertRejects(RejectReason.TOO_LONG, set(g, "body.when.start", "2026-04-04T10:00:00.123456789+01:00:00"));
    }

    @Test
    void depthBound() {
        JsonNode atMax = obj();
        for (int d = 2; d < Limits.MAX_JSON_DEPTH; d++) {
            atMax = obj("n", atMax);
        }
        ObjectNode ok = payload("poll", (ObjectNode) atMax);
        assertEquals(Limits.MAX_JSON_DEPTH, RecordFixtures.depth(ok));
        assertAccepts(ok);
        assertRejects(RejectReason.TOO_DEEP, payload("poll", obj("n", atMax)));
    }

    @Test
    void limitsAreTheDocumentedValues() {
        assertEquals(65_536, Limits.MAX_PAYLOAD_BYTES);
        assertEquals(Limits.MAX_PAYLOAD_BYTES + 128, Limits.MAX_ENVELOPE_BYTES);
        assertEquals(9_007_199_254_740_991L, Limits.MAX_SEQ);
        assertEquals(600_000L, Limits.MAX_CLOCK_SKEW_MILLIS);
        assertEquals(16_384, Limits.MAX_AVATAR_BYTES);
    }
}
