package org.kith.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.protocol.record.Attestation;
import org.kith.protocol.record.Comment;
import org.kith.protocol.record.CommitmentStatus;
import org.kith.protocol.record.CommitmentUpdate;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.Retraction;
import org.kith.protocol.record.TrustLevel;
import org.kith.protocol.record.VerifiedRecord;
import org.kith.protocol.record.Vouch;

/** Derived tables are a function of the records alone: any arrival order, or a rebuild, gives the same rows. */
class RebuildDerivedTest {

    @TempDir
    Path dir;

    /** A small world: four people proposing, committing, attesting, vouching, retracting. */
    private static List<VerifiedRecord> world() {
        TestFeed[] people = {new TestFeed(11), new TestFeed(12), new TestFeed(13), new TestFeed(14)};
        List<VerifiedRecord> out = new ArrayList<>();
        for (int i = 0; i < people.length; i++) {
            out.add(people[i].next(TestFeed.profile("person " + i, "skill" + i, "shared")));
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < people.length; i++) {
                TestFeed me = people[i];
                TestFeed next = people[(i + 1) % people.length];
                VerifiedRecord proposal = me.next(TestFeed.proposal("p" + round + "-" + i));
                out.add(proposal);
                out.add(me.next(TestFeed.update(proposal.id(), "p" + round + "-" + i + " v2", ProposalStatus.ACTIVE)));
                VerifiedRecord commitment = next.next(TestFeed.commitment(proposal.id()));
                out.add(commitment);
                VerifiedRecord delivered = next.next(new CommitmentUpdate(commitment.id(), CommitmentStatus.DELIVERED,
                        null, "done"));
                out.add(delivered);
                out.add(me.next(new Attestation(commitment.id(), next.id(), round == 1 ? Outcome.NOT_KEPT
                        : Outcome.KEPT, null)));
                out.add(me.next(new Vouch(next.id(), round == 2 ? TrustLevel.HIGH : TrustLevel.SOME, null, null)));
                out.add(next.next(new Comment(proposal.id(), "comment " + round)));
                if (round == 1) {
                    out.add(next.next(new Retraction(delivered.id(), "not really")));
                    out.add(next.next(new CommitmentUpdate(commitment.id(), CommitmentStatus.RENEGOTIATED,
                            LocalDate.parse("2027-03-01"), null)));
                }
                if (round == 2 && i == 0) {
                    out.add(me.next(new Retraction(proposal.id(), null)));
                }
            }
        }
        out.add(people[0].next(TestFeed.profile("person 0, renamed", "skill0")));
        return out;
    }

    private Snapshot derived(Path db) {
        return Snapshot.of(db, DerivedTables.TABLES);
    }

    @Test
    void anyArrivalOrderAndARebuildGiveTheSameDerivedTables() {
        List<VerifiedRecord> world = world();
        Path ordered = dir.resolve("ordered.db");
        try (SqliteRecordStore store = SqliteRecordStore.open(ordered, new TestFeed(11).id(), TestFeed.CLOCK)) {
            for (VerifiedRecord r : world) {
                assertEquals(IngestResult.Status.ACCEPTED, store.ingest(r).status());
            }
        }
        Snapshot expected = derived(ordered);
        assertTrue(expected.tables().get("proposals").size() >= 10);

        for (long seed = 1; seed <= 3; seed++) {
            List<VerifiedRecord> shuffled = new ArrayList<>(world);
            Collections.shuffle(shuffled, new Random(seed));
            Path db = dir.resolve("shuffled-" + seed + ".db");
            try (SqliteRecordStore store = SqliteRecordStore.open(db, new TestFeed(11).id(), TestFeed.CLOCK)) {
                for (VerifiedRecord r : shuffled) {
                    store.ingest(r);
                }
                assertEquals(0, store.heldCount(), "every gap filled in the end");
            }
            assertEquals(expected, derived(db), "arrival order " + seed);
        }

        try (SqliteRecordStore store = SqliteRecordStore.open(ordered, new TestFeed(11).id(), TestFeed.CLOCK)) {
            store.rebuildDerived();
        }
        assertEquals(expected, derived(ordered), "rebuild from raw records");
    }

    @Test
    void rebuildRestoresFeedHeadsAndForksFromTheRecords() {
        Path db = dir.resolve("forked.db");
        TestFeed mallory = new TestFeed(21);
        VerifiedRecord m1 = mallory.next(TestFeed.proposal("one"));
        VerifiedRecord m2 = mallory.next(TestFeed.proposal("two"));
        VerifiedRecord m2b = mallory.at(2, m1.id(), TestFeed.proposal("two, other branch"));
        try (SqliteRecordStore store = SqliteRecordStore.open(db, new TestFeed(11).id(), TestFeed.CLOCK)) {
            for (VerifiedRecord r : world()) {
                store.ingest(r);
            }
            store.ingest(m1);
            store.ingest(m2);
            assertEquals(IngestResult.Status.FORK, store.ingest(m2b).status());
        }
        List<String> tables = new ArrayList<>(List.of("feeds", "forks"));
        tables.addAll(DerivedTables.TABLES);
        Snapshot before = Snapshot.of(db, tables);
        assertEquals(1, before.tables().get("forks").size());
        try (SqliteRecordStore store = SqliteRecordStore.open(db, new TestFeed(11).id(), TestFeed.CLOCK)) {
            store.rebuildDerived();
            assertTrue(store.feedHead(mallory.id(), "public").orElseThrow().forked());
        }
        assertEquals(before, Snapshot.of(db, tables));
    }
}
