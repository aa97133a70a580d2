package org.kith.node.cli;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.kith.node.KithNode;
import org.kith.node.api.ControlServer;
import org.kith.node.net.SwarmHost;
import org.kith.node.store.StoredRecord;
import org.kith.node.sync.SyncResult;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordVerifier;
import org.kith.protocol.record.VerifiedRecord;

/** What {@code kith run} answers on its control API: status, and publishing records the CLI stored. */
final class NodeControl implements ControlServer.Handler {

    private final KithNode node;
    private final List<SwarmHost> hosts;
    private final RecordVerifier verifier;

    NodeControl(KithNode node, List<SwarmHost> hosts, Clock clock) {
        this.node = node;
        this.hosts = List.copyOf(hosts);
        this.verifier = new RecordVerifier(clock);
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("peerId", node.self().toBase58());
        out.put("records", node.queries().counts().get("records"));
        out.put("held", node.store().heldCount());
        List<Map<String, Object>> swarms = new ArrayList<>();
        for (SwarmHost h : hosts) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", h.config().swarmName());
            s.put("swarm", h.config().swarmId());
            s.put("addrs", h.listenAddrs().stream().map(Multiaddr::toString).toList());
            s.put("connected", h.host().connectedPeers().stream().map(PeerId::toBase58).sorted().toList());
            s.put("topicPeers", h.gossip().topicPeers(h.topic()).size());
            s.put("meshPeers", h.gossip().meshPeers(h.topic()).size());
            s.put("remembered", node.store().network().peers(h.config().swarmId()).size());
            s.put("syncing", syncJson(h.syncInProgress()));
            s.put("lastSync", syncJson(h.lastSync()));
            swarms.add(s);
        }
        out.put("swarms", swarms);
        return out;
    }

    private static List<Map<String, Object>> syncJson(Map<PeerId, SyncResult> results) {
        List<Map<String, Object>> out = new ArrayList<>();
        results.forEach((peer, r) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peerId", peer.toBase58());
            m.put("received", r.recordsReceived());
            m.put("accepted", r.recordsAccepted());
            m.put("rejected", r.recordsRejected());
            m.put("forks", r.forks());
            m.put("sent", r.recordsSent());
            m.put("ms", r.elapsed().toMillis());
            out.add(m);
        });
        return out;
    }

    @Override
    public Map<String, Object> announce(String recordId) {
        RecordId id = RecordId.parse(recordId);
        StoredRecord stored = node.store().record(id)
                .orElseThrow(() -> new IllegalArgumentException("no record " + recordId + " in this node's store"));
        VerifiedRecord record;
        try {
            record = verifier.verify(stored.envelope());
        } catch (InvalidRecordException e) {
            throw new IllegalArgumentException("record " + recordId + " does not verify: " + e.getMessage());
        }
        SwarmHost host = hosts.stream().filter(h -> h.config().swarmId().equals(record.swarm())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("this node does not run swarm " + record.swarm()));
        host.publish(record).orTimeout(5, TimeUnit.SECONDS).join();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("published", recordId);
        out.put("swarm", record.swarm());
        out.put("topicPeers", host.gossip().topicPeers(host.topic()).size());
        return out;
    }
}
