package org.kith.node.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.node.store.IngestResult;
import org.kith.node.store.SqliteRecordStore;
import org.kith.protocol.record.Attestation;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.RecordBody;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.Retraction;
import org.kith.protocol.record.TrustLevel;
import org.kith.protocol.record.VerifiedRecord;
import org.kith.protocol.record.Vouch;
import org.kith.node.trust.StoreTrustGraphTest.Feed;

/**
 * A running node's trust ({@link LiveTrust}) stays equal to a full load and recompute from the store
 * after every record of seeded random histories: vouches at every level and their retractions,
 * proposals, commitments, attestations by participants and outsiders and their retractions,
 * retracted commitments, and a fork.
 */
class LiveTrustTest {

    private static final double EPS = 1e-8;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void followsTheStoreRecordByRecord(long seed) {
        Random rnd = new Random(seed);
        List<Feed> people = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            people.add(new Feed(i));
        }
        Feed user = people.get(0);
        String me = user.id();
        try (SqliteRecordStore store = SqliteRecordStore.open(tmp.resolve("kith-" + seed + ".db"), user.key.peerId(),
                StoreTrustGraphTest.CLOCK)) {
            LiveTrust live = LiveTrust.follow(store, me, new TrustEngine(), Runnable::run);
            List<RecordId> proposals = new ArrayList<>();
            List<VerifiedRecord> commitments = new ArrayList<>();
            List<VerifiedRecord> retractable = new ArrayList<>();
            boolean forked = false;
            int steps = 0;
            while (steps < 150) {
                Feed who = people.get(rnd.nextInt(people.size()));
                RecordBody body;
                int kind = rnd.nextInt(10);
                if (kind < 3 || proposals.isEmpty()) {
                    Feed subject = people.get(rnd.nextInt(people.size()));
                    if (subject == who) {
                        continue;
                    }
                    TrustLevel level = TrustLevel.values()[rnd.nextInt(TrustLevel.values().length)];
                    body = kind == 0 && proposals.isEmpty() ? StoreTrustGraphTest.proposal("p" + steps)
                            : new Vouch(subject.key.peerId(), level, null, null);
                } else if (kind == 3) {
                    body = StoreTrustGraphTest.proposal("p" + steps);
                } else if (kind <= 5) {
                    body = StoreTrustGraphTest.commitment(proposals.get(rnd.nextInt(proposals.size())), "c" + steps);
                } else if (kind <= 7 && !commitments.isEmpty()) {
                    VerifiedRecord c = commitments.get(rnd.nextInt(commitments.size()));
                    if (c.author().equals(who.key.peerId())) {
                        continue;
                    }
                    body = new Attestation(c.id(), c.author(), Outcome.values()[rnd.nextInt(3)], null);
                } else if (kind == 8 && !retractable.isEmpty()) {
                    VerifiedRecord target = retractable.get(rnd.nextInt(retractable.size()));
                    who = people.stream().filter(f -> f.key.peerId().equals(target.author())).findFirst()
                            .orElseThrow();
                    if (store.queries().isRetracted(target.id().toString())) {
                        continue;
                    }
                    body = new Retraction(target.id(), null);
                } else if (kind == 9 && !forked && steps > 50) {
                    Feed liar = people.get(1 + rnd.nextInt(people.size() - 1));
                    if (store.feedHead(liar.key.peerId(), "public").isEmpty()) {
                        continue;
                    }
                    VerifiedRecord evidence = liar.at(0, Profile.named("the other first record"));
                    assertEquals(IngestResult.Status.FORK, store.ingest(evidence).status());
                    forked = true;
                    assertSame(live, store, me, "after a fork");
                    steps++;
                    continue;
                } else {
                    continue;
                }
                VerifiedRecord r = who.next(body);
                IngestResult result = store.ingest(r);
                assertEquals(IngestResult.Status.ACCEPTED, result.status(), result::toString);
                if (body instanceof org.kith.protocol.record.Proposal) {
                    proposals.add(r.id());
                } else if (body instanceof org.kith.protocol.record.Commitment) {
                    commitments.add(r);
                }
                if (body instanceof Vouch || body instanceof Attestation
                        || body instanceof org.kith.protocol.record.Commitment) {
                    retractable.add(r);
                }
                assertSame(live, store, me, "after step " + steps + " (" + body.getClass().getSimpleName() + ")");
                steps++;
            }
            assertTrue(live.incrementalUpdates() > 40, () -> "mostly incremental: " + live.incrementalUpdates());
            assertTrue(live.reloads() < live.incrementalUpdates(), () -> "reloads " + live.reloads());
        }
    }

    private static void assertSame(LiveTrust live, SqliteRecordStore store, String me, String when) {
        TrustResult full = PersonalTrust.compute(store.queries(), me).result();
        TrustResult got = live.result();
        for (String p : full.graph().people()) {
            assertEquals(full.trust(p), got.trust(p), EPS, () -> "trust of " + p + " " + when);
            assertEquals(full.reliability(p).expected(), got.reliability(p).expected(), EPS,
                    () -> "reliability of " + p + " " + when);
        }
    }
}
