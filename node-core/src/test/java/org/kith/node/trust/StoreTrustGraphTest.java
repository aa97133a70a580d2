package org.kith.node.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.IngestResult;
import org.kith.node.store.SqliteRecordStore;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.Attestation;
import org.kith.protocol.record.Commitment;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordBody;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.RejectReason;
import org.kith.protocol.record.Retraction;
import org.kith.protocol.record.TrustLevel;
import org.kith.protocol.record.VerifiedRecord;
import org.kith.protocol.record.Vouch;

/** The store adapter's rules, on a real SQLite store filled through the ingest door. */
class StoreTrustGraphTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    SqliteRecordStore store;
    final Feed user = new Feed(1);
    final Feed lead = new Feed(2);
    final Feed helper = new Feed(3);
    final Feed worker = new Feed(4);
    final Feed outsider = new Feed(5);

    @BeforeEach
    void open() {
        store = SqliteRecordStore.open(tmp.resolve("kith.db"), user.key.peerId(), CLOCK);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void generalVouchesAreEdgesDomainVouchesAreNot() {
        ingest(user, new Vouch(lead.key.peerId(), TrustLevel.HIGH, null, null));
        ingest(lead, new Vouch(worker.key.peerId(), TrustLevel.SOME, null, null));
        ingest(lead, new Vouch(helper.key.peerId(), TrustLevel.HIGH, "carpentry", null));
        TrustGraph g = load().graph();
        assertEquals(List.of(user.id() + ">" + lead.id() + " high", lead.id() + ">" + worker.id() + " some").stream()
                .sorted().toList(), vouches(g));
        TrustResult r = new TrustEngine().compute(g, user.id());
        assertTrue(r.normalizedTrust(worker.id()) > 0);
        assertEquals(0.0, r.normalizedTrust(helper.id()), "a domain vouch is not a walk edge");
    }

    @Test
    void theNewestVouchWinsAndRetractingItRestoresTheOneBefore() {
        ingest(user, new Vouch(lead.key.peerId(), TrustLevel.HIGH, null, null));
        RecordId some = ingest(user, new Vouch(lead.key.peerId(), TrustLevel.SOME, null, null));
        assertEquals(List.of(user.id() + ">" + lead.id() + " some"), vouches(load().graph()));
        ingest(user, new Retraction(some, null));
        assertEquals(List.of(user.id() + ">" + lead.id() + " high"), vouches(load().graph()));
        RecordId distrust = ingest(lead, new Vouch(worker.key.peerId(), TrustLevel.DISTRUST, null, null));
        ingest(lead, new Retraction(distrust, null));
        assertEquals(List.of(user.id() + ">" + lead.id() + " high"), vouches(load().graph()),
                "a retracted vouch with nothing before it is gone");
    }

    @Test
    void onlyAttestationsByPeopleInTheProjectReachTheEngine() {
        RecordId shed = ingest(lead, proposal("Shed"));
        RecordId walls = ingest(worker, commitment(shed, "walls"));
        ingest(helper, commitment(shed, "roof"));
        ingest(lead, new Attestation(walls, worker.key.peerId(), Outcome.KEPT, null));
        ingest(helper, new Attestation(walls, worker.key.peerId(), Outcome.PARTLY_KEPT, null));
        ingest(outsider, new Attestation(walls, worker.key.peerId(), Outcome.NOT_KEPT, null));
        ingest(user, new Attestation(walls, worker.key.peerId(), Outcome.NOT_KEPT, null));
        StoreTrustGraph s = load();
        assertEquals(List.of(lead.id() + " kept", helper.id() + " partly-kept").stream().sorted().toList(),
                attestations(s.graph()), "the proposal's author and another committer to the same proposal");
        assertEquals(Map.of(outsider.id(), StoreTrustGraph.NOT_IN_PROJECT, user.id(), StoreTrustGraph.NOT_IN_PROJECT),
                excluded(s, worker.id()));
        assertEquals(2, s.excludedCount());

        ingest(user, new Vouch(lead.key.peerId(), TrustLevel.HIGH, null, null));
        PersonalTrust t = PersonalTrust.of(load(), user.id(), new TrustEngine());
        PersonalTrust.Report report = t.explain(worker.id(), 5);
        assertEquals(new PersonalTrust.Counts(1, 0, 0), report.counts(), "lead's kept (helper has no trust)");
        Map<String, String> reasons = report.ignored().stream()
                .collect(Collectors.toMap(PersonalTrust.Ignored::attester, PersonalTrust.Ignored::reason));
        assertEquals(StoreTrustGraph.NOT_IN_PROJECT, reasons.get(outsider.id()));
        assertEquals(StoreTrustGraph.NOT_IN_PROJECT, reasons.get(user.id()), "the rule holds for the user, too");
        assertEquals("attester has no trust from you", reasons.get(helper.id()));
        assertEquals(3, report.ignored().size());
    }

    @Test
    void retractionsUnknownCommitmentsAndWrongCommittersAreExcludedWithReasons() {
        RecordId shed = ingest(lead, proposal("Shed"));
        RecordId walls = ingest(worker, commitment(shed, "walls"));
        RecordId door = ingest(worker, commitment(shed, "door"));
        ingest(worker, new Retraction(door, "no door"));
        RecordId kept = ingest(lead, new Attestation(walls, worker.key.peerId(), Outcome.KEPT, null));
        ingest(lead, new Retraction(kept, "too early"));
        ingest(lead, new Attestation(door, worker.key.peerId(), Outcome.KEPT, null));
        // The ingest door keeps the other two cases out of the store: an attestation naming the
        // wrong committer is refused, one about an unknown commitment waits for it (not stored).
        // The adapter's reasons for them guard stores written before those door checks.
        IngestResult misnamed = store.ingest(lead.at(lead.seq, new Attestation(walls, helper.key.peerId(),
                Outcome.NOT_KEPT, null)));
        assertEquals(RejectReason.COMMITTER_MISMATCH, misnamed.reason(), misnamed::toString);
        RecordId elsewhere = new Feed(9).next(proposal("Never sent here")).id();
        IngestResult unknown = store.ingest(lead.at(lead.seq, new Attestation(elsewhere, worker.key.peerId(),
                Outcome.NOT_KEPT, null)));
        assertEquals(IngestResult.Status.HELD, unknown.status(), unknown::toString);
        StoreTrustGraph s = load();
        assertEquals(List.of(), attestations(s.graph()));
        List<String> about = new ArrayList<>();
        for (StoreTrustGraph.Excluded x : s.excludedAbout(worker.id())) {
            about.add(x.commitmentId().substring(0, 8) + " " + x.outcome().wire() + ": " + x.reason());
        }
        assertEquals(List.of(
                door.toString().substring(0, 8) + " kept: " + StoreTrustGraph.COMMITMENT_RETRACTED,
                walls.toString().substring(0, 8) + " kept: " + StoreTrustGraph.RETRACTED).stream().sorted().toList(),
                about.stream().sorted().toList());
        assertEquals(List.of(), s.excludedAbout(helper.id()));
    }

    @Test
    void aRetractedProposalStillNamesItsAuthor() {
        RecordId shed = ingest(lead, proposal("Shed"));
        RecordId walls = ingest(worker, commitment(shed, "walls"));
        ingest(lead, new Retraction(shed, "cancelled"));
        ingest(lead, new Attestation(walls, worker.key.peerId(), Outcome.NOT_KEPT, null));
        assertEquals(List.of(lead.id() + " not-kept"), attestations(load().graph()));
    }

    @Test
    void forkedAuthorsAreMarked() {
        ingest(user, new Vouch(lead.key.peerId(), TrustLevel.HIGH, null, null));
        RecordId first = ingest(lead, new Vouch(worker.key.peerId(), TrustLevel.HIGH, null, null));
        assertFalse(load().graph().isForked(lead.id()));
        VerifiedRecord other = lead.at(0, Profile.named("Lead, forked"));
        assertEquals(IngestResult.Status.FORK, store.ingest(other).status(), () -> "not a fork of " + first);
        TrustGraph g = load().graph();
        assertTrue(g.isForked(lead.id()));
        assertEquals(List.of(lead.id()), List.copyOf(g.forked()));
        TrustResult r = new TrustEngine().compute(g, user.id());
        assertTrue(r.explain(lead.id()).forked());
        assertEquals(0.0, r.normalizedTrust(worker.id()), "a forked author's vouches are not edges");
    }

    @Test
    void anEmptyStoreGivesTheUserAlone() {
        StoreTrustGraph s = load();
        assertEquals(List.of(user.id()), s.graph().people());
        assertEquals(0, s.excludedCount());
        assertNull(new TrustEngine().compute(s.graph(), user.id()).directLevel(lead.id()));
    }

    private StoreTrustGraph load() {
        return StoreTrustGraph.load(store.queries(), user.id());
    }

    private RecordId ingest(Feed f, RecordBody body) {
        VerifiedRecord r = f.next(body);
        IngestResult result = store.ingest(r);
        assertEquals(IngestResult.Status.ACCEPTED, result.status(), result::toString);
        return r.id();
    }

    private static List<String> vouches(TrustGraph g) {
        return g.vouches().stream().map(v -> v.author() + ">" + v.subject() + " " + v.level().wire()
                + (v.retracted() ? " retracted" : "")).sorted().toList();
    }

    private static List<String> attestations(TrustGraph g) {
        return g.attestations().stream().map(a -> a.attester() + " " + a.outcome().wire()).sorted().toList();
    }

    private static Map<String, String> excluded(StoreTrustGraph s, String committer) {
        return s.excludedAbout(committer).stream()
                .collect(Collectors.toMap(StoreTrustGraph.Excluded::attester, StoreTrustGraph.Excluded::reason));
    }

    static Proposal proposal(String title) {
        return new Proposal(ProposalKind.PROJECT, title, "About " + title, null, List.of(), null, List.of(),
                ProposalStatus.OPEN, null);
    }

    static Commitment commitment(RecordId proposal, String what) {
        return new Commitment(proposal, null, what, LocalDate.parse("2027-01-01"), null);
    }

    /** One author's public feed. */
    static final class Feed {
        final Ed25519KeyPair key;
        private final RecordSigner signer;
        private long seq;
        private final List<RecordId> ids = new ArrayList<>();

        Feed(int seedByte) {
            byte[] seed = new byte[32];
            Arrays.fill(seed, (byte) (0x40 + seedByte));
            key = Ed25519KeyPair.fromSeed(seed);
            signer = new RecordSigner(key, CLOCK);
        }

        String id() {
            return key.peerId().toBase58();
        }

        VerifiedRecord next(RecordBody body) {
            VerifiedRecord r = at(seq, body);
            seq++;
            ids.add(r.id());
            return r;
        }

        /** A record following the first {@code after} records (a fork when {@code after} < seq). */
        VerifiedRecord at(long after, RecordBody body) {
            try {
                return signer.sign("public", after + 1, after == 0 ? null : ids.get((int) after - 1), body);
            } catch (InvalidRecordException e) {
                throw new AssertionError(e);
            }
        }
    }
}
