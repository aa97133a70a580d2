package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.node.cli.CliRunner.DUE;
import static org.kith.node.cli.CliRunner.assertUserError;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.cli.CliRunner.Result;
import org.kith.node.keys.RecoveryPhrase;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.VerifiedRecord;

/** The walk-through from the README, typed by two people with two data directories. */
class CliWalkthroughTest {

    private static final String RECORD_ID = "[a-z2-7]{52}";

    @TempDir
    Path tmp;

    @Test
    void twoPeopleProposeCommitDeliverAttestExportAndVerify() throws Exception {
        CliRunner.TestClock clock = new CliRunner.TestClock(CliRunner.START);
        Path adaHome = tmp.resolve("ada");
        Path boHome = tmp.resolve("bo");
        // Ada passes --home on every command; Bo relies on KITH_HOME.
        CliRunner ada = new CliRunner(clock, tmp);
        CliRunner bo = new CliRunner(clock, tmp).home(boHome);
        String h = adaHome.toString();

        // --- Ada: init, profile, proposal ----------------------------------------------------
        Result init = ada.ok("init", "--name", "Ada Lovelace", "--no-passphrase", "--home", h);
        assertTrue(init.out().startsWith("Created identity 12D3KooW"), init::toString);
        assertTrue(init.out().contains("Data directory: " + adaHome), init::toString);
        assertTrue(init.out().contains("Recovery phrase"), init::toString);
        assertEquals("", init.err());
        assertTrue(Files.isRegularFile(adaHome.resolve("identity.key")));

        JsonNode who = ada.ok("whoami", "--json", "--home", h).json();
        String adaId = who.get("peerId").asText();
        assertTrue(adaId.startsWith("12D3KooW"), who::toString);
        assertEquals("Ada Lovelace", who.get("name").asText());
        assertEquals(adaHome.toString(), who.get("home").asText());
        Result whoText = ada.ok("whoami", "--home", h);
        assertTrue(whoText.out().contains("peer ID: " + adaId), whoText::toString);
        assertTrue(whoText.out().contains("name:    Ada Lovelace"), whoText::toString);

        String profileId = ada.ok("profile", "set", "--bio", "Builds things", "--skill", "carpentry", "--skill",
                "gardening", "--offer", "tools", "--home", h).printed();
        assertTrue(profileId.matches(RECORD_ID), profileId);
        JsonNode me = ada.ok("profile", "show", "--json", "--home", h).json();
        assertEquals("Ada Lovelace", me.get("name").asText(), "options not given keep their values");
        assertEquals("Builds things", me.get("bio").asText());
        assertEquals(List.of("carpentry", "gardening"), strings(me.get("skills")));
        assertEquals(List.of("tools"), strings(me.get("offers")));

        String proposal = ada.ok("propose", "--title", "Community garden", "--summary",
                "Turn the empty lot into a garden", "--role", "builder:carpentry,joinery:2d", "--role",
                "gardener:gardening", "--tag", "garden", "--tag", "neighbourhood", "--when", "2026-12-05",
                "--where", "Lot 7", "--home", h).printed();
        assertTrue(proposal.matches(RECORD_ID), proposal);

        Result listText = ada.ok("list", "proposals", "--home", h);
        assertEquals(1, listText.outLines().size(), listText::toString);
        String row = listText.outLines().get(0);
        assertTrue(row.startsWith(proposal.substring(0, 12)), row);
        assertTrue(row.contains("open") && row.contains("project") && row.contains("Community garden")
                && row.contains("(by Ada Lovelace)"), row);

        JsonNode proposals = ada.ok("list", "proposals", "--json", "--home", h).json();
        assertTrue(proposals.isArray());
        assertEquals(1, proposals.size());
        JsonNode p = proposals.get(0);
        assertEquals(proposal, p.get("id").asText());
        assertEquals("Community garden", p.get("title").asText());
        assertEquals("open", p.get("status").asText());
        assertEquals(adaId, p.get("author").asText());
        assertEquals("public", p.get("swarm").asText());
        assertEquals(List.of("garden", "neighbourhood"), strings(p.get("tags")));
        assertEquals("builder", p.get("roles").get(0).get("name").asText());
        assertEquals(List.of("carpentry", "joinery"), strings(p.get("roles").get(0).get("skills")));
        assertEquals("2d", p.get("roles").get(0).get("effort").asText());
        assertEquals("2026-12-05", p.get("whenStart").asText());
        assertEquals("Lot 7", p.get("place").asText());

        // --- Ada commits (by id prefix) and delivers ---------------------------------------
        String commitment = ada.ok("commit", proposal.substring(0, 10), "--what", "Build three raised beds",
                "--due", DUE, "--role", "builder", "--effort", "2d", "--home", h).printed();
        assertTrue(commitment.matches(RECORD_ID), commitment);
        ada.ok("commitment", "update", commitment, "--status", "delivered", "--note", "Beds are in", "--home", h);
        JsonNode commitments = ada.ok("list", "commitments", "--json", "--home", h).json();
        assertEquals(1, commitments.size());
        assertEquals(commitment, commitments.get(0).get("id").asText());
        assertEquals("delivered", commitments.get(0).get("status").asText());
        assertEquals(proposal, commitments.get(0).get("proposalId").asText());
        assertEquals(DUE, commitments.get(0).get("due").asText());

        Path adaExport = tmp.resolve("ada-1.json");
        Result exported = ada.ok("export", "--out", adaExport.toString(), "--home", h);
        assertEquals("", exported.out());
        assertEquals(5, TestRecords.JSON.readTree(adaExport.toFile()).get("records").size(),
                "init profile, profile set, proposal, commitment, update");

        // --- Bo: a second identity imports Ada's records, attests and vouches ---------------
        bo.ok("init", "--name", "Bo", "--no-passphrase");
        String boId = bo.ok("whoami", "--json").json().get("peerId").asText();
        assertNotEquals(adaId, boId);
        Result imported = bo.ok("import", adaExport.toString());
        assertEquals("accepted 5, already known 0, held 0, fork evidence 0, rejected 0", imported.printed());
        Result again = bo.ok("import", adaExport.toString(), "--json");
        assertEquals(5, again.json().get("counts").get("duplicate").asInt(), "importing twice changes nothing");

        // Attestations come from the people the work was for: Bo joins the project first.
        assertUserError(bo.run("attest", commitment.substring(0, 8), "--outcome", "kept"),
                "only the proposal's author and the people committed to it");
        bo.ok("commit", proposal, "--what", "Water the beds", "--due", "2027-02-01", "--role", "gardener");
        String attestation = bo.ok("attest", commitment.substring(0, 8), "--outcome", "kept", "--note",
                "Solid work").printed();
        assertTrue(attestation.matches(RECORD_ID), attestation);
        String vouch = bo.ok("vouch", "Ada Lovelace", "--level", "high", "--domain", "carpentry").printed();
        assertTrue(vouch.matches(RECORD_ID), vouch);
        bo.ok("comment", proposal, "Count me in for the watering rota");
        Path boExport = tmp.resolve("bo-1.json");
        bo.ok("export", "--out", boExport.toString());

        // --- Ada takes in Bo's records and sees the attestation -----------------------------
        Result back = ada.ok("import", boExport.toString(), "--home", h);
        assertEquals("accepted 5, already known 0, held 0, fork evidence 0, rejected 0", back.printed());
        Result attText = ada.ok("list", "attestations", "--home", h);
        assertEquals(1, attText.outLines().size(), attText::toString);
        assertTrue(attText.out().startsWith(attestation.substring(0, 12)), attText::toString);
        assertTrue(attText.out().contains("kept") && attText.out().contains("about Ada Lovelace by Bo: Solid work"),
                attText::toString);
        JsonNode atts = ada.ok("list", "attestations", "--json", "--home", h).json();
        assertEquals(1, atts.size());
        JsonNode att = atts.get(0);
        assertEquals(attestation, att.get("id").asText());
        assertEquals(boId, att.get("author").asText());
        assertEquals(adaId, att.get("committer").asText());
        assertEquals(commitment, att.get("commitmentId").asText());
        assertEquals("kept", att.get("outcome").asText());

        // people, profile show by name (any case), show by id prefix
        JsonNode people = ada.ok("list", "people", "--json", "--home", h).json();
        assertEquals(List.of("Ada Lovelace", "Bo"), List.of(people.get(0).get("name").asText(),
                people.get(1).get("name").asText()));
        JsonNode boProfile = ada.ok("profile", "show", "bo", "--json", "--home", h).json();
        assertEquals(boId, boProfile.get("peerId").asText());
        assertEquals("Bo", boProfile.get("name").asText());
        Result boText = ada.ok("profile", "show", "Bo", "--home", h);
        assertTrue(boText.out().startsWith("Bo  (" + boId + ")"), boText::toString);

        Result show = ada.ok("show", commitment.substring(0, 6), "--home", h);
        assertTrue(show.out().startsWith("commitment " + commitment), show::toString);
        assertTrue(show.out().contains("status now: delivered, due " + DUE), show::toString);
        assertTrue(show.out().contains("attested kept by Bo: Solid work"), show::toString);
        JsonNode shown = ada.ok("show", commitment.substring(0, 6), "--json", "--home", h).json();
        assertEquals(commitment, shown.get("id").asText());
        assertEquals("commitment", shown.get("type").asText());
        assertEquals(adaId, shown.get("author").asText());
        assertEquals("Build three raised beds", shown.get("body").get("what").asText());
        assertEquals("delivered", shown.get("current").get("status").asText());
        assertEquals("kept", shown.get("attestations").get(0).get("outcome").asText());
        JsonNode shownProposal = ada.ok("show", proposal, "--json", "--home", h).json();
        assertEquals("Count me in for the watering rota", shownProposal.get("comments").get(0).get("text").asText());
        assertEquals(commitment, shownProposal.get("commitments").get(0).get("id").asText());

        // Ada vouches for Bo by name, too
        ada.ok("vouch", "Bo", "--level", "some", "--home", h);

        // --- export, verify, tamper, verify again ------------------------------------------
        Path bundle = tmp.resolve("ada-2.json");
        ada.ok("export", "--out", bundle.toString(), "--home", h);
        Result verified = bo.ok("verify", bundle.toString());
        assertEquals("OK: 6 records from 1 author(s) in 1 feed(s); every signature valid, every chain whole",
                verified.printed());
        assertEquals("", verified.err());
        Result stdoutExport = ada.ok("export", "--home", h);
        assertEquals(6, stdoutExport.json().get("records").size(), "export without --out writes the bundle to stdout");

        String text = TestRecords.read(bundle);
        int at = text.indexOf("Community garden");
        assertTrue(at > 0 && text.indexOf("Community garden", at + 1) < 0, "the title occurs once");
        Path tampered = TestRecords.write(tmp.resolve("tampered.json"),
                text.substring(0, at) + "Communitz garden" + text.substring(at + "Community garden".length()));
        Result bad = bo.run("verify", tampered.toString());
        String line = assertUserError(bad, "verification failed");
        assertEquals("kith: verification failed: 2 problem(s) in 6 record(s)", line);
        assertTrue(bad.out().contains("record 2 (" + proposal + "): id-mismatch"), bad::toString);
        // the refused record leaves a hole in the chain: said too, as a second problem
        assertTrue(bad.out().contains("chain: seq-gap: feed " + adaId + "/public lacks seq 3"), bad::toString);
        JsonNode report = bo.run("verify", tampered.toString(), "--json").json();
        assertEquals(5, report.get("validRecords").asInt());
        assertEquals("id-mismatch", report.get("problems").get(0).get("code").asText());

        // ... and importing the tampered bundle takes the good records only.
        Path carol = tmp.resolve("carol");
        CliRunner c = new CliRunner(clock, tmp).home(carol);
        c.ok("init", "--name", "Carol", "--no-passphrase");
        Result partial = c.ok("import", tampered.toString());
        // the proposal (seq 3) is refused; the records after it wait for it in vain
        assertTrue(partial.out().startsWith("accepted 2, already known 0, held 3, fork evidence 0, rejected 1"),
                partial::toString);
        assertTrue(partial.out().contains("rejected 1: id-mismatch"), partial::toString);
    }

