package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.node.cli.CliRunner.assertQuietUserError;
import static org.kith.node.cli.CliRunner.assertUsageError;
import static org.kith.node.cli.HomeSnapshot.assertUnchanged;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.cli.CliRunner.Result;

/**
 * The collaboration workflow through the CLI, with two people whose records travel by export and
 * import: matches, due and overdue commitments, the proposal lifecycle, attestations asked for and
 * given, gatherings and RSVPs — and the door refusing what the workflow does not allow.
 */
class CliWorkflowTest {

    @TempDir
    Path tmp;

    private final CliRunner.TestClock clock = new CliRunner.TestClock(CliRunner.START); // 2026-11-23T12:00Z
    private CliRunner ada;
    private CliRunner bo;
    private int exports;

    private void setUp() {
        ada = new CliRunner(clock, tmp).home(tmp.resolve("ada"));
        bo = new CliRunner(clock, tmp).home(tmp.resolve("bo"));
        ada.ok("init", "--name", "Ada", "--no-passphrase");
        bo.ok("init", "--name", "Bo", "--no-passphrase");
        bo.ok("profile", "set", "--skill", "carpentry", "--skill", "welding");
    }

    /** Everything {@code from} wrote, imported by {@code to}. */
    private void send(CliRunner from, CliRunner to) {
        Path file = tmp.resolve("export-" + (++exports) + ".json");
        from.ok("export", "--out", file.toString());
        to.ok("import", file.toString());
    }

    private static JsonNode inbox(CliRunner who) {
        return who.ok("inbox", "--json").json();
    }

    private static List<String> kinds(JsonNode inbox) {
        List<String> out = new ArrayList<>();
        inbox.forEach(i -> out.add(i.get("kind").asText() + ":" + i.get("id").asText()));
        return out;
    }

    @Test
    void proposeMatchCommitDeliverAttest() {
        setUp();
        assertEquals("Nothing needs you right now.", bo.ok("inbox").printed());
        String project = ada.ok("propose", "--title", "Garden beds", "--summary", "Raised beds for the lot",
                "--role", "builder:carpentry:2d").printed();
        send(ada, bo);

        JsonNode match = inbox(bo);
        assertEquals(List.of("match:" + project), kinds(match));
        assertEquals("Garden beds", match.get(0).get("title").asText());
        assertTrue(match.get(0).get("detail").asText().contains("wants carpentry"), match::toString);
        assertTrue(bo.ok("inbox").out().contains("New proposals for your skills (1)"));

        String commitment = bo.ok("commit", project, "--what", "Build three beds", "--due", "2026-11-27", "--role",
                "builder").printed();
        JsonNode due = inbox(bo);
        assertEquals(List.of("due-soon:" + commitment), kinds(due), "committed: no longer a match, now due soon");
        assertTrue(due.get(0).get("detail").asText().contains("is due in 4 days"), due::toString);

        clock.advance(Duration.ofDays(5)); // 2026-11-28: past due, not delivered
        assertEquals(List.of("overdue:" + commitment), kinds(inbox(bo)));
        send(bo, ada);
        JsonNode ask = inbox(ada);
        assertEquals(List.of("attest:" + commitment), kinds(ask), "past due: the author is asked");
        assertTrue(ask.get(0).get("detail").asText().contains("no delivery yet"), ask::toString);

        bo.ok("commitment", "update", commitment, "--status", "delivered", "--note", "Beds are in");
        assertEquals(List.of(), kinds(inbox(bo)));
        send(bo, ada);
        Result text = ada.ok("inbox");
        assertTrue(text.out().contains("To attest (1)") && text.out().contains("Bo delivered \"Build three beds\""),
                text::toString);
        assertTrue(text.out().contains("kith attest " + commitment.substring(0, 12)), text::toString);

        ada.ok("attest", commitment, "--outcome", "kept", "--note", "Solid work");
        assertEquals(List.of(), kinds(inbox(ada)), "attested: nothing left to do");

        // A final commitment cannot be reopened, by the CLI or by a forged record (the door, tested in store).
        assertQuietUserError(bo.run("commitment", "update", commitment, "--status", "withdrawn"),
                "transition-not-allowed", "delivered commitment cannot become withdrawn");
    }

