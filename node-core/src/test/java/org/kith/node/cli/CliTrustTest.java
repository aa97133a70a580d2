package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.cli.CliRunner.Result;
import org.kith.node.trust.StoreTrustGraph;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.Attestation;
import org.kith.protocol.record.Commitment;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordBody;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.Retraction;
import org.kith.protocol.record.TrustLevel;
import org.kith.protocol.record.VerifiedRecord;
import org.kith.protocol.record.Vouch;

/** {@code kith trust explain} and {@code kith trust list} on a small community imported into Ada's home. */
class CliTrustTest {

    @TempDir
    static Path templates;
    static final CliRunner.TestClock CLOCK = new CliRunner.TestClock(CliRunner.START);
    static Community town;

    @TempDir
    Path tmp;
    Path ada;
    CliRunner kith;

    @BeforeAll
    static void community() {
        town = Community.build(templates, CLOCK);
    }

    @BeforeEach
    void copyAda() {
        ada = tmp.resolve("ada");
        HomeSnapshot.copyTree(town.home, ada);
        kith = new CliRunner(CLOCK, tmp).home(ada);
    }

    @Test
    void explainShowsThePathThroughAVoucherAndTheAttestations() {
        Result r = kith.ok("trust", "explain", "Cy");
        String out = r.out();
        assertTrue(out.startsWith("Cy  (" + town.cy.id() + ")"), r::toString);
        assertTrue(out.contains("your vouch:   none"), r::toString);
        assertTrue(out.contains("trusted via:\n    Bo"), r::toString);
        assertTrue(out.contains("you → Bo → Cy"), r::toString);
        assertTrue(out.contains("1 kept, 0 partly kept, 0 not kept"), r::toString);
        String counted1 = line(out, "weight ");
        assertTrue(counted1.matches(" +kept +by Bo +weight 1\\.000  commitment " + town.c1.substring(0, 12)),
                r::toString);
        assertTrue(line(out, "by Dee ").endsWith("commitment " + town.c1.substring(0, 12) + ": "
                + StoreTrustGraph.NOT_IN_PROJECT), r::toString);
        assertTrue(out.contains("commitment " + town.c2.substring(0, 12) + ": " + StoreTrustGraph.RETRACTED),
                r::toString);
        assertTrue(out.contains("commitment " + town.c3.substring(0, 12) + ": " + StoreTrustGraph.COMMITMENT_RETRACTED),
                r::toString);
        assertEquals("", r.err());

        JsonNode j = kith.ok("trust", "explain", town.cy.id().substring(0, 20), "--json").json();
        assertEquals(town.cy.id(), j.get("peerId").asText());
        assertEquals("Cy", j.get("name").asText());
        assertFalse(j.get("self").asBoolean());
        double trust = j.get("trust").asDouble();
        assertTrue(trust > 0.5 && trust < 1, j::toString);
        assertTrue(j.get("trustMass").asDouble() > 0, j::toString);
        assertTrue(j.get("yourVouch").isNull());
        assertFalse(j.get("distrusted").asBoolean());
        assertFalse(j.get("forked").asBoolean());
        assertFalse(j.get("noTrustPath").asBoolean());
        JsonNode path = j.get("paths").get(0);
        assertEquals(town.bo.id(), path.get("from").asText());
        assertEquals("Bo", path.get("fromName").asText());
        assertEquals("some", path.get("level").asText());
        assertEquals(1.0, path.get("share").asDouble(), 1e-9, "Bo is Cy's only voucher");
        assertEquals(List.of(town.adaId, town.bo.id(), town.cy.id()), peerIds(path.get("path")));
        JsonNode rel = j.get("reliability");
        assertEquals(1, rel.get("kept").asInt());
        assertEquals(0, rel.get("notKept").asInt());
        assertEquals(2.0 / 3.0, rel.get("expected").asDouble(), 1e-9, "Beta(1 + 1, 1): Bo's weight is 1");
        assertEquals(1.0, rel.get("evidence").asDouble(), 1e-9);
        assertEquals(1.0 / 3.0, rel.get("confidence").asDouble(), 1e-9);
        JsonNode counted = j.get("attestations");
        assertEquals(1, counted.size());
        assertEquals(town.bo.id(), counted.get(0).get("attester").asText());
        assertEquals(town.c1, counted.get(0).get("commitmentId").asText());
        assertEquals("kept", counted.get(0).get("outcome").asText());
        assertEquals(1.0, counted.get(0).get("weight").asDouble(), 1e-9);
        List<String> reasons = new ArrayList<>();
        j.get("ignoredAttestations").forEach(a -> reasons.add(a.get("commitmentId").asText().substring(0, 12) + " "
                + a.get("attesterName").asText() + " " + a.get("outcome").asText() + ": " + a.get("reason").asText()));
        assertEquals(List.of(
                town.c1.substring(0, 12) + " Dee not-kept: " + StoreTrustGraph.NOT_IN_PROJECT,
                town.c2.substring(0, 12) + " Bo kept: " + StoreTrustGraph.RETRACTED,
                town.c3.substring(0, 12) + " Bo kept: " + StoreTrustGraph.COMMITMENT_RETRACTED)
                .stream().sorted().toList(), reasons.stream().sorted().toList());
    }

