package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.node.cli.CliRunner.assertQuietUserError;
import static org.kith.node.cli.HomeSnapshot.assertUnchanged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.cli.CliRunner.Result;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.VerifiedRecord;

/**
 * {@code kith import}: a file that is not a whole, well-formed bundle imports nothing at all; a
 * well-formed bundle imports its good records and counts the bad ones by reason.
 */
class CliImportTest {

    static final Clock SIGNING = Clock.fixed(CliRunner.START, ZoneOffset.UTC);

    @TempDir
    Path tmp;
    Path home;
    CliRunner kith;
    /** Two valid records of someone this home has never seen: importing them would change it. */
    List<VerifiedRecord> fresh;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("home");
        kith = new CliRunner(tmp).home(home);
        kith.ok("init", "--name", "Ada", "--no-passphrase");
        kith.ok("propose", "--title", "Garden", "--summary", "Dig");
        fresh = gina();
    }

    /** Gina's profile and proposal, a valid chain of two. */
    static List<VerifiedRecord> gina() {
        Ed25519KeyPair key = TestRecords.key("gina");
        VerifiedRecord profile = TestRecords.sign(key, SIGNING, 1, null,
                org.kith.protocol.record.Profile.named("Gina"));
        VerifiedRecord proposal = TestRecords.sign(key, SIGNING, 2, profile.id(), new Proposal(ProposalKind.PROJECT,
                "Bike repair", "Fix bikes", null, List.of(), null, List.of("bikes"), ProposalStatus.OPEN, null));
        return List.of(profile, proposal);
    }

    static String entriesJson(List<VerifiedRecord> records) {
        return records.stream().map(r -> TestRecords.entry(r).toString()).collect(Collectors.joining(","));
    }

    private void importFailsChangingNothing(Path file, String... fragments) {
        HomeSnapshot before = HomeSnapshot.of(kith, home);
        Result r = kith.run("import", file.toString());
        assertQuietUserError(r, fragments);
        assertQuietUserError(r, file.toString()); // every message names the file
        assertUnchanged(before, HomeSnapshot.of(kith, home));
        // and with --json too: still a user error, still nothing
        assertQuietUserError(kith.run("import", file.toString(), "--json"), fragments);
        assertUnchanged(before, HomeSnapshot.of(kith, home));
    }

    @Test
    void theSnapshotSeesAnImport() {
        // the comparison the tests below rely on notices a change
        HomeSnapshot before = HomeSnapshot.of(kith, home);
        Path good = TestRecords.write(tmp.resolve("good.json"),
                TestRecords.bundle(fresh.stream().map(TestRecords::entry).toList()));
        kith.ok("import", good.toString());
        HomeSnapshot after = HomeSnapshot.of(kith, home);
        assertEquals(before.storedRecords() + 2, after.storedRecords());
        assertFalse(before.content().equals(after.content()));
    }

    @Test
    void nonexistentFile() {
        Path file = tmp.resolve("no-such-bundle.json");
        importFailsChangingNothing(file, file + " is not a readable file");
        assertFalse(Files.exists(file));
    }

    @Test
    void directory() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("a-directory.json"));
        importFailsChangingNothing(dir, "is not a readable file");
    }

    @Test
    void emptyFile() throws Exception {
        Path file = Files.createFile(tmp.resolve("empty.json"));
        importFailsChangingNothing(file, "not a Kith bundle");
    }

    @Test
    void malformedJson() {
        // a real bundle cut off in the middle: its first records are whole and valid
        String whole = TestRecords.bundle(fresh.stream().map(TestRecords::entry).toList()).toPrettyString();
        int cut = whole.indexOf("\"signature\"", whole.indexOf("\"signature\"") + 1);
        importFailsChangingNothing(TestRecords.write(tmp.resolve("cut.json"), whole.substring(0, cut)),
                "is not a Kith bundle");
        importFailsChangingNothing(TestRecords.write(tmp.resolve("junk.json"), "{\"format\": kith}"),
                "is not a Kith bundle");
        importFailsChangingNothing(TestRecords.write(tmp.resolve("latin1.json"), "\u00ff\u00fe{}"), "not a Kith bundle");
    }

    @Test
    void validJsonButNotABundle() {
        importFailsChangingNothing(TestRecords.write(tmp.resolve("object.json"), "{\"hello\": \"world\"}"),
                "not a Kith bundle", "unknown field \"hello\"");
        importFailsChangingNothing(TestRecords.write(tmp.resolve("array.json"), "[1, 2, 3]"),
                "not a Kith bundle", "one JSON object");
        importFailsChangingNothing(TestRecords.write(tmp.resolve("string.json"), "\"kith-bundle/1\""),
                "not a Kith bundle");
        importFailsChangingNothing(TestRecords.write(tmp.resolve("other-format.json"),
                "{\"format\": \"kith-bundle/2\", \"records\": [" + entriesJson(fresh) + "]}"), "not a Kith bundle");
        importFailsChangingNothing(TestRecords.write(tmp.resolve("format-last.json"),
                "{\"records\": [" + entriesJson(fresh) + "], \"format\": \"kith-bundle/1\"}"), "must come first");
        importFailsChangingNothing(TestRecords.write(tmp.resolve("no-records.json"),
                "{\"format\": \"kith-bundle/1\"}"), "no records array");
        importFailsChangingNothing(TestRecords.write(tmp.resolve("records-object.json"),
                "{\"format\": \"kith-bundle/1\", \"records\": {}}"), "records must be an array");
        importFailsChangingNothing(TestRecords.write(tmp.resolve("record-array.json"),
                "{\"format\": \"kith-bundle/1\", \"records\": [" + entriesJson(fresh) + ", [1]]}"),
                "record 2 must be an object");
    }

    @Test
    void bundleWithTrailingGarbage() {
        String whole = TestRecords.bundle(fresh.stream().map(TestRecords::entry).toList()).toPrettyString();
        importFailsChangingNothing(TestRecords.write(tmp.resolve("trailing-object.json"), whole + "\n{}\n"),
                "content after the closing brace");
        importFailsChangingNothing(TestRecords.write(tmp.resolve("trailing-words.json"), whole + "\nthanks!\n"),
                "not a Kith bundle");
        importFailsChangingNothing(TestRecords.write(tmp.resolve("twice.json"), whole + whole), "not a Kith bundle");
    }

    @Test
    void bundleWithDuplicateKey() {
        // the duplicate is in the last record, after valid ones
        ObjectNode last = TestRecords.entry(fresh.get(1));
        String dup = "{\"id\": \"" + last.get("id").asText() + "\", \"id\": \"" + last.get("id").asText()
                + "\", \"payload\": " + last.get("payload") + ", \"signature\": \"" + last.get("signature").asText()
                + "\"}";
        importFailsChangingNothing(TestRecords.write(tmp.resolve("dup-record.json"),
                "{\"format\": \"kith-bundle/1\", \"records\": [" + entriesJson(fresh.subList(0, 1)) + ", " + dup + "]}"),
                "not a Kith bundle", "Duplicate field 'id'");
        importFailsChangingNothing(TestRecords.write(tmp.resolve("dup-top.json"),
                "{\"format\": \"kith-bundle/1\", \"records\": [" + entriesJson(fresh) + "], \"records\": []}"),
                "Duplicate field 'records'");
    }

    @Test
    void bundleWithOversizedString() {
        String huge = "{\"payload\": \"" + "x".repeat(300_000) + "\", \"signature\": \"AAAA\"}";
        importFailsChangingNothing(TestRecords.write(tmp.resolve("huge-payload.json"),
                "{\"format\": \"kith-bundle/1\", \"records\": [" + entriesJson(fresh) + ", " + huge + "]}"),
                "not a Kith bundle");
        // an oversized top-level string is refused as well
        importFailsChangingNothing(TestRecords.write(tmp.resolve("huge-author.json"),
                "{\"format\": \"kith-bundle/1\", \"author\": \"" + "y".repeat(300_000) + "\", \"records\": ["
                        + entriesJson(fresh) + "]}"), "not a Kith bundle");
    }

    @Test
    void deeplyNestedJson() {
        importFailsChangingNothing(TestRecords.write(tmp.resolve("deep.json"),
                "{\"format\": \"kith-bundle/1\", \"records\": [" + entriesJson(fresh) + ", {\"payload\": "
                        + "[".repeat(50) + "]".repeat(50) + "}]}"), "not a Kith bundle");
    }

    /**
     * Gina's two good records, then one bad record of each kind, each from its own author so no
     * chain hangs on them.
     */
    private Path mixedBundle() {
        List<ObjectNode> entries = new ArrayList<>();
        fresh.forEach(r -> entries.add(TestRecords.entry(r)));
        // a tampered payload: one character of the name changed, the stated id kept
        ObjectNode tampered = TestRecords.entry(TestRecords.profile("tom", "Tom", SIGNING));
        tampered.put("payload", tampered.get("payload").asText().replace("\"Tom\"", "\"Tim\""));
        entries.add(tampered);
        // a bad signature: valid base64 of 64 bytes, one bit flipped
        ObjectNode badSig = TestRecords.entry(TestRecords.profile("sam", "Sam", SIGNING));
        byte[] sig = Base64.getDecoder().decode(badSig.get("signature").asText());
        sig[10] ^= 1;
        badSig.put("signature", Base64.getEncoder().encodeToString(sig));
        entries.add(badSig);
        // an id that is not a record id at all
        ObjectNode badId = TestRecords.entry(TestRecords.profile("ivy", "Ivy", SIGNING));
        badId.put("id", "not-a-record-id");
        entries.add(badId);
        // a signature that is not base64
        ObjectNode notBase64 = TestRecords.entry(TestRecords.profile("bea", "Bea", SIGNING));
        notBase64.put("signature", "this is not base64!");
        entries.add(notBase64);
        // and a record from further in the future than clocks may disagree
        Clock ahead = Clock.offset(SIGNING, Duration.ofDays(2));
        entries.add(TestRecords.entry(TestRecords.profile("fay", "Fay", ahead)));
        return TestRecords.write(tmp.resolve("mixed.json"), TestRecords.bundle(entries));
    }

    @Test
    void wellFormedBundleWithSomeBadRecordsImportsTheGoodOnes() {
        Path mixed = mixedBundle();
        long before = HomeSnapshot.storedRecords(home);
        Result r = kith.ok("import", mixed.toString());
        assertEquals(before + 2, HomeSnapshot.storedRecords(home), "the two good records, nothing else");
        List<String> lines = r.outLines();
        assertEquals("accepted 2, already known 0, held 0, fork evidence 0, rejected 5", lines.get(0), r::toString);
        assertTrue(lines.contains("  rejected 1: bad-signature"), r::toString);
        assertTrue(lines.contains("  rejected 2: envelope-malformed"), r::toString);
        assertTrue(lines.contains("  rejected 1: id-mismatch"), r::toString);
        assertTrue(lines.contains("  rejected 1: timestamp-in-future"), r::toString);
        assertTrue(lines.contains("  record 2: id-mismatch: stated id is not sha256 of the payload"), r::toString);
        assertTrue(lines.contains("  record 4: envelope-malformed: id is not a record id"), r::toString);
        assertTrue(lines.contains("  record 5: envelope-malformed: signature is not base64"), r::toString);
        assertTrue(r.out().contains("record 3: bad-signature"), r::toString);
        assertEquals("", r.err());

        List<String> names = new ArrayList<>();
        kith.ok("list", "people", "--json").json().forEach(p -> names.add(p.get("name").asText()));
        assertEquals(List.of("Ada", "Gina"), names);
        assertEquals("Bike repair", kith.ok("list", "proposals", "--tag", "bikes", "--json").json().get(0)
                .get("title").asText());

        // again, as JSON: the good ones are known now, the bad ones rejected for the same reasons
        JsonNode again = kith.ok("import", mixed.toString(), "--json").json();
        assertEquals(2, again.get("counts").get("duplicate").asInt());
        assertEquals(5, again.get("counts").get("rejected").asInt());
        assertFalse(again.get("counts").has("accepted"));
        JsonNode reasons = again.get("rejectedByReason");
        assertEquals(1, reasons.get("bad-signature").asInt());
        assertEquals(2, reasons.get("envelope-malformed").asInt());
        assertEquals(1, reasons.get("id-mismatch").asInt());
        assertEquals(1, reasons.get("timestamp-in-future").asInt());
        assertEquals(5, again.get("examples").size());
        assertEquals(before + 2, HomeSnapshot.storedRecords(home));
    }

    @Test
    void recordsAheadOfAMissingPredecessorAreHeldNotStored() {
        // only Gina's second record: it waits for the first, which never comes
        Path gap = TestRecords.write(tmp.resolve("gap.json"), TestRecords.bundle(List.of(TestRecords.entry(fresh.get(1)))));
        long before = HomeSnapshot.storedRecords(home);
        Result r = kith.ok("import", gap.toString());
        assertTrue(r.printed().startsWith("accepted 0, already known 0, held 1, fork evidence 0, rejected 0\n"),
                r.printed());
        assertTrue(r.printed().contains("they are not stored"), r.printed());
        assertEquals(before, HomeSnapshot.storedRecords(home));
    }

    @Test
    void anEmptyBundleIsFine() {
        Path empty = TestRecords.write(tmp.resolve("none.json"), "{\"format\": \"kith-bundle/1\", \"records\": []}");
        assertEquals("accepted 0, already known 0, held 0, fork evidence 0, rejected 0",
                kith.ok("import", empty.toString()).printed());
        assertEquals("OK: 0 records from 0 author(s) in 0 feed(s); every signature valid, every chain whole",
                kith.ok("verify", empty.toString()).printed());
    }

    @Test
    void aForkIsKeptAsEvidenceAndCanBeShown() {
        Path first = TestRecords.write(tmp.resolve("first.json"),
                TestRecords.bundle(fresh.stream().map(TestRecords::entry).toList()));
        kith.ok("import", first.toString());
        // Gina signs a different record for seq 2
        VerifiedRecord other = TestRecords.sign(TestRecords.key("gina"), SIGNING, 2, fresh.get(0).id(),
                new Proposal(ProposalKind.PROJECT, "Something else", "Other", null, List.of(), null, List.of(),
                        ProposalStatus.OPEN, null));
        Path fork = TestRecords.write(tmp.resolve("fork.json"), TestRecords.bundle(List.of(TestRecords.entry(other))));
        assertEquals("accepted 0, already known 0, held 0, fork evidence 1, rejected 0",
                kith.ok("import", fork.toString()).printed());
        Result shown = kith.ok("show", other.id().toString());
        assertTrue(shown.out().contains("(FORK EVIDENCE)"), shown::toString);
        assertTrue(kith.ok("show", other.id().toString(), "--json").json().get("forkEvidence").asBoolean());
        // verify says what is wrong with a bundle holding both
        List<ObjectNode> both = new ArrayList<>();
        fresh.forEach(r -> both.add(TestRecords.entry(r)));
        both.add(TestRecords.entry(other));
        Path forked = TestRecords.write(tmp.resolve("forked.json"), TestRecords.bundle(both));
        Result v = kith.run("verify", forked.toString());
        assertQuietUserErrorOrReport(v);
        assertTrue(v.out().contains(": fork: "), v::toString);
    }

    private static void assertQuietUserErrorOrReport(Result v) {
        assertEquals(1, v.code(), v::toString);
        assertEquals(1, v.errLines().size(), v::toString);
        assertTrue(v.err().startsWith("kith: verification failed"), v::toString);
    }

    @Test
    void verifyNeedsNoDataDirectoryAndRefusesWhatImportRefuses() throws Exception {
        CliRunner nobody = new CliRunner(tmp).home(tmp.resolve("does-not-exist"));
        Path good = TestRecords.write(tmp.resolve("good.json"),
                TestRecords.bundle(fresh.stream().map(TestRecords::entry).toList()));
        assertEquals("OK: 2 records from 1 author(s) in 1 feed(s); every signature valid, every chain whole",
                nobody.ok("verify", good.toString()).printed());
        assertFalse(Files.exists(tmp.resolve("does-not-exist")));
        assertQuietUserError(nobody.run("verify", tmp.resolve("nope.json").toString()), "is not a readable file");
        assertQuietUserError(nobody.run("verify", Files.createFile(tmp.resolve("empty.json")).toString()),
                "not a Kith bundle");
        Result mixed = nobody.run("verify", mixedBundle().toString());
        assertEquals(1, mixed.code());
        assertEquals("kith: verification failed: 5 problem(s) in 7 record(s)", mixed.err().strip());
    }
}
