package org.kith.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.kith.node.KithException;
import org.kith.node.api.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = "What the running node (kith run) is doing: its swarms, addresses,"
        + " connected peers, gossip mesh, records stored.")
final class StatusCommand extends BaseCommand {

    @Mixin JsonOption json;

    @Override
    void run() throws Exception {
        kithHome().requireInitialised();
        ControlClient client = ControlClient.find(kithHome().dir()).orElseThrow(() -> new KithException(
                "no node is running on " + kithHome().dir() + "; start one with kith run"));
        JsonNode status;
        try {
            status = client.status();
        } catch (IOException e) {
            throw new KithException("the running node did not answer: " + e.getMessage(), e);
        }
        if (json.json) {
            ctx().printJson(status);
            return;
        }
        ctx().out.printf("node %s: %d records stored, %d held for a predecessor%n", status.path("peerId").asText(),
                status.path("records").asLong(), status.path("held").asLong());
        for (JsonNode s : status.path("swarms")) {
            ctx().out.printf("swarm %s (%s): %d connected, %d in the gossip mesh, %d remembered%n",
                    s.path("name").asText(), s.path("swarm").asText(), s.path("connected").size(),
                    s.path("meshPeers").asInt(), s.path("remembered").asInt());
            for (JsonNode a : s.path("addrs")) {
                ctx().out.println("  listening " + a.asText());
            }
            for (JsonNode p : s.path("connected")) {
                ctx().out.println("  peer " + p.asText());
            }
            for (JsonNode r : s.path("syncing")) {
                ctx().out.printf("  catching up with %s: %d records received so far%n", r.path("peerId").asText(),
                        r.path("received").asLong());
            }
            for (JsonNode r : s.path("lastSync")) {
                ctx().out.printf("  last catch-up with %s: %d received (%d new, %d refused), %d sent%n",
                        r.path("peerId").asText(), r.path("received").asLong(), r.path("accepted").asLong(),
                        r.path("rejected").asLong(), r.path("sent").asLong());
            }
        }
    }
}
