package org.kith.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.FeedHead;
import org.kith.node.sync.SyncFeed;
import org.kith.node.sync.SyncLimits;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.Comment;
import org.kith.protocol.record.PayloadCodec;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordPayload;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.SwarmId;
import org.kith.protocol.record.VerifiedRecord;

/**
 * A misbehaving node among three honest ones (h0–h1–h2 in a line, the liar connected to h0 and
 * h1). With its own gossip validator removed it publishes on the swarm's topic, and it speaks
 * the sync protocol by hand: forged records (bad signatures, another author's feed signed with
 * its key), a fork of its own feed (one slot twice, by gossip and by sync), replays of old
 * records, records of another swarm, and a flood of invalid messages. No honest store holds any
 * invalid record; the fork is kept as evidence and the liar's feed flagged on every honest node;
 * honest records written during the flood still reach every honest node.
 */
class ReplicationMisbehaviourIT {

    @TempDir
    Path tmp;
    Cluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static byte[] flipped(byte[] envelope) {
        byte[] f = envelope.clone();
        f[f.length - 1] ^= 1;
        return f;
    }

    private static void publishRaw(Cluster.Member m, byte[] data) throws Exception {
        m.host.gossip().publish(m.host.topic(), data).handle((v, e) -> null).get(10, TimeUnit.SECONDS);
    }

