package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.node.cli.CliRunner.assertQuietUserError;
import static org.kith.node.cli.CliRunner.assertUserError;
import static org.kith.node.cli.HomeSnapshot.assertUnchanged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.cli.CliRunner.Result;

/** {@code kith credits}: summary, signed bundle checked by {@code kith verify}, escaped HTML, hostile input. */
class CliCreditsTest {

    @TempDir
    static Path tmp;
    static CreditsScenario s;
    static Path bundle;
    static String adaPeer;

    @BeforeAll
    static void scenario() throws Exception {
        s = new CreditsScenario(tmp).build();
        bundle = tmp.resolve("credits.json");
        s.ok(s.ada, "credits", s.proposal, "--out", bundle.toString());
        adaPeer = s.run(s.ada, "whoami", "--json").ok().json().get("peerId").asText();
    }

    @Test
    void summaryShowsCommitmentsUpdatesAttestationsAndRetractions() {
        String out = s.ok(s.ada, "credits", s.proposal.substring(0, 8));
        assertTrue(out.startsWith("Credits for \"Community garden "), out);
        assertTrue(out.contains("status     forming (project, swarm public)"), out);
        assertTrue(out.contains("[delivered] Bob (") && out.contains(") as builder"), out);
        assertTrue(out.contains("what       Build three beds"), out);
        assertTrue(out.contains("due        2027-02-01"), out); // the renegotiated date
        assertTrue(out.contains("delivered  yes"), out);
        assertTrue(out.contains("update     renegotiated, due 2027-02-01: wood is late  " + s.bobRenegotiated), out);
        assertTrue(out.contains("update     delivered  " + s.bobDelivered), out);
        assertTrue(out.contains("attested   kept by Ada (" + adaPeer + "): " + CreditsScenario.HOSTILE + "  "
                + s.attestation), out);
        assertTrue(out.contains("[retracted] by Cara ("), out);
        assertTrue(out.contains("commitment " + s.caraCommitment + ", retracted by " + s.caraRetraction), out);
        assertFalse(out.contains("Bring seeds"), "a retracted commitment's content is hidden: " + out);
    }

    @Test
    void jsonSummary() {
        JsonNode j = s.run(s.ada, "credits", s.proposal, "--json").ok().json();
        assertEquals("kith-credits/1", j.get("version").asText());
        assertEquals(s.proposal, j.get("proposal").get("id").asText());
        assertEquals(s.update, j.get("proposal").get("latest").asText());
        assertEquals("forming", j.get("proposal").get("status").asText());
        JsonNode cs = j.get("commitments");
        assertEquals(2, cs.size());
        JsonNode bob = cs.get(0);
        assertEquals(s.bobCommitment, bob.get("id").asText());
        assertEquals("delivered", bob.get("status").asText());
        assertTrue(bob.get("delivered").asBoolean());
        assertEquals(2, bob.get("updates").size());
        assertEquals("kept", bob.get("attestations").get(0).get("outcome").asText());
        assertEquals(adaPeer, bob.get("attestations").get(0).get("author").asText());
        JsonNode cara = cs.get(1);
        assertEquals(s.caraRetraction, cara.get("retractedBy").asText());
        assertTrue(cara.get("what").isNull());
    }