    @Test
    void proposalUpdateKeepsWhatIsNotGiven() {
        CliRunner k = new CliRunner(tmp).home(tmp.resolve("home"));
        k.ok("init", "--name", "Ada", "--no-passphrase");
        String id = k.ok("propose", "--kind", "gathering", "--title", "Repair cafe", "--summary", "Fix things together",
                "--when", "2026-12-12", "--until", "2026-12-13", "--where", "Town hall", "--tag", "repair").printed();
        String update = k.ok("proposal", "update", id.substring(0, 8), "--where", "Library").printed();
        assertTrue(update.matches(RECORD_ID));
        JsonNode p = k.ok("list", "proposals", "--json").json().get(0);
        assertEquals(id, p.get("id").asText(), "an update keeps the proposal's id");
        assertEquals("Library", p.get("place").asText());
        assertEquals("2026-12-12", p.get("whenStart").asText(), "--where alone keeps the start");
        assertEquals("2026-12-13", p.get("whenEnd").asText(), "--where alone keeps the end");
        assertEquals("gathering", p.get("kind").asText());
        k.ok("proposal", "update", id, "--status", "active", "--title", "Repair café");
        p = k.ok("list", "proposals", "--json").json().get(0);
        assertEquals("active", p.get("status").asText());
        assertEquals("Repair café", p.get("title").asText());
        assertEquals("Library", p.get("place").asText());
        assertEquals(List.of("repair"), strings(p.get("tags")));
        assertEquals(1, k.ok("list", "proposals", "--status", "active").outLines().size());
        Result none = k.ok("list", "proposals", "--status", "open");
        assertEquals("", none.out());
        assertEquals("no proposals match", none.printed().isEmpty() ? none.err().strip() : none.printed());
    }