    @Test
    void aDistrustedPersonHasZeroAndSaysWhy() {
        Result r = kith.ok("trust", "explain", "Mal");
        assertTrue(r.out().contains("trust:        0.000"), r::toString);
        assertTrue(r.out().contains("your vouch:   distrust"), r::toString);
        assertTrue(r.out().contains("DISTRUSTED by you"), r::toString);
        assertTrue(r.out().contains("your distrust stops every path"), r::toString);
        JsonNode j = kith.ok("trust", "explain", "mal", "--json").json();
        assertEquals(0.0, j.get("trust").asDouble());
        assertEquals(0.0, j.get("trustMass").asDouble());
        assertTrue(j.get("distrusted").asBoolean());
        assertEquals("distrust", j.get("yourVouch").asText());
        assertEquals(0, j.get("paths").size(), "Bo's high vouch for Mal does not count against your distrust");
    }

    @Test
    void aForkedFeedIsFlaggedAndItsVouchesDoNotCount() {
        Result r = kith.ok("trust", "explain", "Eve");
        assertTrue(r.out().contains("FORKED feed"), r::toString);
        assertTrue(r.out().contains("your vouch:   some"), r::toString);
        JsonNode eve = kith.ok("trust", "explain", "Eve", "--json").json();
        assertTrue(eve.get("forked").asBoolean());
        assertTrue(eve.get("trust").asDouble() > 0, "a fork flags the feed; your own vouch still counts");
        // Eve vouched high for Dee before her feed forked: that edge is dropped, so Dee has no path.
        JsonNode dee = kith.ok("trust", "explain", "Dee", "--json").json();
        assertTrue(dee.get("noTrustPath").asBoolean(), dee::toString);
        assertEquals(0.0, dee.get("trust").asDouble());
        assertTrue(kith.ok("trust", "explain", "Dee").out().contains("no trust path from you"));
    }

    @Test
    void explainingYourself() {
        Result r = kith.ok("trust", "explain", town.adaId);
        assertTrue(r.out().startsWith("Ada  (" + town.adaId + ")"), r::toString);
        assertTrue(r.out().contains("this is you"), r::toString);
        assertFalse(r.out().contains("trusted via"), r::toString);
        JsonNode j = kith.ok("trust", "explain", "Ada", "--json").json();
        assertTrue(j.get("self").asBoolean());
        assertEquals(1.0, j.get("trust").asDouble());
        assertFalse(j.get("noTrustPath").asBoolean());
        assertEquals(0, j.get("paths").size());
    }

    @Test
    void listRanksTheTrusted() {
        JsonNode all = kith.ok("trust", "list", "--json").json();
        List<String> names = new ArrayList<>();
        all.forEach(n -> names.add(n.get("name").asText()));
        assertEquals(List.of("Bo", "Cy", "Eve"), names, "Mal (distrusted) and Dee (no path) are not listed");
        assertEquals("high", all.get(0).get("yourVouch").asText());
        assertEquals(1.0, all.get(0).get("trust").asDouble());
        assertTrue(all.get(2).get("yourVouch").asText().equals("some"));
        JsonNode top = kith.ok("trust", "list", "--limit", "1", "--json").json();
        assertEquals(1, top.size());
        assertEquals(town.bo.id(), top.get(0).get("peerId").asText());
        Result text = kith.ok("trust", "list");
        assertEquals(3, text.outLines().size(), text::toString);
        assertTrue(text.outLines().get(0).startsWith("1.000  Bo "), text::toString);
        assertTrue(text.outLines().get(0).endsWith("(your vouch: high)"), text::toString);
    }

