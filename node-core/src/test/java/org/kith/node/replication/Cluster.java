package org.kith.node.replication;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.kith.node.KithHome;
import org.kith.node.KithNode;
import org.kith.node.net.SwarmHost;
import org.kith.node.store.FeedHead;
import org.kith.node.store.RecordStore;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.pnet.SwarmKey;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.Attestation;
import org.kith.protocol.record.Comment;
import org.kith.protocol.record.Commitment;
import org.kith.protocol.record.CommitmentStatus;
import org.kith.protocol.record.CommitmentUpdate;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordBody;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.Retraction;
import org.kith.protocol.record.TrustLevel;
import org.kith.protocol.record.Vouch;

/**
 * Nodes of one swarm in this JVM for the replication ITs: each a {@link KithNode} (real SQLite
 * store in a temporary directory) and a {@link SwarmHost} on 127.0.0.1 (real TCP, Noise, Yamux,
 * gossipsub, catch-up sync). A member's own records are published on the swarm's topic as soon
 * as they are stored, as {@code kith run} does.
 */
final class Cluster implements AutoCloseable {

    static final Clock CLOCK = Clock.systemUTC();
    static final Duration DEADLINE = Duration.ofSeconds(60);

    final Path dir;
    final String swarmName;
    final String swarmId;
    final SwarmKey key;
    final List<Member> members = new ArrayList<>();
    /** The hosts' periodic catch-up; the production default unless a test sets it. */
    Duration resync = SwarmHost.RESYNC_INTERVAL;

    Cluster(Path dir, String swarmName, String swarmId, SwarmKey key) {
        this.dir = dir;
        this.swarmName = swarmName;
        this.swarmId = swarmId;
        this.key = key;
    }

    final class Member {
        final String name;
        /** The key pair of the open node (closing a node destroys it; reopening makes it anew). */
        Ed25519KeyPair identity;
        KithNode node;
        SwarmHost host;
        /** Ids this member signed, in order. */
        final List<RecordId> written = new ArrayList<>();
        final List<RecordId> proposals = new ArrayList<>();
        final List<RecordId> commitments = new ArrayList<>();
        final List<RecordId> comments = new ArrayList<>();

        Member(String name, Ed25519KeyPair identity) {
            this.name = name;
            this.identity = identity;
            this.peerId = identity.peerId();
        }

        private final PeerId peerId;

        PeerId peerId() {
            return peerId;
        }

        RecordStore store() {
            return node.store();
        }

        Multiaddr addr() {
            return host.host().listenAddrs().get(0).withPeerId(peerId());
        }

        /** Opens the node's store (again) from its directory. */
        void open() throws Exception {
            identity = keyOf(name);
            node = KithNode.open(new KithHome(dir.resolve(name)), identity.peerId(), identity, CLOCK);
            node.onPublished(r -> {
                SwarmHost h = host;
                if (h != null) {
                    h.publish(r).exceptionally(e -> null); // no peers yet, stopped: catch-up carries it
                }
            });
        }

        /** Starts a fresh host on the node's store. */
        void startHost() throws Exception {
            host = new SwarmHost(new SwarmHost.Config(swarmName, swarmId, key,
                    List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), true, false, Duration.ofMillis(200),
                    Duration.ofSeconds(1)), identity, node.store(), CLOCK, "kith/replication-test");
            host.resyncEvery(resync);
            host.start().get(10, TimeUnit.SECONDS);
        }

