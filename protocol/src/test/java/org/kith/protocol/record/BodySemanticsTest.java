package org.kith.protocol.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.kith.protocol.record.RecordFixtures.ALICE;
import static org.kith.protocol.record.RecordFixtures.BOB;
import static org.kith.protocol.record.RecordFixtures.CAROL;
import static org.kith.protocol.record.RecordFixtures.assertAccepts;
import static org.kith.protocol.record.RecordFixtures.assertRejects;
import static org.kith.protocol.record.RecordFixtures.obj;
import static org.kith.protocol.record.RecordFixtures.payload;
import static org.kith.protocol.record.RecordFixtures.peer;
import static org.kith.protocol.record.RecordFixtures.remove;
import static org.kith.protocol.record.RecordFixtures.set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Type-specific rules: required fields, enums, dates, cross-field rules, text rules. */
class BodySemanticsTest {

    private static ObjectNode proposal() {
        return payload("proposal", RecordFixtures.proposalBody());
    }

    private static ObjectNode gathering() {
        return payload("proposal", RecordFixtures.gatheringBody());
    }

    private static ObjectNode commitment() {
        return payload("commitment", RecordFixtures.commitmentBody());
    }

    private static ObjectNode update(String status) {
        return payload("commitment-update", RecordFixtures.commitmentUpdateBody(status));
    }

    private static ObjectNode profile() {
        return payload("profile", RecordFixtures.profileBody());
    }

    // ---------------------------------------------------------------- unknown and missing fields