    @Test
    void profileSetKeepsAnAvatarItCannotSet() {
        // Ada's key is known to the test, so the test can sign her a profile with an avatar (as
        // the desktop app would), then restore her identity and change her bio with the CLI.
        Ed25519KeyPair key = TestRecords.key("ada-with-avatar");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0};
        String avatar = Base64.getEncoder().encodeToString(png);
        VerifiedRecord withAvatar = TestRecords.sign(key, Clock.fixed(CliRunner.START, ZoneOffset.UTC), 1, null,
                new Profile("Ada", null, List.of("carpentry"), List.of(), List.of(), List.of(), List.of(), null, avatar));
        Path bundle = TestRecords.write(tmp.resolve("avatar.json"), TestRecords.bundle(List.of(TestRecords.entry(withAvatar))));
        byte[] seed = key.seed();
        String phrase = String.join(" ", RecoveryPhrase.fromSeed(seed));
        CliRunner k = new CliRunner(tmp).home(tmp.resolve("home"));
        k.ok("init", "--restore", phrase, "--no-passphrase");
        k.ok("import", bundle.toString());
        assertTrue(k.ok("profile", "show", "--json").json().get("hasAvatar").asBoolean());

        String next = k.ok("profile", "set", "--bio", "Builds things").printed();
        JsonNode body = k.ok("show", next, "--json").json().get("body");
        assertEquals("Builds things", body.get("bio").asText());
        assertEquals(List.of("carpentry"), strings(body.get("skills")));
        assertEquals(avatar, body.path("avatar").asText(null), "an option not given keeps its value: the avatar too");
        assertTrue(k.ok("profile", "show", "--json").json().get("hasAvatar").asBoolean());
    }

    @Test
    void retractHidesTheRecord() {
        CliRunner k = new CliRunner(tmp).home(tmp.resolve("home"));
        k.ok("init", "--name", "Ada", "--no-passphrase");
        String id = k.ok("propose", "--title", "Soup kitchen", "--summary", "Weekly soup").printed();
        k.ok("retract", id, "--reason", "changed my mind");
        JsonNode shown = k.ok("show", id, "--json").json();
        assertTrue(shown.get("retracted").asBoolean());
        assertTrue(shown.get("body").isNull());
        assertTrue(k.ok("show", id).out().contains("(retracted by its author)"));
        assertUserError(k.run("retract", id), "already retracted");
    }

    @Test
    void helpAndVersion() {
        CliRunner k = new CliRunner(tmp);
        Result help = k.ok("--help");
        assertTrue(help.out().contains("Usage: kith"), help::toString);
        for (String command : List.of("init", "whoami", "propose", "commit", "attest", "vouch", "list", "show",
                "export", "import", "verify")) {
            assertTrue(help.out().contains(command), command);
        }
        Result alone = k.ok();
        assertTrue(alone.out().contains("Usage: kith"), alone::toString);
        assertTrue(k.ok("--version").out().startsWith("kith "));
        // "Try 'kith propose --help'" is what a usage error says: it must work.
        Result sub = k.ok("propose", "--help");
        assertTrue(sub.out().contains("--title"), sub::toString);
        Result nested = k.ok("profile", "set", "--help");
        assertTrue(nested.out().contains("--skill"), nested::toString);
        assertFalse(Files.exists(tmp.resolve("xdg")), "help touches no data directory");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
