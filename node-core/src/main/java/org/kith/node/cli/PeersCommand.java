package org.kith.node.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kith.node.KithNode;
import org.kith.node.store.NetworkTables;
import org.kith.node.swarm.Swarms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "peers", description = "Peers this node has met, per swarm: addresses, when last seen and"
        + " connected, dial failures since.")
final class PeersCommand extends BaseCommand {

    @Option(names = "--swarm", paramLabel = "NAME", description = "Only this swarm.") String swarm;
    @Mixin JsonOption json;

    @Override
    void run() throws Exception {
        try (KithNode node = openReadOnly()) {
            NetworkTables table = node.store().network();
            List<NetworkTables.Swarm> swarms = swarm == null ? table.swarms()
                    : List.of(new Swarms(node, ctx().clock, null).byName(swarm));
            List<Map<String, Object>> out = new ArrayList<>();
            for (NetworkTables.Swarm s : swarms) {
                for (NetworkTables.Peer p : table.peers(s.swarmId())) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("swarm", s.name());
                    m.put("peerId", p.peerId());
                    m.put("name", node.queries().person(p.peerId()).map(v -> v.name()).orElse(null));
                    m.put("addrs", p.addrs());
                    m.put("source", p.source());
                    m.put("firstSeen", Instant.ofEpochMilli(p.firstSeen()).toString());
                    m.put("lastSeen", Instant.ofEpochMilli(p.lastSeen()).toString());
                    m.put("lastConnected", p.lastConnected() == null ? null
                            : Instant.ofEpochMilli(p.lastConnected()).toString());
                    m.put("dialFailures", p.failures());
                    out.add(m);
                }
            }
            if (json.json) {
                ctx().printJson(out);
                return;
            }
            if (out.isEmpty()) {
                ctx().out.println("no peers met yet" + (swarm == null ? "" : " in swarm " + swarm));
                return;
            }
            for (Map<String, Object> m : out) {
                ctx().out.printf("%-12s %s%s  last seen %s%s%n", m.get("swarm"), m.get("peerId"),
                        m.get("name") == null ? "" : " (" + m.get("name") + ")", m.get("lastSeen"),
                        (int) m.get("dialFailures") == 0 ? "" : "  " + m.get("dialFailures") + " failed dials");
                for (Object a : (List<?>) m.get("addrs")) {
                    ctx().out.println("             " + a);
                }
            }
        }
    }
}