    static Stream<String> knownTypes() {
        return RecordFixtures.knownBodies().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("knownTypes")
    void unknownBodyFieldIsUnknownFieldForEveryKnownType(String type) {
        ObjectNode body = RecordFixtures.knownBodies().get(type).get();
        body.put("extra", "x");
        assertRejects(RejectReason.UNKNOWN_FIELD, payload(type, body));
    }

    @ParameterizedTest
    @MethodSource("knownTypes")
    void fullBodyOfEveryKnownTypeIsAccepted(String type) {
        RecordPayload p = assertAccepts(payload(type, RecordFixtures.knownBodies().get(type).get()));
        assertEquals(type, p.body().typeName());
    }

    @ParameterizedTest
    @MethodSource("knownTypes")
    void emptyBodyOfEveryKnownTypeIsMissingField(String type) {
        assertRejects(RejectReason.MISSING_FIELD, payload(type, obj()));
    }

    @Test
    void unknownFieldInNestedObjectsIsUnknownField() {
        assertRejects(RejectReason.UNKNOWN_FIELD, set(proposal(), "body.roles[0].rate", "10/h"));
        assertRejects(RejectReason.UNKNOWN_FIELD, set(proposal(), "body.when.timezone", "UTC"));
    }

    static Stream<Arguments> requiredBodyFields() {
        return Stream.of(
                Arguments.of("profile", "name"),
                Arguments.of("proposal", "kind"),
                Arguments.of("proposal", "title"),
                Arguments.of("proposal", "summary"),
                Arguments.of("proposal", "status"),
                Arguments.of("commitment", "proposal"),
                Arguments.of("commitment", "what"),
                Arguments.of("commitment", "due"),
                Arguments.of("commitment-update", "commitment"),
                Arguments.of("commitment-update", "status"),
                Arguments.of("attestation", "commitment"),
                Arguments.of("attestation", "committer"),
                Arguments.of("attestation", "outcome"),
                Arguments.of("vouch", "subject"),
                Arguments.of("vouch", "level"),
                Arguments.of("comment", "target"),
                Arguments.of("comment", "text"),
                Arguments.of("retraction", "target"));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("requiredBodyFields")
    void missingRequiredBodyFieldIsMissingField(String type, String field) {
        ObjectNode body = RecordFixtures.knownBodies().get(type).get();
        body.remove(field);
        assertRejects(RejectReason.MISSING_FIELD, payload(type, body));
    }

    static Stream<Arguments> optionalBodyFields() {
        return Stream.of(
                Arguments.of("profile", "bio"), Arguments.of("profile", "skills"), Arguments.of("profile", "offers"),
                Arguments.of("profile", "needs"), Arguments.of("profile", "values"), Arguments.of("profile", "links"),
                Arguments.of("profile", "location"), Arguments.of("profile", "avatar"),
                Arguments.of("proposal", "details"), Arguments.of("proposal", "roles"),
                Arguments.of("proposal", "when"), Arguments.of("proposal", "tags"),
                Arguments.of("commitment", "role"), Arguments.of("commitment", "effort"),
                Arguments.of("commitment-update", "note"), Arguments.of("attestation", "note"),
                Arguments.of("vouch", "domain"), Arguments.of("vouch", "note"),
                Arguments.of("retraction", "reason"));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("optionalBodyFields")
    void optionalBodyFieldMayBeAbsent(String type, String field) {
        ObjectNode body = RecordFixtures.knownBodies().get(type).get();
        body.remove(field);
        assertAccepts(payload(type, body));
    }

    @Test
    void roleWithoutNameIsMissingField() {
        assertRejects(RejectReason.MISSING_FIELD, remove(proposal(), "body.roles[0].name"));
    }

    @Test
    void roleThatIsNotAnObjectIsNotAnObject() {
        assertRejects(RejectReason.NOT_AN_OBJECT, set(proposal(), "body.roles[0]", "builder"));
        assertRejects(RejectReason.NOT_AN_OBJECT, set(proposal(), "body.when", "tomorrow"));
        assertRejects(RejectReason.WRONG_TYPE, set(proposal(), "body.roles", obj("name", "builder")));
    }

    // ---------------------------------------------------------------- proposals and gatherings

    @Test
    void gatheringWithoutWhenIsMissingField() {
        assertRejects(RejectReason.MISSING_FIELD, remove(gathering(), "body.when"));
    }

    @Test
    void gatheringWithPlaceButNoStartIsMissingField() {
        ObjectNode g = gathering();
        remove(g, "body.when.start");
        remove(g, "body.when.end");
        assertRejects(RejectReason.MISSING_FIELD, g);
    }

    @Test
    void projectMayHaveAPlaceWithoutAStart() {
        ObjectNode p = proposal();
        set(p, "body.when", obj("place", "Online"));
        Proposal body = (Proposal) assertAccepts(p).body();
        assertNull(body.when().start());
        assertEquals("Online", body.when().place());
    }

    @Test
    void endWithoutStartIsMissingField() {
        ObjectNode p = proposal();
        set(p, "body.when", obj("end", "2026-04-01", "place", "Online"));
        assertRejects(RejectReason.MISSING_FIELD, p);
    }

    @Test
    void emptyWhenIsEmpty() {
        assertRejects(RejectReason.EMPTY, set(proposal(), "body.when", obj()));
    }

    @Test
    void endBeforeStartIsOutOfRange() {
        assertRejects(RejectReason.OUT_OF_RANGE, set(set(proposal(), "body.when.start", "2026-04-02"),
                "body.when.end", "2026-04-01"));
        assertRejects(RejectReason.OUT_OF_RANGE, set(set(gathering(), "body.when.start", "2026-04-04T10:00Z"),
                "body.when.end", "2026-04-04T09:59:59Z"));
    }

    @Test
    void endBeforeStartIsJudgedOnTheInstantAcrossOffsets() {
        // 18:00+01:00 is 17:00Z: an end of 17:30Z is after it, 16:30Z before it.
        ObjectNode g = set(gathering(), "body.when.start", "2026-04-04T18:00+01:00");
        assertAccepts(set(g.deepCopy(), "body.when.end", "2026-04-04T17:30Z"));
        assertRejects(RejectReason.OUT_OF_RANGE, set(g.deepCopy(), "body.when.end", "2026-04-04T16:30Z"));
    }

    @Test
    void dateOnlyEndMeansTheEndOfThatDay() {
        ObjectNode g = set(gathering(), "body.when.start", "2026-12-01T18:00+01:00");
        assertAccepts(set(g.deepCopy(), "body.when.end", "2026-12-01"));
        assertRejects(RejectReason.OUT_OF_RANGE, set(g.deepCopy(), "body.when.end", "2026-11-30"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200B", "\u200E", "\u200F", "\u061C", "\u2060", "\uFEFF"})
    void invisibleCharacterInASingleLineFieldIsBadText(String c) {
        assertRejects(RejectReason.BAD_TEXT, set(profile(), "body.name", "Ali" + c + "ce"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0", "\u2007", "\u202F", "\u3000"})
    void untrimmedUnicodeSpaceInASingleLineFieldIsBadText(String c) {
        assertRejects(RejectReason.BAD_TEXT, set(proposal(), "body.title", "Garden" + c));
    }

    @Test
    void zeroWidthJoinerInEmojiSequencesIsAllowed() {
        assertAccepts(set(profile(), "body.name", "Family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"));
    }

    @Test
    void endEqualToStartIsAccepted() {
        assertAccepts(set(set(proposal(), "body.when.start", "2026-04-01"), "body.when.end", "2026-04-01"));
        assertAccepts(set(set(gathering(), "body.when.start", "2026-04-04T10:00Z"), "body.when.end",
                "2026-04-04T11:00+01:00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30", "2026-2-1", "2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
        "26-04-01", "2026/04/01", "20260401", "2026-04-01T", "2026-04-01T18:00", "2026-04-01T25:00Z",
        "2026-04-01T18:00+25:00", "2026-04-01 18:00Z", "tomorrow", "2026-W14-3"})
    void malformedGatheringStartIsBadDate(String start) {
        ObjectNode g = gathering();
        remove(g, "body.when.end");
        assertRejects(RejectReason.BAD_DATE, set(g, "body.when.start", start));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30", "2026-2-1", "2026-02-29", "2026-13-01", "2026-04-31", "2026/04/01",
        "20260401", "+2026-04-1", "tomorrow", "2026-4-01"})
    void malformedDueDateIsBadDate(String due) {
        assertRejects(RejectReason.BAD_DATE, set(commitment(), "body.due", due));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1999-12-31", "2200-01-01", "1970-01-01", "9999-12-31"})
    void dueDateOutsideTheAllowedYearsIsOutOfRange(String due) {
        assertRejects(RejectReason.OUT_OF_RANGE, set(commitment(), "body.due", due));
    }

    @Test
    void leapDayIsAValidDate() {
        Commitment c = (Commitment) assertAccepts(set(commitment(), "body.due", "2028-02-29")).body();
        assertEquals(LocalDate.of(2028, 2, 29), c.due());
    }

    @Test
    void proposalUpdateWithMalformedOfIsBadRecordId() {
        assertRejects(RejectReason.BAD_RECORD_ID, set(proposal(), "body.of", "not-a-record-id"));
        assertRejects(RejectReason.BAD_RECORD_ID,
                set(proposal(), "body.of", RecordFixtures.PROPOSAL_ID.toString().toUpperCase(java.util.Locale.ROOT)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"commitment.proposal", "commitment-update.commitment", "attestation.commitment",
        "comment.target", "retraction.target"})
    void malformedRecordIdInABodyIsBadRecordId(String typeAndField) {
        String type = typeAndField.substring(0, typeAndField.indexOf('.'));
        String field = typeAndField.substring(typeAndField.indexOf('.') + 1);
        ObjectNode body = RecordFixtures.knownBodies().get(type).get();
        body.put(field, RecordFixtures.PREV_ID.toString().substring(1));
        assertRejects(RejectReason.BAD_RECORD_ID, payload(type, body));
    }

    // ---------------------------------------------------------------- commitment updates

    @Test
    void renegotiatedWithoutDueIsMissingField() {
        assertRejects(RejectReason.MISSING_FIELD, remove(update("renegotiated"), "body.due"));
    }

    @Test
    void deliveredWithDueIsUnknownField() {
        assertRejects(RejectReason.UNKNOWN_FIELD, set(update("delivered"), "body.due", "2026-05-01"));
    }

    @Test
    void withdrawnWithDueIsUnknownField() {
        assertRejects(RejectReason.UNKNOWN_FIELD, set(update("withdrawn"), "body.due", "2026-05-01"));
    }

    @Test
    void renegotiatedWithBadDueIsBadDate() {
        assertRejects(RejectReason.BAD_DATE, set(update("renegotiated"), "body.due", "2026-02-30"));
    }

    @Test
    void renegotiatedWithDueCarriesTheNewDate() {
        CommitmentUpdate u = (CommitmentUpdate) assertAccepts(update("renegotiated")).body();
        assertEquals(CommitmentStatus.RENEGOTIATED, u.status());
        assertEquals(LocalDate.of(2026, 5, 1), u.due());
    }

    // ---------------------------------------------------------------- attestations and vouches

    @Test
    void selfAttestationIsRefused() {
        assertRejects(RejectReason.SELF_ATTESTATION,
                payload("attestation", ALICE, set(RecordFixtures.attestationBody(), "committer", peer(ALICE))));
    }

    @Test
    void attestationOfAnotherCommitterIsAccepted() {
        Attestation a = (Attestation) assertAccepts(payload("attestation", CAROL, RecordFixtures.attestationBody()))
                .body();
        assertEquals(BOB.peerId(), a.committer());
    }

    @Test
    void attestationWithMalformedCommitterIsBadPeerId() {
        assertRejects(RejectReason.BAD_PEER_ID,
                payload("attestation", set(RecordFixtures.attestationBody(), "committer", BOB.peerId().toCidBase32())));
    }

    @Test
    void selfVouchIsRefused() {
        assertRejects(RejectReason.SELF_VOUCH, payload("vouch", ALICE, set(RecordFixtures.vouchBody(), "subject",
                peer(ALICE))));
    }

    @Test
    void vouchWithMalformedSubjectIsBadPeerId() {
        assertRejects(RejectReason.BAD_PEER_ID, payload("vouch", set(RecordFixtures.vouchBody(), "subject", "bob")));
    }

    // ---------------------------------------------------------------- enums

    static Stream<Arguments> badEnumValues() {
        return Stream.of(
                Arguments.of("proposal", "kind", "meeting"),
                Arguments.of("proposal", "kind", "Project"),
                Arguments.of("proposal", "kind", "project "),
                Arguments.of("proposal", "status", "closed"),
                Arguments.of("proposal", "status", "OPEN"),
                Arguments.of("commitment-update", "status", "done"),
                Arguments.of("commitment-update", "status", "renegotiate"),
                Arguments.of("attestation", "outcome", "partly_kept"),
                Arguments.of("attestation", "outcome", "kept "),
                Arguments.of("vouch", "level", "very-high"),
                Arguments.of("vouch", "level", ""),
                Arguments.of("vouch", "level", "HIGH"));
    }

    @ParameterizedTest(name = "{0}.{1} = \"{2}\"")
    @MethodSource("badEnumValues")
    void valueOutsideAnEnumIsBadValue(String type, String field, String value) {
        ObjectNode body = RecordFixtures.knownBodies().get(type).get();
        body.put(field, value);
        assertRejects(RejectReason.BAD_VALUE, payload(type, body));
    }

    @Test
    void everyEnumValueIsAcceptedByItsWireName() {
        for (ProposalKind k : ProposalKind.values()) {
            assertEquals(k, ((Proposal) assertAccepts(set(proposal(), "body.kind", k.wire())).body()).kind());
        }
        for (ProposalStatus s : ProposalStatus.values()) {
            assertEquals(s, ((Proposal) assertAccepts(set(proposal(), "body.status", s.wire())).body()).status());
        }
        for (Outcome o : Outcome.values()) {
            assertEquals(o, ((Attestation) assertAccepts(payload("attestation",
                    set(RecordFixtures.attestationBody(), "outcome", o.wire()))).body()).outcome());
        }
        for (TrustLevel l : TrustLevel.values()) {
            assertEquals(l, ((Vouch) assertAccepts(payload("vouch",
                    set(RecordFixtures.vouchBody(), "level", l.wire()))).body()).level());
        }
    }

    // ---------------------------------------------------------------- text rules

    static Stream<String> controlCharacters() {
        return Stream.of("\u0000", "\u0001", "\u0007", "\b", "\u000B", "\f", "\r", "\u001B", "\u001F", "\u007F",
                "\u0080", "\u0085", "\u009B", "\u009F", "\u2028", "\u2029");
    }

    @ParameterizedTest
    @MethodSource("controlCharacters")
    void controlCharacterInASingleLineFieldIsBadText(String c) {
        assertRejects(RejectReason.BAD_TEXT, set(proposal(), "body.title", "Community" + c + "garden"));
    }

    @ParameterizedTest
    @MethodSource("controlCharacters")
    void controlCharacterInAMultiLineFieldIsBadText(String c) {
        assertRejects(RejectReason.BAD_TEXT, set(proposal(), "body.details", "Phase 1" + c + "Phase 2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\t"})
    void newlineOrTabInASingleLineFieldIsBadText(String c) {
        assertRejects(RejectReason.BAD_TEXT, set(proposal(), "body.title", "Community" + c + "garden"));
        assertRejects(RejectReason.BAD_TEXT, set(profile(), "body.name", "Alice" + c + "Liddell"));
        assertRejects(RejectReason.BAD_TEXT, set(profile(), "body.skills[0]", "garden" + c + "ing"));
        assertRejects(RejectReason.BAD_TEXT, set(proposal(), "body.roles[0].name", "build" + c + "er"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\t"})
    void newlineOrTabInAMultiLineFieldIsAccepted(String c) {
        Proposal p = (Proposal) assertAccepts(set(proposal(), "body.details", "Phase 1" + c + "Phase 2")).body();
        assertEquals("Phase 1" + c + "Phase 2", p.details());
        assertAccepts(set(payload("comment", RecordFixtures.commentBody()), "body.text", "a" + c + "b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"})
    void bidiOverrideInASingleLineFieldIsBadText(String c) {
        assertRejects(RejectReason.BAD_TEXT, set(proposal(), "body.title", "Community " + c + "garden"));
        assertRejects(RejectReason.BAD_TEXT, set(profile(), "body.name", "Alice" + c + "cilA"));
    }

    @ParameterizedTest
    @ValueSource(strings = {" Community garden", "Community garden ", "  ", "\u3000Community garden",
        "Community garden\u2003", "\u000B"})
    void untrimmedTitleIsBadText(String title) {
        assertRejects(RejectReason.BAD_TEXT, set(proposal(), "body.title", title));
    }

    @Test
    void innerSpacesAndNonLatinTextAreFine() {
        String title = "Gemeinschaftsgarten  \u00fc \u6771\u4eac \u0645\u0631\u062d\u0628\u0627 " + RecordFixtures.EMOJI;
        assertEquals(title, ((Proposal) assertAccepts(set(proposal(), "body.title", title)).body()).title());
    }

    @Test
    void multiLineFieldsNeedNotBeTrimmed() {
        assertAccepts(set(proposal(), "body.summary", "  indented\n"));
    }

    // ---------------------------------------------------------------- empty strings

    static Stream<Arguments> emptyableFields() {
        return Stream.of(
                Arguments.of("profile", "body.name"),
                Arguments.of("profile", "body.bio"),
                Arguments.of("profile", "body.location"),
                Arguments.of("profile", "body.avatar"),
                Arguments.of("profile", "body.skills[0]"),
                Arguments.of("profile", "body.links[0]"),
                Arguments.of("proposal", "body.title"),
                Arguments.of("proposal", "body.summary"),
                Arguments.of("proposal", "body.details"),
                Arguments.of("proposal", "body.roles[0].name"),
                Arguments.of("proposal", "body.roles[0].effort"),
                Arguments.of("proposal", "body.when.place"),
                Arguments.of("proposal", "body.when.start"),
                Arguments.of("proposal", "body.tags[0]"),
                Arguments.of("commitment", "body.what"),
                Arguments.of("commitment", "body.role"),
                Arguments.of("commitment", "body.due"),
                Arguments.of("commitment-update", "body.note"),
                Arguments.of("vouch", "body.domain"),
                Arguments.of("comment", "body.text"),
                Arguments.of("retraction", "body.reason"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("emptyableFields")
    void emptyStringIsEmpty(String type, String path) {
        assertRejects(RejectReason.EMPTY, set(payload(type, RecordFixtures.knownBodies().get(type).get()), path, ""));
    }

    // ---------------------------------------------------------------- links and avatars

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.org/file", "javascript:alert(1)", "mailto:alice@example.org",
        "data:text/html,hi", "file:///etc/passwd", "http://", "https://", "example.org", "//example.org/x",
        "https:///path", "https://exa mple.org", "https://example.org/a b", "HTTPS://EXAMPLE.ORG", "http:example.org",
        "https://[::1"})
    void linkThatIsNotAnHttpUrlIsBadValue(String link) {
        assertRejects(RejectReason.BAD_VALUE, set(profile(), "body.links[0]", link));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.org", "https://example.org/path?q=1#frag", "https://[::1]:8443/",
        "https://alice.example:8080", "https://xn--bcher-kva.example/"})
    void httpAndHttpsUrlsAreAccepted(String link) {
        Profile p = (Profile) assertAccepts(set(profile(), "body.links[0]", link)).body();
        assertEquals(link, p.links().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "iVBORw0KGgo*", "iVBORw0K Ggo=", "iVBORw0KGgo=iVBORw0KGgo=",
        "iVBORw0KGgo_", "====", "a"})
    void avatarThatIsNotBase64IsBadValue(String avatar) {
        assertRejects(RejectReason.BAD_VALUE, set(profile(), "body.avatar", avatar));
    }

    @Test
    void avatarThatIsNotAnImageIsBadValue() {
        String text = Base64.getEncoder().encodeToString("GIF89a not supported".getBytes());
        assertRejects(RejectReason.BAD_VALUE, set(profile(), "body.avatar", text));
        String truncatedPng = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(RecordFixtures.PNG_MAGIC, 7));
        assertRejects(RejectReason.BAD_VALUE, set(profile(), "body.avatar", truncatedPng));
        String riffNotWebp = Base64.getEncoder().encodeToString("RIFF\0\0\0\0WAVEfmt ".getBytes());
        assertRejects(RejectReason.BAD_VALUE, set(profile(), "body.avatar", riffNotWebp));
    }

    @Test
    void avatarInEachSupportedFormatIsAccepted() {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10};
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (byte[] image : new byte[][] {RecordFixtures.PNG_MAGIC, jpeg, webp}) {
            String avatar = Base64.getEncoder().encodeToString(image);
            assertEquals(avatar, ((Profile) assertAccepts(set(profile(), "body.avatar", avatar)).body()).avatar());
        }
    }

    @Test
    void avatarWithLineBreaksIsBadText() {
        String avatar = Base64.getMimeEncoder().encodeToString(new byte[100]);
        assertRejects(RejectReason.BAD_TEXT, set(profile(), "body.avatar", avatar));
    }
}