        void stopHost() {
            SwarmHost h = host;
            host = null;
            if (h != null) {
                h.stop().orTimeout(15, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
        }

        void close() {
            stopHost();
            if (node != null) {
                node.close();
                node = null;
            }
        }

        /** Connects (as {@link #connect}) and waits until the gossip mesh includes both ends. */
        void link(Member other) throws Exception {
            connect(other);
            await(name + " and " + other.name + " in each other's gossip mesh",
                    () -> host.gossip().meshPeers(host.topic()).contains(other.peerId())
                            && other.host.gossip().meshPeers(other.host.topic()).contains(peerId()));
        }

        /** Dials {@code other} and waits until both ends see the connection. */
        void connect(Member other) throws Exception {
            host.dial(other.addr()).get(10, TimeUnit.SECONDS);
            await(name + " and " + other.name + " connected", () -> other.host.host().connectedPeers().contains(peerId())
                    && host.host().connectedPeers().contains(other.peerId()));
        }

        RecordId write(RecordBody body) throws Exception {
            RecordId id = node.publish(swarmId, body);
            written.add(id);
            return id;
        }

        /**
         * Writes the {@code i}-th record of a varied mix: profile, proposals and their updates,
         * commitments (to any proposal seen in the cluster) and their updates, attestations,
         * vouches, comments (on any record) and retractions.
         */
        RecordId writeVaried(int i, Random random, List<RecordId> anyRecords,
                List<Map.Entry<RecordId, PeerId>> anyCommitments,
                List<PeerId> people) throws Exception {
            if (written.isEmpty()) {
                return write(Profile.named("Member " + name));
            }
            int kind = i % 9;
            if (kind == 0 || proposals.isEmpty()) {
                RecordId id = write(new Proposal(ProposalKind.PROJECT, name + " project " + i, "summary " + i, null,
                        List.of(new Proposal.Role("dev", List.of("java"), "2d")), null, List.of("tools"),
                        ProposalStatus.OPEN, null));
                proposals.add(id);
                return id;
            }
            RecordId some = anyRecords.isEmpty() ? written.get(0) : anyRecords.get(random.nextInt(anyRecords.size()));
            switch (kind) {
                case 1: {
                    RecordId of = proposals.get(random.nextInt(proposals.size()));
                    return write(new Proposal(ProposalKind.PROJECT, name + " project (updated) " + i, "summary " + i,
                            null, List.of(), null, List.of(), ProposalStatus.OPEN, of));
                }
                case 2: {
                    RecordId id = write(new Commitment(proposals.get(0), "dev", "build part " + i,
                            LocalDate.parse("2027-01-01"), "2d"));
                    commitments.add(id);
                    return id;
                }
                case 3:
                    if (!commitments.isEmpty()) {
                        return write(new CommitmentUpdate(commitments.get(commitments.size() - 1),
                                CommitmentStatus.DELIVERED, null, "done " + i));
                    }
                    break;
                case 4:
                    if (!anyCommitments.isEmpty()) {
                        Map.Entry<RecordId, PeerId> c = anyCommitments.get(random.nextInt(anyCommitments.size()));
                        // Like kith attest: only a commitment this node holds (the door would hold
                        // an attestation of an unknown one, and publishing needs it stored).
                        if (!c.getValue().equals(peerId()) && node.store().record(c.getKey()).isPresent()) {
                            return write(new Attestation(c.getKey(), c.getValue(), Outcome.KEPT, "thanks " + i));
                        }
                    }
                    break;
                case 5: {
                    PeerId who = people.get(random.nextInt(people.size()));
                    if (!who.equals(peerId())) {
                        return write(new Vouch(who, TrustLevel.SOME, "java", "worked together " + i));
                    }
                    break;
                }
                case 6:
                    if (!comments.isEmpty()) {
                        return write(new Retraction(comments.remove(0), "changed my mind " + i));
                    }
                    break;
                default:
                    break;
            }
            RecordId id = write(new Comment(some, name + " says " + i));
            comments.add(id);
            return id;
        }
    }

    Member add(String name) throws Exception {
        Member m = new Member(name, keyOf(name));
        members.add(m);
        m.open();
        m.startHost();
        return m;
    }

    static Ed25519KeyPair keyOf(String name) {
        return Ed25519KeyPair.fromSeed(org.kith.node.sync.SyncFeed.sha256("kith-replication/" + name));
    }

    /** Sorted record ids (chain and fork evidence) per feed "author/swarm" of a store. */
    static Map<String, List<String>> recordIds(RecordStore store) {
        Map<String, List<String>> out = new TreeMap<>();
        store.forEachRecord(r -> out.computeIfAbsent(r.payload().author().toBase58() + "/" + r.payload().swarm(),
                k -> new ArrayList<>()).add(r.id().toString()));
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    static long count(RecordStore store) {
        long[] n = {0};
        store.forEachRecord(r -> n[0]++);
        return n[0];
    }

    static Map<String, FeedHead> heads(RecordStore store) {
        Map<String, FeedHead> out = new TreeMap<>();
        store.feeds().forEach(h -> out.put(h.author() + "/" + h.swarm(), h));
        return out;
    }

    /**
     * Waits until every member's store holds exactly the same records ({@code expectedRecords}
     * of them, chain and evidence), and returns them. Polls the cheap feed heads first.
     */
    static Map<String, List<String>> awaitConverged(List<Member> ms, long expectedRecords) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            Map<String, FeedHead> h0 = heads(ms.get(0).store());
            boolean same = h0.values().stream().mapToLong(FeedHead::seq).sum() <= expectedRecords;
            for (Member m : ms) {
                same &= heads(m.store()).equals(h0);
            }
            if (same) {
                List<Map<String, List<String>>> all = new ArrayList<>();
                for (Member m : ms) {
                    all.add(recordIds(m.store()));
                }
                long n = all.get(0).values().stream().mapToLong(List::size).sum();
                if (n == expectedRecords && all.stream().allMatch(all.get(0)::equals)) {
                    return all.get(0);
                }
            }
            Thread.sleep(100);
        }
        StringBuilder sb = new StringBuilder("no convergence on " + expectedRecords + " records within " + DEADLINE + ":");
        for (Member m : ms) {
            sb.append("\n  ").append(m.name).append(": ").append(count(m.store())).append(" records, held ")
                    .append(m.store().heldCount()).append(", heads ").append(heads(m.store()).values());
        }
        throw new AssertionError(sb.toString());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        org.kith.node.testing.Await.until(what, DEADLINE, condition);
    }

    @Override
    public void close() {
        for (Member m : members) {
            m.stopHost();
        }
        for (Member m : members) {
            m.close();
        }
    }
}