    @Test
    void invalidRecordsAreStoredNowhereTheForkIsFlaggedEverywhereAndHonestRecordsStillFlow() throws Exception {
        cluster = new Cluster(tmp, SwarmId.PUBLIC, SwarmId.PUBLIC, null);
        Cluster.Member h0 = cluster.add("h0");
        Cluster.Member h1 = cluster.add("h1");
        Cluster.Member h2 = cluster.add("h2");
        Cluster.Member liar = cluster.add("liar");
        h0.link(h1);
        h1.link(h2);
        liar.link(h0);
        liar.link(h1);
        List<Cluster.Member> honest = List.of(h0, h1, h2);
        for (Cluster.Member x : List.of(h0, h1, h2, liar)) {
            x.write(Profile.named("Member " + x.name));
            x.write(new Comment(x.written.get(0), "hello from " + x.name));
        }
        RecordId liar3 = liar.write(new Comment(liar.written.get(1), "liar's third, honest so far"));
        Cluster.awaitConverged(List.of(h0, h1, h2, liar), 9);
        Set<String> allowed = new HashSet<>();
        for (Cluster.Member x : List.of(h0, h1, h2, liar)) {
            x.written.forEach(id -> allowed.add(id.toString()));
        }

        // From here on the liar's node forwards anything it is given.
        liar.host.gossip().setValidator(liar.host.topic(), null);
        RecordSigner liarSigner = new RecordSigner(Cluster.keyOf("liar"), Cluster.CLOCK);
        List<String> invalidIds = new ArrayList<>();

        // 1. A fork by sync to h0 only: another record for the liar's seq 3. Kept as evidence, acknowledged.
        VerifiedRecord fork3 = liarSigner.sign(SwarmId.PUBLIC, 3, liar.written.get(1),
                new Comment(liar.written.get(1), "the other seq 3"));
        assertEquals(RawSync.Outcome.ACKED, RawSync.session(liar.host.host(), h0.peerId(), SwarmId.PUBLIC,
                List.of(fork3.envelope().encode())));
        Cluster.await("h0 keeps the sync fork as evidence", () -> h0.store().record(fork3.id()).isPresent());

        // 2. A fork by gossip: another record for the liar's seq 2.
        VerifiedRecord fork2 = liarSigner.sign(SwarmId.PUBLIC, 2, liar.written.get(0),
                new Comment(liar.written.get(0), "the other seq 2"));
        publishRaw(liar, fork2.envelope().encode());
        allowed.add(fork2.id().toString());

        // 3. Replays of old records (the liar's own and an honest one), as new gossip messages.
        publishRaw(liar, h0.store().record(liar.written.get(0)).orElseThrow().envelope());
        publishRaw(liar, h0.store().record(h2.written.get(1)).orElseThrow().envelope());

        // 4. Forged: a victim's record with a flipped signature bit; h2's next record signed by the liar.
        SyncFeed victim = new SyncFeed("victim", SwarmId.PUBLIC);
        List<byte[]> forgedVictim = new ArrayList<>();
        for (byte[] r : victim.next(SyncLimits.MAX_REJECTED_PER_SESSION + 4)) {
            forgedVictim.add(flipped(r));
        }
        publishRaw(liar, forgedVictim.get(0));
        FeedHead h2Head = h0.store().feedHead(h2.peerId(), SwarmId.PUBLIC).orElseThrow();
        byte[] impersonation = RecordSigner.signRaw(PayloadCodec.write(new RecordPayload(new Comment(h2Head.id(), "x").typeName(), h2.peerId(),
                SwarmId.PUBLIC, h2Head.seq() + 1, h2Head.id(), Cluster.CLOCK.millis(),
                new Comment(h2Head.id(), "h2 did not write this"))), Cluster.keyOf("liar")).encode();
        publishRaw(liar, impersonation);

        // 5. Another swarm's records, validly signed (by the liar, and by someone else).
        VerifiedRecord foreign = liarSigner.sign(SyncFeed.OTHER_SWARM, 1, null, Profile.named("elsewhere"));
        publishRaw(liar, foreign.envelope().encode());
        List<byte[]> foreignFeed = new SyncFeed("foreign", SyncFeed.OTHER_SWARM).next(3);
        publishRaw(liar, foreignFeed.get(0));

        // 6. The same by raw sync: each session is reset and stores nothing.
        assertEquals(RawSync.Outcome.CLOSED, RawSync.session(liar.host.host(), h1.peerId(), SwarmId.PUBLIC,
                forgedVictim));
        assertEquals(RawSync.Outcome.CLOSED, RawSync.session(liar.host.host(), h0.peerId(), SwarmId.PUBLIC,
                foreignFeed));
        List<byte[]> mixed = new ArrayList<>(List.of(impersonation));
        mixed.addAll(forgedVictim);
        assertEquals(RawSync.Outcome.CLOSED, RawSync.session(liar.host.host(), h0.peerId(), SwarmId.PUBLIC, mixed));

        // 7. A flood of invalid messages while honest nodes at both ends keep writing.
        CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
            SyncFeed junk = new SyncFeed("junk", SwarmId.PUBLIC);
            for (int i = 0; i < 1500; i++) {
                byte[] bad = flipped(junk.next());
                liar.host.gossip().publish(liar.host.topic(), bad);
            }
        });
        for (int i = 0; i < 10; i++) {
            allowed.add(h0.write(new Comment(h0.written.get(0), "h0 during the flood " + i)).toString());
            allowed.add(h2.write(new Comment(h2.written.get(0), "h2 during the flood " + i)).toString());
        }
        flood.get(60, TimeUnit.SECONDS);
        RecordId last = h2.write(Profile.named("h2 after the flood"));
        allowed.add(last.toString());

        // Honest records reached every honest node; the fork is flagged everywhere.
        PeerId liarId = liar.peerId();
        Cluster.await("honest records and the fork on every honest node", () -> honest.stream().allMatch(x ->
                x.store().record(last).isPresent()
                        && h0.written.stream().allMatch(id -> x.store().record(id).isPresent())
                        && h2.written.stream().allMatch(id -> x.store().record(id).isPresent())
                        && x.store().record(fork2.id()).isPresent()
                        && x.store().feedHead(liarId, SwarmId.PUBLIC).map(FeedHead::forked).orElse(false)));

        invalidIds.add(foreign.id().toString());
        for (Cluster.Member x : honest) {
            Set<String> stored = new HashSet<>();
            x.store().forEachRecord(r -> stored.add(r.id().toString()));
            Set<String> unexpected = new HashSet<>(stored);
            unexpected.removeAll(allowed);
            if (x == h0) {
                assertTrue(unexpected.remove(fork3.id().toString()), "h0 keeps the fork it got by sync");
            } else {
                unexpected.remove(fork3.id().toString()); // may have learnt it from h0's fork proof
            }
            assertEquals(Set.of(), unexpected, "records on " + x.name + " no honest author or fork explains");
            assertTrue(allowed.stream().allMatch(stored::contains), x.name + " lacks records");
            assertTrue(x.store().feeds(SyncFeed.OTHER_SWARM).isEmpty(), "another swarm's feed on " + x.name);
            assertTrue(x.store().feedHead(victim.author(), SwarmId.PUBLIC).isEmpty(), "forged feed on " + x.name);
            FeedHead liarHead = x.store().feedHead(liarId, SwarmId.PUBLIC).orElseThrow();
            assertTrue(liarHead.forked(), "liar's feed flagged on " + x.name);
            assertEquals(liar3, liarHead.id(), "the first-seen branch stays the chain on " + x.name);
            assertTrue(x.store().record(fork2.id()).orElseThrow().forkEvidence(), "evidence, not chain");
            FeedHead h2Feed = x.store().feedHead(h2.peerId(), SwarmId.PUBLIC).orElseThrow();
            assertEquals(h2.written.size(), h2Feed.seq(), "h2's feed is h2's own on " + x.name);
            assertTrue(!h2Feed.forked(), "the impersonation did not fork h2's feed on " + x.name);
            for (FeedHead h : x.store().feeds()) {
                assertEquals(h.author().equals(liarId.toBase58()), h.forked(), "only the liar is flagged: " + h);
            }
            assertEquals(0, x.store().heldCount(), "nothing held on " + x.name);
        }
        assertTrue(invalidIds.stream().noneMatch(id -> honest.stream()
                .anyMatch(x -> x.store().record(RecordId.parse(id)).isPresent())));
    }
}
