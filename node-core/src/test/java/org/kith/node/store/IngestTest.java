package org.kith.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.IngestResult.Status;
import org.kith.protocol.record.Attestation;
import org.kith.protocol.record.CommitmentStatus;
import org.kith.protocol.record.CommitmentUpdate;
import org.kith.protocol.record.Comment;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.RejectReason;
import org.kith.protocol.record.Retraction;
import org.kith.protocol.record.VerifiedRecord;

class IngestTest {

    @TempDir
    Path dir;

    private SqliteRecordStore store;
    private final TestFeed alice = new TestFeed(1);
    private final TestFeed bob = new TestFeed(2);
    private final List<String> heard = new ArrayList<>();

    @BeforeEach
    void open() {
        store = SqliteRecordStore.open(dir.resolve("kith.db"), alice.id(), TestFeed.CLOCK);
        store.addListener((r, status) -> heard.add(status + ":" + r.author().toBase58().substring(48) + "#" + r.seq()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private IngestResult ingest(VerifiedRecord r) {
        return store.ingest(TestFeed.bytes(r));
    }

    private Snapshot snapshot() {
        return Snapshot.of(dir.resolve("kith.db"));
    }

    @Test
    void acceptsFirstRecordAndAdvancesTheFeedHead() {
        VerifiedRecord r = alice.next(TestFeed.profile("Alice", "java"));
        IngestResult result = ingest(r);
        assertEquals(Status.ACCEPTED, result.status());
        assertEquals(r.id(), result.id());
        FeedHead head = store.feedHead(alice.id(), "public").orElseThrow();
        assertEquals(1, head.seq());
        assertEquals(r.id(), head.id());
        assertFalse(head.forked());
        assertArrayEquals(TestFeed.bytes(r), store.record(r.id()).orElseThrow().envelope());
        assertEquals("Alice", store.queries().person(alice.id().toBase58()).orElseThrow().name());
    }

    @Test
    void sameRecordTwiceChangesNothing() {
        VerifiedRecord r = alice.next(TestFeed.proposal("p"));
        assertEquals(Status.ACCEPTED, ingest(r).status());
        Snapshot before = snapshot();
        assertEquals(Status.DUPLICATE, ingest(r).status());
        assertEquals(Status.DUPLICATE, store.ingest(r).status());
        assertEquals(before, snapshot());
        assertEquals(1, heard.size());
    }

    @Test
    void recordAheadOfItsPredecessorIsHeldThenReleasedInOrder() {
        VerifiedRecord r1 = alice.next(TestFeed.proposal("one"));
        VerifiedRecord r2 = alice.next(TestFeed.proposal("two"));
        VerifiedRecord r3 = alice.next(TestFeed.proposal("three"));
        assertEquals(Status.HELD, ingest(r3).status());
        assertEquals(Status.HELD, ingest(r2).status());
        assertEquals(Status.DUPLICATE, ingest(r3).status(), "a held record is already known");
        assertEquals(2, store.heldCount());
        assertTrue(store.feedHead(alice.id(), "public").isEmpty(), "nothing stored while the gap is open");
        assertEquals(Status.ACCEPTED, ingest(r1).status());
        assertEquals(0, store.heldCount());
        assertEquals(3, store.feedHead(alice.id(), "public").orElseThrow().seq());
        assertEquals(List.of("ACCEPTED:" + tail(alice) + "#1", "ACCEPTED:" + tail(alice) + "#2",
                "ACCEPTED:" + tail(alice) + "#3"), heard);
        assertEquals(3, store.queries().proposals(Views.ProposalFilter.ALL).size());
    }

    private static String tail(TestFeed f) {
        return f.id().toBase58().substring(48);
    }

    @Test
    void prevMismatchIsRejectedAndChangesNothing() {
        VerifiedRecord r1 = alice.next(TestFeed.proposal("one"));
        ingest(r1);
        VerifiedRecord other = bob.next(TestFeed.proposal("bob's"));
        VerifiedRecord wrongPrev = alice.at(2, other.id(), TestFeed.proposal("two"));
        Snapshot before = snapshot();
        IngestResult result = ingest(wrongPrev);
        assertEquals(Status.REJECTED, result.status());
        assertEquals(RejectReason.PREV_MISMATCH, result.reason());
        assertEquals(before, snapshot());
    }

    @Test
    void forkIsKeptAsEvidenceAndTheFeedFlaggedNotMerged() {
        VerifiedRecord r1 = alice.next(TestFeed.proposal("one"));
        VerifiedRecord r2 = alice.next(TestFeed.proposal("two"));
        VerifiedRecord r2b = alice.at(2, r1.id(), TestFeed.proposal("two, other branch"));
        ingest(r1);
        ingest(r2);
        IngestResult result = ingest(r2b);
        assertEquals(Status.FORK, result.status());
        FeedHead head = store.feedHead(alice.id(), "public").orElseThrow();
        assertTrue(head.forked());
        assertEquals(r2.id(), head.id(), "the first-seen branch stays the chain");
        StoredRecord evidence = store.record(r2b.id()).orElseThrow();
        assertTrue(evidence.forkEvidence());
        assertEquals(2, store.queries().proposals(Views.ProposalFilter.ALL).size(),
                "fork evidence is not interpreted");
        assertEquals(Status.DUPLICATE, ingest(r2b).status(), "evidence is idempotent too");
        assertTrue(heard.contains("FORK:" + tail(alice) + "#2"));
    }

    @Test
    void forkBetweenTwoHeldRecordsIsFoundWhenTheGapFills() {
        VerifiedRecord r1 = alice.next(TestFeed.proposal("one"));
        VerifiedRecord r2 = alice.next(TestFeed.proposal("two"));
        VerifiedRecord r2b = alice.at(2, r1.id(), TestFeed.proposal("two, other branch"));
        assertEquals(Status.HELD, ingest(r2).status());
        assertEquals(Status.HELD, ingest(r2b).status());
        assertEquals(Status.ACCEPTED, ingest(r1).status());
        assertEquals(0, store.heldCount());
        assertTrue(store.feedHead(alice.id(), "public").orElseThrow().forked());
        assertEquals(r2.id(), store.feedHead(alice.id(), "public").orElseThrow().id());
        assertTrue(store.record(r2b.id()).orElseThrow().forkEvidence());
    }

    @Test
    void recordFarAheadOfItsFeedIsNotHeld() {
        VerifiedRecord far = alice.at(HoldQueue.MAX_SEQ_AHEAD + 2, RecordId.ofPayload(new byte[] {1}),
                TestFeed.proposal("far"));
        IngestResult result = ingest(far);
        assertEquals(Status.REJECTED, result.status());
        assertEquals(RejectReason.SEQ_GAP, result.reason());
        assertEquals(0, store.heldCount());
    }

    @Test
    void invalidBytesAreRejectedWithTheirReasonAndChangeNothing() {
        VerifiedRecord good = alice.next(TestFeed.proposal("p"));
        ingest(good);
        Snapshot before = snapshot();
        byte[] tampered = TestFeed.bytes(alice.next(TestFeed.proposal("q")));
        tampered[40] ^= 1;
        byte[] forged = RecordSigner.signRaw(bob.at(1, null, TestFeed.proposal("x")).envelope().payload(), alice.key)
                .encode();
        Map<byte[], RejectReason> cases = Map.of(
                new byte[] {1, 2, 3}, RejectReason.ENVELOPE_MALFORMED,
                new byte[0], RejectReason.ENVELOPE_MALFORMED,
                forged, RejectReason.BAD_SIGNATURE);
        for (Map.Entry<byte[], RejectReason> c : cases.entrySet()) {
            IngestResult r = store.ingest(c.getKey());
            assertEquals(Status.REJECTED, r.status());
            assertEquals(c.getValue(), r.reason());
        }
        assertEquals(Status.REJECTED, store.ingest(tampered).status());
        assertEquals(before, snapshot());
        assertEquals(1, heard.size());
    }

    @Test
    void batchReturnsOneResultPerRecordInOrder() {
        VerifiedRecord a1 = alice.next(TestFeed.proposal("a1"));
        VerifiedRecord a2 = alice.next(TestFeed.proposal("a2"));
        VerifiedRecord b1 = bob.next(TestFeed.profile("Bob"));
        List<IngestResult> results = store.ingestBatch(List.of(TestFeed.bytes(a2), new byte[] {9},
                TestFeed.bytes(b1), TestFeed.bytes(a1), TestFeed.bytes(a1)));
        assertEquals(List.of(Status.HELD, Status.REJECTED, Status.ACCEPTED, Status.ACCEPTED, Status.DUPLICATE),
                results.stream().map(IngestResult::status).toList());
        assertNull(results.get(1).id());
        assertEquals(2, store.feedHead(alice.id(), "public").orElseThrow().seq());
    }

    @Test
    void updatesAndRetractionsMustNameAnEarlierRecordOfTheSameFeed() {
        VerifiedRecord bobsProposal = bob.next(TestFeed.proposal("bob's"));
        ingest(bobsProposal);
        VerifiedRecord a1 = alice.next(TestFeed.proposal("alice's"));
        ingest(a1);
        Snapshot before = snapshot();

        IngestResult hijack = ingest(alice.at(2, a1.id(), TestFeed.update(bobsProposal.id(), "mine now",
                ProposalStatus.ABANDONED)));
        assertEquals(RejectReason.NOT_TARGET_AUTHOR, hijack.reason());

        IngestResult wrongType = ingest(alice.at(2, a1.id(), new CommitmentUpdate(a1.id(),
                CommitmentStatus.DELIVERED, null, null)));
        assertEquals(RejectReason.TARGET_WRONG_TYPE, wrongType.reason());

        IngestResult retractOthers = ingest(alice.at(2, a1.id(), new Retraction(bobsProposal.id(), null)));
        assertEquals(RejectReason.NOT_TARGET_AUTHOR, retractOthers.reason());
        IngestResult nothing = ingest(alice.at(2, a1.id(), new Retraction(RecordId.ofPayload(new byte[] {7}), null)));
        assertEquals(RejectReason.TARGET_UNKNOWN, nothing.reason());
        assertEquals(before, snapshot());

        VerifiedRecord update = alice.next(TestFeed.update(a1.id(), "renamed", ProposalStatus.FORMING));
        assertEquals(Status.ACCEPTED, ingest(update).status());
        IngestResult updateOfUpdate = ingest(alice.at(3, update.id(), TestFeed.update(update.id(), "again",
                ProposalStatus.ACTIVE)));
        assertEquals(RejectReason.TARGET_WRONG_TYPE, updateOfUpdate.reason());
        VerifiedRecord retraction = alice.next(new Retraction(update.id(), "typo"));
        assertEquals(Status.ACCEPTED, ingest(retraction).status());
        IngestResult retractRetraction = ingest(alice.at(4, retraction.id(), new Retraction(retraction.id(), null)));
        assertEquals(RejectReason.TARGET_WRONG_TYPE, retractRetraction.reason());
    }

    @Test
    void derivedTablesFollowTheWorkflow() {
        VerifiedRecord proposal = alice.next(TestFeed.proposal("engine"));
        ingest(proposal);
        String pid = proposal.id().toString();
        ingest(alice.next(TestFeed.update(proposal.id(), "engine v2", ProposalStatus.ACTIVE)));
        Views.Proposal p = store.queries().proposal(pid).orElseThrow();
        assertEquals("engine v2", p.title());
        assertEquals("active", p.status());

        VerifiedRecord commitment = bob.next(TestFeed.commitment(proposal.id()));
        ingest(commitment);
        String cid = commitment.id().toString();
        assertEquals("open", store.queries().commitment(cid).orElseThrow().status());
        ingest(bob.next(new CommitmentUpdate(commitment.id(), CommitmentStatus.RENEGOTIATED,
                java.time.LocalDate.parse("2027-02-01"), "more time")));
        assertEquals("2027-02-01", store.queries().commitment(cid).orElseThrow().due());
        VerifiedRecord delivered = bob.next(new CommitmentUpdate(commitment.id(), CommitmentStatus.DELIVERED, null,
                null));
        ingest(delivered);
        assertEquals("delivered", store.queries().commitment(cid).orElseThrow().status());
        assertEquals(List.of(cid), store.queries().commitments(pid, null, null).stream().map(Views.Commitment::id)
                .toList());

        ingest(alice.next(new Attestation(commitment.id(), bob.id(), Outcome.KEPT, "great")));
        assertEquals("kept", store.queries().attestations(cid, null, null).get(0).outcome());
        ingest(alice.next(new Comment(proposal.id(), "thanks all")));
        assertEquals(1, store.queries().comments(pid).size());

        ingest(bob.next(new Retraction(delivered.id(), "not yet")));
        assertEquals("renegotiated", store.queries().commitment(cid).orElseThrow().status(),
                "retracting an update recomputes the commitment from what remains");
        ingest(alice.next(new Retraction(proposal.id(), null)));
        assertTrue(store.queries().proposal(pid).isEmpty());
        assertTrue(store.queries().isRetracted(pid));
    }

    @Test
    void newestProfileAndVouchWin() {
        ingest(alice.next(TestFeed.profile("Alice", "java")));
        VerifiedRecord second = alice.next(TestFeed.profile("Alice L.", "rust"));
        ingest(second);
        Views.Person person = store.queries().person(alice.id().toBase58()).orElseThrow();
        assertEquals("Alice L.", person.name());
        assertEquals(List.of("rust"), person.skills());
        assertEquals(1, store.queries().peopleWithSkill("RUST").size(), "skills match ignoring case");
        assertTrue(store.queries().peopleWithSkill("java").isEmpty());
        ingest(alice.next(new org.kith.protocol.record.Vouch(bob.id(), org.kith.protocol.record.TrustLevel.SOME,
                null, null)));
        ingest(alice.next(new org.kith.protocol.record.Vouch(bob.id(), org.kith.protocol.record.TrustLevel.HIGH,
                null, null)));
        List<Views.Vouch> vouches = store.queries().vouches(alice.id().toBase58(), null);
        assertEquals(1, vouches.size());
        assertEquals("high", vouches.get(0).level());
        ingest(alice.next(new Retraction(second.id(), null)));
        assertEquals("Alice", store.queries().person(alice.id().toBase58()).orElseThrow().name(),
                "retracting the newest profile brings back the one before");
    }

    @Test
    void recordsSurviveReopening() {
        VerifiedRecord r = alice.next(TestFeed.proposal("durable"));
        ingest(r);
        store.close();
        store = SqliteRecordStore.open(dir.resolve("kith.db"), alice.id(), TestFeed.CLOCK);
        assertTrue(store.record(r.id()).isPresent());
        assertEquals(1, store.feedHead(alice.id(), "public").orElseThrow().seq());
    }
}