    @Test
    void bundleHoldsTheExactSignedRecordsAndVerifies() throws Exception {
        JsonNode b = CliRunner.JSON.readTree(bundle.toFile());
        assertEquals("kith-bundle/1", b.get("format").asText());
        assertEquals(adaPeer, b.get("signer").asText());
        List<String> ids = new ArrayList<>();
        b.get("records").forEach(r -> ids.add(r.get("id").asText()));
        assertEquals(List.of(s.proposal, s.update, s.bobCommitment, s.bobRenegotiated, s.bobDelivered, s.attestation,
                s.caraCommitment, s.caraRetraction), ids);
        assertFalse(ids.contains(s.comment), "comments are not credits");
        assertEquals(s.run(s.ada, "credits", s.proposal, "--json").ok().json(), b.get("credits"));
        String ok = s.kith.ok("verify", bundle.toString()).printed();
        assertTrue(ok.startsWith("OK: credits of proposal " + s.proposal + ": 8 records from 3 author(s)"), ok);
        assertTrue(ok.endsWith("bundle signed by " + adaPeer), ok);
        JsonNode report = s.kith.ok("verify", bundle.toString(), "--json").json();
        assertEquals("credits", report.get("kind").asText());
        assertEquals(adaPeer, report.get("signer").asText());
        // It imports like any bundle, but it is a selection: Bob gets Ada's attestation (he holds her
        // earlier records), while Cara's two records wait for her profile, which the bundle lacks.
        String imported = s.ok(s.bob, "import", bundle.toString());
        assertTrue(imported.startsWith("accepted 1, already known 5, held 2,"), imported);
    }

    private Path edited(String name, java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectNode b = (ObjectNode) CliRunner.JSON.readTree(bundle.toFile());
        edit.accept(b);
        return TestRecords.write(tmp.resolve(name), b.toPrettyString());
    }

    private static void verifyFails(Path file, String... fragments) {
        Result r = s.kith.run("verify", file.toString());
        assertUserError(r, "verification failed");
        for (String f : fragments) {
            assertTrue(r.out().contains(f), () -> "verify should say \"" + f + "\": " + r);
        }
    }

    @Test
    void anyEditFailsVerification() throws Exception {
        // one byte of a payload: that record's id and signature no longer hold
        verifyFails(edited("payload.json", b -> {
            ObjectNode first = (ObjectNode) b.get("records").get(3);
            first.put("payload", first.get("payload").asText().replace("wood is late", "wood is lame"));
        }), "record 3");
        // the summary: a different status than the records give
        verifyFails(edited("summary.json", b -> ((ObjectNode) b.get("credits").get("commitments").get(0))
                .put("status", "open")), "credits-mismatch", "credits.commitments[0].status");
        // the summary: a commitment left out
        verifyFails(edited("dropped.json", b -> ((ArrayNode) b.get("credits").get("commitments")).remove(1)),
                "credits-mismatch");
        // the exporter's signature: one bit flipped
        verifyFails(edited("signature.json", b -> {
            byte[] sig = java.util.Base64.getDecoder().decode(b.get("signature").asText());
            sig[0] ^= 1;
            b.put("signature", java.util.Base64.getEncoder().encodeToString(sig));
        }), "bad-bundle-signature");
        // the export time (covered by the signature)
        verifyFails(edited("time.json", b -> b.put("exported", "2020-01-01T00:00:00Z")), "bad-bundle-signature");
        // someone else claims to have signed it
        verifyFails(edited("signer.json", b -> b.put("signer", s.run(s.bob, "whoami", "--json").ok().json()
                .get("peerId").asText())), "bad-bundle-signature");
        // a record dropped (summary and records agree no longer)
        verifyFails(edited("norecord.json", b -> ((ArrayNode) b.get("records")).remove(5)), "credits-mismatch");
        // no signature at all
        verifyFails(edited("unsigned.json", b -> {
            b.remove("signature");
            b.remove("signer");
        }), "unsigned");
        // raw byte edit in the file: a letter of the hostile note inside the summary
        String text = TestRecords.read(bundle);
        int at = text.indexOf("wood is late");
        assertTrue(at > 0);
        Path raw = TestRecords.write(tmp.resolve("raw.json"), text.substring(0, at) + "W" + text.substring(at + 1));
        verifyFails(raw);
    }

    @Test
    void htmlIsSelfContainedAndEscaped() {
        Path html = tmp.resolve("credits.html");
        s.ok(s.ada, "credits", s.proposal, "--html", html.toString());
        String page = TestRecords.read(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page);
        assertFalse(page.contains("<script"), "no script element, escaped or not: " + page);
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"), page);
        assertFalse(page.contains("src=") || page.contains("href=") || page.contains("url("), "no external assets");
        for (String id : List.of(s.proposal, s.bobCommitment, s.attestation, s.caraCommitment, s.caraRetraction,
                s.bobDelivered)) {
            assertTrue(page.contains(id), "the page shows record " + id);
        }
        assertTrue(page.contains("Build three beds"));
        assertFalse(page.contains("Bring seeds"));
    }

