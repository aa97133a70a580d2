package org.kith.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.FeedHead;
import org.kith.node.sync.SyncFeed;
import org.kith.p2p.pnet.SwarmKey;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.SwarmId;

/**
 * Five nodes of one swarm on 127.0.0.1, connected as a tree (not a full mesh: 0–1, 1–2, 1–3,
 * 3–4, so most pairs only hear each other through relays), all writing concurrently a few dozen
 * records of every type while connected. Every store ends with the same record ids per feed:
 * live gossip plus catch-up (triggered by records that overtook their predecessors) lose nothing.
 * Run for the public swarm and for a private (pnet) swarm.
 */
class ReplicationConvergenceIT {

    static final int RECORDS_PER_NODE = 36;

    @TempDir
    Path tmp;
    Cluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "{0} swarm")
    @ValueSource(strings = {"public", "private"})
    void fiveNodesInASparseGraphWritingConcurrentlyConvergeToIdenticalRecordSets(String kind) throws Exception {
        if (kind.equals("public")) {
            cluster = new Cluster(tmp, SwarmId.PUBLIC, SwarmId.PUBLIC, null);
        } else {
            byte[] psk = SyncFeed.sha256("kith-replication/garden-key");
            cluster = new Cluster(tmp, "garden", SwarmId.fromKey(psk), SwarmKey.of(psk));
        }
        List<Cluster.Member> m = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            m.add(cluster.add("n" + i));
        }
        int[][] edges = {{0, 1}, {1, 2}, {1, 3}, {3, 4}};
        for (int[] e : edges) {
            m.get(e[0]).connect(m.get(e[1]));
        }
        for (Cluster.Member x : m) {
            long degree = java.util.Arrays.stream(edges).filter(e -> m.get(e[0]) == x || m.get(e[1]) == x).count();
            Cluster.await("gossip mesh at " + x.name, () -> x.host.gossip().meshPeers(x.host.topic()).size() == degree);
            assertTrue(x.host.host().connectedPeers().size() == degree, "sparse graph: " + x.name + " has "
                    + x.host.host().connectedPeers().size() + " connections");
        }

        List<RecordId> anyRecords = new CopyOnWriteArrayList<>();
        List<Map.Entry<RecordId, PeerId>> anyCommitments = new CopyOnWriteArrayList<>();
        List<PeerId> people = m.stream().map(Cluster.Member::peerId).toList();
        ExecutorService writers = Executors.newFixedThreadPool(5);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < 5; n++) {
                Cluster.Member x = m.get(n);
                Random random = new Random(n);
                done.add(writers.submit(() -> {
                    for (int i = 0; i < RECORDS_PER_NODE; i++) {
                        RecordId id = x.writeVaried(i, random, anyRecords, anyCommitments, people);
                        anyRecords.add(id);
                        if (!x.commitments.isEmpty()) {
                            anyCommitments.add(Map.entry(x.commitments.get(x.commitments.size() - 1), x.peerId()));
                        }
                        if (i % 6 == 5) {
                            Thread.yield(); // let gossip interleave with writing
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }

        Map<String, List<String>> converged = Cluster.awaitConverged(m, 5L * RECORDS_PER_NODE);
        assertEquals(5, converged.size(), "one feed per writer: " + converged.keySet());
        for (Cluster.Member x : m) {
            List<String> expected = new ArrayList<>(x.written.stream().map(RecordId::toString).toList());
            Collections.sort(expected);
            assertEquals(expected, converged.get(x.peerId().toBase58() + "/" + cluster.swarmId),
                    "the feed of " + x.name + " everywhere is exactly what it wrote");
            for (FeedHead h : x.store().feeds()) {
                assertEquals(RECORDS_PER_NODE, h.seq(), "contiguous feed " + h + " on " + x.name);
                assertFalse(h.forked(), "no fork on " + x.name);
                assertEquals(cluster.swarmId, h.swarm());
            }
            assertEquals(0, x.store().heldCount(), "nothing left held on " + x.name);
            // derived tables agree too (a function of the records only)
            assertEquals(m.get(0).store().queries().counts(), x.store().queries().counts(), "derived counts on " + x.name);
        }
    }
}