    @Test
    void theProposalLifecycleIsTheAuthorsAndGoesForward() {
        setUp();
        String project = ada.ok("propose", "--title", "Garden beds", "--summary", "Raised beds").printed();
        Path adaHome = tmp.resolve("ada");
        HomeSnapshot before = HomeSnapshot.of(ada, adaHome);
        assertQuietUserError(ada.run("proposal", "update", project, "--status", "completed"),
                "cannot go from open to completed", "forming, active, abandoned");
        assertUnchanged(before, HomeSnapshot.of(ada, adaHome));
        ada.ok("proposal", "update", project, "--status", "forming");
        ada.ok("proposal", "update", project, "--status", "active");
        assertQuietUserError(ada.run("proposal", "update", project, "--status", "open"), "cannot go from active");
        ada.ok("proposal", "update", project, "--status", "completed");
        assertQuietUserError(ada.run("proposal", "update", project, "--status", "abandoned"), "it is final");
        assertEquals("completed", ada.ok("show", project, "--json").json().get("current").get("status").asText());

        send(ada, bo);
        assertQuietUserError(bo.run("proposal", "update", project, "--title", "Mine"), "only the author");
        assertQuietUserError(bo.run("commit", project, "--what", "late help", "--due", "2026-12-01"),
                "is completed");
    }

    @Test
    void dueDatesOutOfRangeAreRefused() {
        setUp();
        String project = ada.ok("propose", "--title", "Garden beds", "--summary", "Raised beds").printed();
        Path adaHome = tmp.resolve("ada");
        HomeSnapshot before = HomeSnapshot.of(ada, adaHome);
        assertQuietUserError(ada.run("commit", project, "--what", "x", "--due", "2020-01-01"), "in the past");
        assertQuietUserError(ada.run("commit", project, "--what", "x", "--due", "2040-01-01"),
                "date-out-of-range", "more than 5 years");
        assertUsageError(ada.run("commit", project, "--what", "x", "--due", "2026-13-01"));
        assertUnchanged(before, HomeSnapshot.of(ada, adaHome));
    }

    @Test
    void gatheringsTakeRsvpsAndAskTheOrganiserAboutAttendance() {
        setUp();
        String picnic = ada.ok("propose", "--kind", "gathering", "--title", "Picnic", "--summary", "Bring food",
                "--when", "2026-11-29", "--where", "The park").printed();
        String project = ada.ok("propose", "--title", "Garden beds", "--summary", "Raised beds").printed();
        send(ada, bo);

        String rsvp = bo.ok("rsvp", picnic.substring(0, 8), "--note", "bringing bread").printed();
        JsonNode c = bo.ok("show", rsvp, "--json").json().get("current");
        assertEquals("2026-11-29", c.get("due").asText());
        assertEquals("attend \"Picnic\": bringing bread", c.get("what").asText());
        assertEquals(List.of("due-soon:" + rsvp), kinds(inbox(bo)));

        Path boHome = tmp.resolve("bo");
        HomeSnapshot before = HomeSnapshot.of(bo, boHome);
        assertQuietUserError(bo.run("rsvp", picnic), "already said you will come");
        assertQuietUserError(bo.run("rsvp", project), "not a gathering");
        assertQuietUserError(bo.run("rsvp", "zzzzzzzz"), "no record with id");
        assertQuietUserError(bo.run("rsvp", "NOT-AN-ID"), "is not a record id");
        assertUsageError(bo.run("rsvp"));
        assertUnchanged(before, HomeSnapshot.of(bo, boHome));

        send(bo, ada);
        assertEquals(List.of(), kinds(inbox(ada)), "before the day there is nothing to attest");
        clock.advance(Duration.ofDays(7)); // 2026-11-30
        JsonNode ask = inbox(ada);
        assertEquals(List.of("attest:" + rsvp), kinds(ask));
        assertTrue(ask.get(0).get("detail").asText().contains("did Bo come to \"Picnic\""), ask::toString);
        ada.ok("attest", rsvp, "--outcome", "kept");
        assertEquals(List.of(), kinds(inbox(ada)));
        assertQuietUserError(bo.run("rsvp", picnic), "was on 2026-11-29");

        // Withdrawn in time: nobody is asked about it.
        String later = ada.ok("propose", "--kind", "gathering", "--title", "Swap", "--summary", "Swap tools",
                "--when", "2026-12-10").printed();
        send(ada, bo);
        String cancel = bo.ok("rsvp", later).printed();
        bo.ok("commitment", "update", cancel, "--status", "withdrawn", "--note", "away that week");
        send(bo, ada);
        clock.advance(Duration.ofDays(12));
        assertEquals(List.of(), kinds(inbox(ada)));
    }
}
