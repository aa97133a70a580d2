package org.kith.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.IngestResult.Status;
import org.kith.protocol.record.Attestation;
import org.kith.protocol.record.Commitment;
import org.kith.protocol.record.CommitmentStatus;
import org.kith.protocol.record.CommitmentUpdate;
import org.kith.protocol.record.Comment;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RejectReason;
import org.kith.protocol.record.VerifiedRecord;

/** The ingest door's workflow rules: references to other feeds, lifecycles and due dates. */
class WorkflowIngestTest {

    @TempDir
    Path dir;

    private SqliteRecordStore store;
    private final TestFeed alice = new TestFeed(1);
    private final TestFeed bob = new TestFeed(2);
    private final TestFeed carol = new TestFeed(3);
    private final List<String> heard = new ArrayList<>();

    @BeforeEach
    void open() {
        store = SqliteRecordStore.open(dir.resolve("kith.db"), alice.id(), TestFeed.CLOCK);
        store.addListener((r, status) -> heard.add(status + ":" + r.id()));
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

    private void accepted(VerifiedRecord r) {
        IngestResult result = ingest(r);
        assertEquals(Status.ACCEPTED, result.status(), result::toString);
    }

    private void refused(VerifiedRecord r, RejectReason reason) {
        Snapshot before = snapshot();
        int heardBefore = heard.size();
        IngestResult result = ingest(r);
        assertEquals(Status.REJECTED, result.status(), result::toString);
        assertEquals(reason, result.reason(), result::toString);
        assertEquals(before, snapshot(), "a refused record changes nothing");
        assertEquals(heardBefore, heard.size());
        assertFalse(store.record(r.id()).isPresent());
    }

    @Test
    void anAttestationWaitsForItsCommitmentAndTheFeedBehindItWaitsToo() {
        VerifiedRecord proposal = alice.next(TestFeed.proposal("beds"));
        VerifiedRecord commitment = bob.next(TestFeed.commitment(proposal.id()));
        VerifiedRecord attestation = alice.next(new Attestation(commitment.id(), bob.id(), Outcome.KEPT, "thanks"));
        VerifiedRecord after = alice.next(new Comment(proposal.id(), "next"));
        accepted(proposal);

        assertEquals(Status.HELD, ingest(attestation).status());
        assertEquals(Status.HELD, ingest(after).status());
        assertFalse(store.record(attestation.id()).isPresent(), "held, not stored");
        assertEquals(Status.DUPLICATE, ingest(attestation).status(), "a held record is known");
        assertEquals(2, store.heldCount());

        accepted(commitment); // releases the attestation, which releases the record after it
        assertEquals(0, store.heldCount());
        assertTrue(store.record(attestation.id()).isPresent());
        assertEquals(3, store.feedHead(alice.id(), "public").orElseThrow().seq());
        assertEquals(List.of("ACCEPTED:" + proposal.id(), "ACCEPTED:" + commitment.id(),
                "ACCEPTED:" + attestation.id(), "ACCEPTED:" + after.id()), heard);
        assertEquals("kept", store.queries().attestations(commitment.id().toString(), null, null).get(0).outcome());
    }

    @Test
    void aCommitmentWaitsForItsProposalAcrossFeeds() {
        VerifiedRecord proposal = alice.next(TestFeed.proposal("beds"));
        VerifiedRecord commitment = bob.next(TestFeed.commitment(proposal.id()));
        VerifiedRecord attestation = carol.next(new Attestation(commitment.id(), bob.id(), Outcome.KEPT, null));
        assertEquals(Status.HELD, ingest(attestation).status());
        assertEquals(Status.HELD, ingest(commitment).status());
        accepted(proposal); // a chain of releases across three feeds
        assertEquals(0, store.heldCount());
        assertTrue(store.record(attestation.id()).isPresent());
    }

    @Test
    void attestationsAboutSomeoneElsesOrTheWrongRecordAreRefused() {
        VerifiedRecord proposal = alice.next(TestFeed.proposal("beds"));
        VerifiedRecord commitment = bob.next(TestFeed.commitment(proposal.id()));
        accepted(proposal);
        accepted(commitment);
        refused(alice.at(2, proposal.id(), new Attestation(commitment.id(), carol.id(), Outcome.NOT_KEPT,
                "blaming carol")), RejectReason.COMMITTER_MISMATCH);
        refused(alice.at(2, proposal.id(), new Attestation(proposal.id(), bob.id(), Outcome.KEPT, null)),
                RejectReason.TARGET_WRONG_TYPE);

        TestFeed aliceElsewhere = new TestFeed(1, "bbbbbbbbbbbbbbbb");
        refused(aliceElsewhere.at(1, null, new Attestation(commitment.id(), bob.id(), Outcome.KEPT, null)),
                RejectReason.TARGET_OTHER_SWARM);
        refused(aliceElsewhere.at(1, null, TestFeed.commitment(proposal.id())), RejectReason.TARGET_OTHER_SWARM);
        refused(carol.at(1, null, TestFeed.commitment(commitment.id())), RejectReason.TARGET_WRONG_TYPE);
    }

    @Test
    void aCommitmentMustNameAnOriginalProposal() {
        VerifiedRecord proposal = alice.next(TestFeed.proposal("beds"));
        VerifiedRecord update = alice.next(TestFeed.update(proposal.id(), "beds v2", ProposalStatus.FORMING));
        accepted(proposal);
        accepted(update);
        refused(bob.at(1, null, TestFeed.commitment(update.id())), RejectReason.TARGET_WRONG_TYPE);
    }

    @Test
    void onlyTheAuthorMayUpdateAProposalOrACommitment() {
        VerifiedRecord proposal = alice.next(TestFeed.proposal("beds"));
        VerifiedRecord commitment = bob.next(TestFeed.commitment(proposal.id()));
        accepted(proposal);
        accepted(commitment);
        refused(carol.at(1, null, TestFeed.update(proposal.id(), "taken over", ProposalStatus.ABANDONED)),
                RejectReason.NOT_TARGET_AUTHOR);
        refused(alice.at(2, proposal.id(), new CommitmentUpdate(commitment.id(), CommitmentStatus.WITHDRAWN, null,
                null)), RejectReason.NOT_TARGET_AUTHOR);
    }

    @Test
    void proposalStatusFollowsItsLifecycle() {
        VerifiedRecord proposal = alice.next(TestFeed.proposal("beds"));
        accepted(proposal);
        RecordId id = proposal.id();
        refused(alice.at(2, proposal.id(), TestFeed.update(id, "done?", ProposalStatus.COMPLETED)),
                RejectReason.TRANSITION_NOT_ALLOWED);
        accepted(alice.next(TestFeed.update(id, "forming", ProposalStatus.FORMING)));
        accepted(alice.next(TestFeed.update(id, "back to open", ProposalStatus.OPEN)));
        accepted(alice.next(TestFeed.update(id, "started", ProposalStatus.ACTIVE)));
        refused(alice.at(alice.seq + 1, alice.prev, TestFeed.update(id, "reopened", ProposalStatus.OPEN)),
                RejectReason.TRANSITION_NOT_ALLOWED);
        accepted(alice.next(TestFeed.update(id, "renamed while active", ProposalStatus.ACTIVE)));
        accepted(alice.next(TestFeed.update(id, "done", ProposalStatus.COMPLETED)));
        for (ProposalStatus s : List.of(ProposalStatus.OPEN, ProposalStatus.FORMING, ProposalStatus.ACTIVE,
                ProposalStatus.ABANDONED)) {
            refused(alice.at(alice.seq + 1, alice.prev, TestFeed.update(id, "after the end", s)),
                    RejectReason.TRANSITION_NOT_ALLOWED);
        }
        accepted(alice.next(TestFeed.update(id, "typo fixed after completion", ProposalStatus.COMPLETED)));
        assertEquals("completed", store.queries().proposal(id.toString()).orElseThrow().status());

        Proposal gathering = new Proposal(ProposalKind.GATHERING, "picnic", "bring food", null, List.of(),
                new Proposal.When("2027-06-01", null, "the park"), List.of(), ProposalStatus.OPEN, id);
        refused(alice.at(alice.seq + 1, alice.prev, gathering), RejectReason.TRANSITION_NOT_ALLOWED);
    }

    @Test
    void commitmentStatusFollowsItsLifecycle() {
        VerifiedRecord proposal = alice.next(TestFeed.proposal("beds"));
        VerifiedRecord commitment = bob.next(TestFeed.commitment(proposal.id()));
        accepted(proposal);
        accepted(commitment);
        RecordId id = commitment.id();
        accepted(bob.next(new CommitmentUpdate(id, CommitmentStatus.RENEGOTIATED, LocalDate.parse("2027-03-01"),
                "more time")));
        accepted(bob.next(new CommitmentUpdate(id, CommitmentStatus.RENEGOTIATED, LocalDate.parse("2027-04-01"),
                "and more")));
        accepted(bob.next(new CommitmentUpdate(id, CommitmentStatus.DELIVERED, null, "done")));
        accepted(bob.next(new CommitmentUpdate(id, CommitmentStatus.DELIVERED, null, "link to the result")));
        for (CommitmentStatus s : List.of(CommitmentStatus.WITHDRAWN, CommitmentStatus.RENEGOTIATED)) {
            LocalDate due = s == CommitmentStatus.RENEGOTIATED ? LocalDate.parse("2027-05-01") : null;
            refused(bob.at(bob.seq + 1, bob.prev, new CommitmentUpdate(id, s, due, null)),
                    RejectReason.TRANSITION_NOT_ALLOWED);
        }
        assertEquals("delivered", store.queries().commitment(id.toString()).orElseThrow().status());
    }

    @Test
    void dueDatesMustBeNearTheDayTheRecordWasMade() {
        // TestFeed signs at 2026-11-23T12:00Z.
        VerifiedRecord proposal = alice.next(TestFeed.proposal("beds"));
        accepted(proposal);
        for (String bad : List.of("2026-11-21", "2000-01-01", "2031-11-24", "2199-12-31")) {
            refused(bob.at(1, null, new Commitment(proposal.id(), null, "x", LocalDate.parse(bad), null)),
                    RejectReason.DATE_OUT_OF_RANGE);
        }
        VerifiedRecord yesterday = bob.next(new Commitment(proposal.id(), null, "x", LocalDate.parse("2026-11-22"),
                null));
        accepted(yesterday); // one day of slack for time zones
        refused(bob.at(2, yesterday.id(), new CommitmentUpdate(yesterday.id(), CommitmentStatus.RENEGOTIATED,
                LocalDate.parse("2026-01-01"), null)), RejectReason.DATE_OUT_OF_RANGE);
        accepted(bob.next(new CommitmentUpdate(yesterday.id(), CommitmentStatus.RENEGOTIATED,
                LocalDate.parse("2031-11-23"), "five years, the longest allowed")));
    }

    @Test
    void aCommentMayNameARecordThisNodeDoesNotHave() {
        accepted(alice.next(new Comment(RecordId.ofPayload(new byte[] {1}), "about something elsewhere")));
    }

    @Test
    void recordsWaitingForOtherFeedsAreBounded() {
        HoldQueue hold = new HoldQueue();
        RecordId missing = RecordId.ofPayload(new byte[] {9});
        for (int i = 0; i < HoldQueue.MAX_WAITING_ON_TARGETS; i++) {
            assertEquals(null, hold.offerWaiting(alice.at(i + 2, missing, new Attestation(missing, bob.id(),
                    Outcome.KEPT, null)), missing));
        }
        VerifiedRecord oneMore = alice.at(1, null, new Attestation(missing, bob.id(), Outcome.KEPT, null));
        assertEquals("hold queue full", hold.offerWaiting(oneMore, missing));
        assertEquals(HoldQueue.MAX_WAITING_ON_TARGETS, hold.takeWaitingOn(missing).size());
        assertEquals(0, hold.size());
        assertEquals(null, hold.offerWaiting(oneMore, missing), "room again once released");
    }
}