    @Test
    void listWithNoVouchesSaysSo() {
        CliRunner k = new CliRunner(CLOCK, tmp).home(tmp.resolve("new"));
        k.ok("init", "--name", "Newcomer", "--no-passphrase");
        Result r = k.ok("trust", "list");
        assertEquals("", r.out());
        assertTrue(r.err().contains("you trust no one yet"), r::toString);
        assertEquals(0, k.ok("trust", "list", "--json").json().size());
    }

    @Test
    void unknownAndAmbiguousPeopleAreUserErrorsThatChangeNothing() {
        failsChangingNothing(args("trust", "explain", "Zed"), "no person \"Zed\" known to this node");
        String stranger = TestRecords.key("stranger").peerId().toBase58();
        failsChangingNothing(args("trust", "explain", stranger), "nothing is known about " + stranger);
        failsChangingNothing(args("trust", "explain", "12D3KooW"), "is ambiguous");
        failsChangingNothing(args("trust", "explain", "Zed", "--json"), "no person");
    }

    @Test
    void badLimitsAndMissingArgumentsAreUsageErrors() {
        for (String limit : List.of("0", "-1", "1001", "99999999999", "ten")) {
            usage(args("trust", "list", "--limit", limit), "'" + limit + "' is not a number from 1 to 1000");
        }
        usage(args("trust", "explain"), "PERSON");
        usage(args("trust"), "Missing required subcommand");
        usage(args("trust", "explain", "Cy", "Bo"), "Bo");
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

    /** The one line of {@code out} containing {@code fragment}. */
    static String line(String out, String fragment) {
        List<String> lines = out.lines().filter(l -> l.contains(fragment)).toList();
        assertEquals(1, lines.size(), () -> "one line with \"" + fragment + "\" in:\n" + out);
        return lines.get(0);
    }

    static List<String> peerIds(JsonNode path) {
        List<String> out = new ArrayList<>();
        path.forEach(h -> out.add(h.get("peerId").asText()));
        return out;
    }

    /**
     * Ada's home with this community imported (records signed here, as their authors' nodes would):
     * <ul>
     *   <li>Ada (the user; carpentry) vouches high for Bo, some for Eve, distrust for Mal, and high for Cy's
     *       carpentry (a domain vouch: not a walk edge).</li>
     *   <li>Bo (carpentry) vouches some for Cy, high for Mal, and some for Dee's carpentry; proposes "Shed";
     *       attests Cy's commitment c1 kept (counted), c2 kept then retracts it, c3 kept (Cy retracted c3).</li>
     *   <li>Cy (carpentry, plumbing) commits c1, c2, c3 to the shed and retracts c3.</li>
     *   <li>Dee (Carpentry) attests c1 not-kept without taking part in the shed.</li>
     *   <li>Mal (carpentry). Eve (carpentry) vouches high for Dee, then forks her feed.</li>
     * </ul>
     */
    static final class Community {
        static final Clock SIGNING = Clock.fixed(CliRunner.START, ZoneOffset.UTC);

        final Path home;
        final String adaId;
        final Feed bo = new Feed("trust-bo");
        final Feed cy = new Feed("trust-cy");
        final Feed dee = new Feed("trust-dee");
        final Feed mal = new Feed("trust-mal");
        final Feed eve = new Feed("trust-eve");
        String shed;
        String c1;
        String c2;
        String c3;

        private Community(Path home, String adaId) {
            this.home = home;
            this.adaId = adaId;
        }

        static Community build(Path dir, CliRunner.TestClock clock) {
            Path home = dir.resolve("ada-template");
            CliRunner a = new CliRunner(clock, dir).home(home);
            a.ok("init", "--name", "Ada", "--no-passphrase");
            a.ok("profile", "set", "--skill", "carpentry");
            Community c = new Community(home, a.ok("whoami", "--json").json().get("peerId").asText());
            c.sign();
            List<VerifiedRecord> all = new ArrayList<>();
            for (Feed f : List.of(c.bo, c.cy, c.dee, c.mal, c.eve)) {
                all.addAll(f.records);
            }
            Path bundle = TestRecords.write(dir.resolve("town.json"),
                    TestRecords.bundle(all.stream().map(TestRecords::entry).toList()));
            assertTrue(a.ok("import", bundle.toString()).printed().startsWith("accepted " + all.size() + ","));
            // Eve signs a second, different record 2: her feed is forked.
            VerifiedRecord fork = TestRecords.sign(c.eve.key, SIGNING, 2, c.eve.records.get(0).id(),
                    Profile.named("Eve, again"));
            Path forkBundle = TestRecords.write(dir.resolve("fork.json"),
                    TestRecords.bundle(List.of(TestRecords.entry(fork))));
            assertTrue(a.ok("import", forkBundle.toString()).printed().contains("fork evidence 1"));
            a.ok("vouch", "Bo", "--level", "high");
            a.ok("vouch", "Eve", "--level", "some");
            a.ok("vouch", "Mal", "--level", "distrust");
            a.ok("vouch", "Cy", "--level", "high", "--domain", "carpentry");
            return c;
        }

        private void sign() {
            bo.add(profile("Bo", "carpentry"));
            cy.add(profile("Cy", "carpentry", "plumbing"));
            dee.add(profile("Dee", "Carpentry"));
            mal.add(profile("Mal", "carpentry"));
            eve.add(profile("Eve", "carpentry"));
            eve.add(new Vouch(dee.key.peerId(), TrustLevel.HIGH, null, null));
            bo.add(new Vouch(cy.key.peerId(), TrustLevel.SOME, null, null));
            bo.add(new Vouch(mal.key.peerId(), TrustLevel.HIGH, null, null));
            bo.add(new Vouch(dee.key.peerId(), TrustLevel.SOME, "carpentry", null));
            RecordId shedId = bo.add(new Proposal(ProposalKind.PROJECT, "Shed", "Build a shed", null,
                    List.of(new Proposal.Role("builder", List.of("carpentry"), null)), null, List.of(),
                    ProposalStatus.OPEN, null));
            shed = shedId.toString();
            RecordId one = cy.add(commitment(shedId, "Frame the walls"));
            RecordId two = cy.add(commitment(shedId, "Hang the door"));
            RecordId three = cy.add(commitment(shedId, "Paint it"));
            cy.add(new Retraction(three, "not painting after all"));
            c1 = one.toString();
            c2 = two.toString();
            c3 = three.toString();
            bo.add(new Attestation(one, cy.key.peerId(), Outcome.KEPT, "Solid walls"));
            RecordId second = bo.add(new Attestation(two, cy.key.peerId(), Outcome.KEPT, null));
            bo.add(new Retraction(second, "attested the wrong commitment"));
            bo.add(new Attestation(three, cy.key.peerId(), Outcome.KEPT, null));
            dee.add(new Attestation(one, cy.key.peerId(), Outcome.NOT_KEPT, "heard it leaks"));
        }

        private static Profile profile(String name, String... skills) {
            return new Profile(name, null, List.of(skills), List.of(), List.of(), List.of(), List.of(), null, null);
        }

        private static Commitment commitment(RecordId proposal, String what) {
            return new Commitment(proposal, "builder", what, LocalDate.parse(CliRunner.DUE), null);
        }
    }

    /** One author's public feed, signed in order. */
    static final class Feed {
        final Ed25519KeyPair key;
        final List<VerifiedRecord> records = new ArrayList<>();
        private RecordId prev;

        Feed(String label) {
            key = TestRecords.key(label);
        }

        String id() {
            return key.peerId().toBase58();
        }

        RecordId add(RecordBody body) {
            VerifiedRecord r = TestRecords.sign(key, Community.SIGNING, records.size() + 1, prev, body);
            records.add(r);
            prev = r.id();
            return r.id();
        }
    }
}
