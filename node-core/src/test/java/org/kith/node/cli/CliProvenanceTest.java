package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.node.cli.CliRunner.assertQuietUserError;
import static org.kith.node.cli.HomeSnapshot.assertUnchanged;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kith provenance}: chain position, first source, earliest citing record, on real homes. */
class CliProvenanceTest {

    @TempDir
    static Path tmp;
    static CreditsScenario s;

    @BeforeAll
    static void scenario() {
        s = new CreditsScenario(tmp).build();
    }

    private JsonNode provenance(Path home, String id) {
        return s.run(home, "provenance", id, "--json").ok().json();
    }

    @Test
    void ownProposalAtItsPlaceInTheChainPublishedHere() {
        JsonNode p = provenance(s.ada, s.proposal);
        assertEquals(s.proposal, p.get("id").asText());
        assertEquals("proposal", p.get("type").asText());
        assertTrue(p.get("title").asText().startsWith("Community garden"));
        assertEquals("Ada", p.get("authorName").asText());
        assertEquals("public", p.get("swarm").asText());
        // profile (seq 1), proposal (2), update (3), attestation (4)
        assertEquals(2, p.get("seq").asLong());
        assertEquals(2, p.get("chain").get("seq").asLong());
        assertEquals(4, p.get("chain").get("headSeq").asLong());
        assertTrue(p.get("chain").get("verified").asBoolean());
        assertEquals(2, p.get("chain").get("checked").asLong());
        assertFalse(p.get("chain").get("forked").asBoolean());
        assertFalse(p.get("prev").isNull());
        assertEquals("self", p.get("received").get("source").asText());
        assertEquals("publish", p.get("received").get("via").asText());
        assertFalse(p.get("forkEvidence").asBoolean());
        assertTrue(p.get("retractedBy").isNull());
    }

    @Test
    void earliestCitationsAndTheIndependentOne() {
        JsonNode p = provenance(s.ada, s.proposal);
        // Ada's update, Bob's and Cara's commitments, Dan's comment
        assertEquals(4, p.get("citations").asInt());
        JsonNode first = p.get("earliestCitation");
        assertEquals(s.update, first.get("id").asText());
        assertEquals("update", first.get("relation").asText());
        assertTrue(first.get("sameAuthor").asBoolean());
        JsonNode independent = p.get("earliestIndependentCitation");
        assertEquals(s.bobCommitment, independent.get("id").asText());
        assertEquals("commitment", independent.get("relation").asText());
        assertEquals("Bob", independent.get("authorName").asText());
        assertFalse(independent.get("sameAuthor").asBoolean());
        assertTrue(independent.get("tsMillis").asLong() > p.get("tsMillis").asLong());
    }

    @Test
    void importedRecordNamesItsFile() {
        // Bob got Ada's proposal from a bundle; Ada got Bob's commitment from one
        JsonNode inBob = provenance(s.bob, s.proposal);
        assertEquals("import", inBob.get("received").get("source").asText());
        assertEquals("import", inBob.get("received").get("via").asText());
        assertTrue(inBob.get("received").get("detail").asText().startsWith("carry-ada-"));
        assertTrue(inBob.get("chain").get("verified").asBoolean());
        JsonNode commitment = provenance(s.ada, s.bobCommitment);
        assertTrue(commitment.get("received").get("detail").asText().startsWith("carry-bob-"));
        assertEquals("Bob", commitment.get("authorName").asText());
        assertEquals(s.bobRenegotiated, commitment.get("earliestCitation").get("id").asText());
        assertEquals(s.attestation, commitment.get("earliestIndependentCitation").get("id").asText());
    }

    @Test
    void retractedRecordSaysBy() {
        JsonNode p = provenance(s.ada, s.caraCommitment);
        assertEquals(s.caraRetraction, p.get("retractedBy").asText());
    }

    @Test
    void humanOutput() {
        String out = s.ok(s.ada, "provenance", s.proposal.substring(0, 10));
        assertTrue(out.startsWith("proposal " + s.proposal), out);
        assertTrue(out.contains("seq 2 of 4 in the author's feed"), out);
        assertTrue(out.contains("the signed chain from seq 1 to 2 verifies"), out);
        assertTrue(out.contains("published here by you"), out);
        assertTrue(out.contains("not forked"), out);
        assertTrue(out.contains("earliest by another author  commitment " + s.bobCommitment + " by Bob ("), out);
        String inBob = s.ok(s.bob, "provenance", s.proposal);
        assertTrue(inBob.contains("imported from carry-ada-"), inBob);
    }

    @Test
    void hostileIdsChangeNothing() {
        HomeSnapshot before = HomeSnapshot.of(s.kith, s.ada);
        assertQuietUserError(s.run(s.ada, "provenance", "aaaaaaaaaaaa"), "no record with id aaaaaaaaaaaa");
        assertQuietUserError(s.run(s.ada, "provenance", "<script>"), "is not a record id");
        assertQuietUserError(s.run(s.ada, "provenance", "a", "--json"), "is not a record id");
        assertUnchanged(before, HomeSnapshot.of(s.kith, s.ada));
    }
}