    @Test
    void refusesToOverwriteAndLeavesTheHomeAlone() throws Exception {
        Path existing = TestRecords.write(tmp.resolve("existing.json"), "keep me");
        HomeSnapshot before = HomeSnapshot.of(s.kith, s.ada);
        assertQuietUserError(s.run(s.ada, "credits", s.proposal, "--out", existing.toString()), "exists",
                "--force");
        assertQuietUserError(s.run(s.ada, "credits", s.proposal, "--html", existing.toString()), "exists");
        assertEquals("keep me", TestRecords.read(existing));
        assertUnchanged(before, HomeSnapshot.of(s.kith, s.ada));
        // with --force it is replaced, atomically, by a bundle that verifies
        s.ok(s.ada, "credits", s.proposal, "--out", existing.toString(), "--force");
        s.kith.ok("verify", existing.toString());
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".kith-credits")),
                    "no temporary file is left behind");
        }
    }

    @Test
    void hostileInputIsAUserErrorAndChangesNothing() throws Exception {
        HomeSnapshot before = HomeSnapshot.of(s.kith, s.ada);
        Path file = TestRecords.write(tmp.resolve("a-file"), "x");
        assertQuietUserError(s.run(s.ada, "credits", "zzzzzzzzzzzz"), "no record with id zzzzzzzzzzzz");
        assertQuietUserError(s.run(s.ada, "credits", "<b>"), "is not a record id");
        assertQuietUserError(s.run(s.ada, "credits", s.bobCommitment), "is a commitment, not a proposal");
        assertQuietUserError(s.run(s.ada, "credits", s.update), "is an update of proposal");
        assertQuietUserError(s.run(s.ada, "credits", s.proposal, "--out", file.resolve("x.json").toString()),
                "no directory");
        assertQuietUserError(s.run(s.ada, "credits", s.proposal, "--html", tmp.resolve("no/such/dir.html").toString()),
                "no directory");
        assertQuietUserError(s.run(s.ada, "credits", s.proposal, "--out", tmp.toString()), "is a directory");
        Path same = tmp.resolve("same.out");
        assertQuietUserError(s.run(s.ada, "credits", s.proposal, "--out", same.toString(), "--html", same.toString()),
                "the same file");
        assertFalse(Files.exists(same));
        assertUnchanged(before, HomeSnapshot.of(s.kith, s.ada));
    }

    @Test
    void ambiguousPrefix() throws Exception {
        // two profiles whose ids share their first four characters, imported into a fresh home
        Path home = tmp.resolve("twins-home");
        s.ok(home, "init", "--name", "Eve", "--no-passphrase");
        var twins = TestRecords.idPrefixTwins(CliImportTest.SIGNING);
        Path twinsFile = TestRecords.write(tmp.resolve("twins.json"),
                TestRecords.bundle(twins.stream().map(TestRecords::entry).toList()));
        s.ok(home, "import", twinsFile.toString());
        String prefix = twins.get(0).id().toString().substring(0, 4);
        HomeSnapshot before = HomeSnapshot.of(s.kith, home);
        assertQuietUserError(s.run(home, "credits", prefix), "ambiguous");
        assertQuietUserError(s.run(home, "provenance", prefix), "ambiguous");
        // a profile is no proposal
        assertQuietUserError(s.run(home, "credits", twins.get(0).id().toString()), "is a profile, not a proposal");
        assertUnchanged(before, HomeSnapshot.of(s.kith, home));
    }

    @Test
    void creditsAreThisNodesView() {
        // Bob's home lacks Cara's records
        JsonNode before = s.run(s.bob, "credits", s.proposal, "--json").ok().json();
        assertNotEquals(before, s.run(s.ada, "credits", s.proposal, "--json").ok().json());
    }
}
