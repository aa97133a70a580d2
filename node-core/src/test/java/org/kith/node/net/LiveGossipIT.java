package org.kith.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.KithHome;
import org.kith.node.KithNode;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.Comment;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.SwarmId;
import org.kith.protocol.record.VerifiedRecord;

/**
 * Records travel live on the swarm's gossip topic: three nodes in a line (A–B–C) on 127.0.0.1;
 * what A writes is stored by B and forwarded to C; invalid records and records of another swarm
 * are refused by the validation hook and stored nowhere.
 */
class LiveGossipIT {

    static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path tmp;
    final List<KithNode> nodes = new ArrayList<>();
    final List<SwarmHost> hosts = new ArrayList<>();

    @AfterEach
    void stop() {
        hosts.forEach(h -> h.stop().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join());
        nodes.forEach(KithNode::close);
    }

    private SwarmHost node(String name, int seedByte) throws Exception {
        byte[] seed = new byte[32];
        seed[0] = (byte) seedByte;
        Ed25519KeyPair key = Ed25519KeyPair.fromSeed(seed);
        KithNode node = KithNode.open(new KithHome(tmp.resolve(name)), key.peerId(), key, CLOCK);
        nodes.add(node);
        SwarmHost h = new SwarmHost(new SwarmHost.Config(SwarmId.PUBLIC, SwarmId.PUBLIC, null,
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), true, false, Duration.ofMillis(200),
                Duration.ofSeconds(1)), node.identityKey(), node.store(), CLOCK, "kith/test");
        hosts.add(h);
        h.start().get(10, TimeUnit.SECONDS);
        return h;
    }

    @Test
    void aRecordWrittenOnOneNodeReachesTheOthersAndInvalidOnesReachNobody() throws Exception {
        SwarmHost a = node("a", 1);
        SwarmHost b = node("b", 2);
        SwarmHost c = node("c", 3);
        a.dial(b.host().listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        b.dial(c.host().listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        for (SwarmHost h : hosts) {
            int neighbours = h == b ? 2 : 1;
            SwarmHostIT.await("subscriptions and mesh at " + h.host().peerId(),
                    () -> h.gossip().topicPeers(h.topic()).size() == neighbours
                            && h.gossip().meshPeers(h.topic()).size() == neighbours);
        }

        KithNode na = nodes.get(0);
        List<VerifiedRecord> published = new ArrayList<>();
        na.onPublished(published::add);
        RecordId id = na.propose(new Proposal(ProposalKind.PROJECT, "Community garden",
                "Raised beds on the empty lot", null, List.of(), null, List.of(), ProposalStatus.OPEN, null), null);
        assertEquals(1, published.size());
        a.publish(published.get(0)).get(10, TimeUnit.SECONDS);
        SwarmHostIT.await("B and C store A's proposal", () -> nodes.get(1).store().record(id).isPresent()
                && nodes.get(2).store().record(id).isPresent());
        assertTrue(nodes.get(2).queries().proposal(id.toString()).isPresent(), "queryable on C");

        // A record for another swarm, validly signed by A, published on the public topic: refused.
        RecordSigner signer = new RecordSigner(na.identityKey(), CLOCK);
        VerifiedRecord foreign = signer.sign("aaaaaaaaaaaaaaaa", 1, null, new Comment(id, "elsewhere"));
        a.gossip().publish(a.topic(), foreign.envelope().encode()).handle((v, e) -> null).get(10, TimeUnit.SECONDS);
        // Garbage on the topic: refused.
        a.gossip().publish(a.topic(), new byte[] {1, 2, 3}).handle((v, e) -> null).get(10, TimeUnit.SECONDS);
        // A later valid record still arrives, so the refused ones had their chance to arrive first.
        RecordId later = na.comment(id, "Beds arrive Saturday");
        a.publish(published.get(published.size() - 1)).get(10, TimeUnit.SECONDS);
        SwarmHostIT.await("C stores the later comment", () -> nodes.get(2).store().record(later).isPresent());
        for (KithNode n : nodes.subList(1, 3)) {
            assertTrue(n.store().record(foreign.id()).isEmpty(), "another swarm's record stored");
            assertEquals(2, n.queries().counts().get("records"), "only A's proposal and comment");
        }
    }
}
