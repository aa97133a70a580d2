package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.cli.CliRunner.Result;

/** {@code kith find --skill S} on the community of {@link CliTrustTest.Community}. */
class CliFindTest {

    @TempDir
    static Path templates;
    static final CliRunner.TestClock CLOCK = new CliRunner.TestClock(CliRunner.START);
    static CliTrustTest.Community town;

    @TempDir
    Path tmp;
    Path ada;
    CliRunner kith;

    @BeforeAll
    static void community() {
        town = CliTrustTest.Community.build(templates, CLOCK);
    }

    @BeforeEach
    void copyAda() {
        ada = tmp.resolve("ada");
        HomeSnapshot.copyTree(town.home, ada);
        kith = new CliRunner(CLOCK, tmp).home(ada);
    }

    @Test
    void ranksByTrustTimesReliabilityWithTheUnknownAndTheDistrustedLast() {
        JsonNode found = kith.ok("find", "--skill", "CARPENTRY", "--json").json();
        assertEquals(List.of("Cy", "Bo", "Eve", "Dee", "Mal"), names(found),
                "Cy (trusted via Bo, 1 kept) above Bo (trusted most, never attested); Dee has no path; Mal is"
                        + " distrusted; Ada herself is not listed");
        for (JsonNode m : found) {
            double trust = m.get("trust").asDouble();
            double expected = m.get("reliability").get("expected").asDouble();
            assertEquals(trust * expected, m.get("score").asDouble(), 1e-12, "score = trust × reliability");
        }
        JsonNode cy = found.get(0);
        assertEquals(town.cy.id(), cy.get("peerId").asText());
        assertEquals(0.85 * 2.0 / 3.0, cy.get("score").asDouble(), 1e-6);
        assertEquals(1, cy.get("reliability").get("kept").asInt());
        assertEquals("high", cy.get("yourSkillVouch").asText(), "Ada vouched high for Cy's carpentry");
        assertTrue(cy.get("yourVouch").isNull());
        assertEquals(town.bo.id(), cy.get("via").asText());
        assertEquals("Bo", cy.get("viaName").asText());
        assertFalse(cy.get("noTrustPath").asBoolean());
        assertEquals("trusted via Bo; 1 kept of 1 attested; skill in profile, you vouched high for CARPENTRY",
                cy.get("reason").asText());

        JsonNode bo = found.get(1);
        assertEquals(0.5, bo.get("score").asDouble(), 1e-9, "trust 1 × ½ (no evidence)");
        assertEquals("vouched high by you; not attested yet; skill in profile", bo.get("reason").asText());

        JsonNode eve = found.get(2);
        assertTrue(eve.get("forked").asBoolean());
        assertTrue(eve.get("reason").asText().endsWith("; feed forked"), eve::toString);

        JsonNode dee = found.get(3);
        assertEquals(0.0, dee.get("score").asDouble());
        assertTrue(dee.get("noTrustPath").asBoolean());
        assertEquals(1, dee.get("trustedSkillVouches").asInt(), "Bo vouched for Dee's carpentry");
        assertEquals("no trust path; not attested yet; skill in profile, vouched for CARPENTRY by 1 person you"
                + " trust", dee.get("reason").asText());

        JsonNode mal = found.get(4);
        assertTrue(mal.get("distrusted").asBoolean());
        assertTrue(mal.get("noTrustPath").asBoolean());
        assertTrue(mal.get("reason").asText().startsWith("distrusted by you;"), mal::toString);
    }

    @Test
    void humanOutputHasOneLinePerPersonWithTheReason() {
        Result r = kith.ok("find", "--skill", "carpentry");
        List<String> lines = r.outLines();
        assertEquals(5, lines.size(), r::toString);
        assertTrue(lines.get(0).matches("0\\.567  Cy +12D3KooW…\\S+  trusted via Bo; 1 kept of 1 attested; skill in"
                + " profile, you vouched high for carpentry"), r::toString);
        assertTrue(lines.get(3).startsWith("0.000  Dee "), r::toString);
        assertTrue(lines.get(3).contains("  no trust path; "), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void limitAndOtherSkills() {
        assertEquals(List.of("Cy", "Bo"), names(kith.ok("find", "--skill", "carpentry", "--limit", "2", "--json").json()));
        assertEquals(List.of("Cy"), names(kith.ok("find", "--skill", " Plumbing ", "--json").json()));
        Result none = kith.ok("find", "--skill", "juggling");
        assertEquals("", none.out());
        assertEquals("no one here lists the skill \"juggling\" in their profile", none.err().strip());
        assertEquals(0, kith.ok("find", "--skill", "juggling", "--json").json().size());
    }

    @Test
    void aNewUserStillSeesPeopleMarkedWithoutTrust() {
        CliRunner k = new CliRunner(CLOCK, tmp).home(tmp.resolve("new"));
        k.ok("init", "--name", "Newcomer", "--no-passphrase");
        Path export = tmp.resolve("ada.json");
        kith.ok("export", "--out", export.toString());
        k.ok("import", export.toString());
        JsonNode found = k.ok("find", "--skill", "carpentry", "--json").json();
        assertEquals(List.of("Ada"), names(found), "Ada's export carries only her own records");
        assertTrue(found.get(0).get("noTrustPath").asBoolean());
        assertEquals(0.0, found.get(0).get("score").asDouble());
    }

    @Test
    void badSkillsAreUserErrorsThatChangeNothing() {
        failsChangingNothing(args("find", "--skill", ""), "--skill must not be empty");
        failsChangingNothing(args("find", "--skill", "   "), "--skill must not be empty");
        failsChangingNothing(args("find", "--skill", "x".repeat(49), "--json"), "longer than 48 characters");
    }

    @Test
    void badLimitsAndMissingSkillAreUsageErrors() {
        for (String limit : List.of("0", "-5", "1001", "2147483648", "")) {
            usage(args("find", "--skill", "carpentry", "--limit", limit), "is not a number from 1 to 1000",
                    "Try 'kith find --help' for usage.");
        }
        usage(args("find"), "Missing required option", "--skill");
        usage(args("find", "carpentry"), "--skill");
        usage(args("find", "--skill", "carpentry", "extra"), "extra");
    }

    private void failsChangingNothing(String[] args, String... fragments) {
        HomeSnapshot.assertRefusedChangingNothing(kith, ada, args, fragments);
    }

    private void usage(String[] args, String... fragments) {
        HomeSnapshot.assertUsageChangingNothing(kith, ada, args, fragments);
    }

    private static String[] args(String... a) {
        return a;
    }

    private static List<String> names(JsonNode found) {
        List<String> out = new ArrayList<>();
        found.forEach(m -> out.add(m.get("name").asText()));
        return out;
    }
}
