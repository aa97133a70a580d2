package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two people on one LAN: both hold a private swarm's key (no invite, so no address to dial), run
 * {@code kith run}, and find each other by mDNS in that swarm. The LAN is a fresh network
 * namespace ({@code unshare -n}) holding only loopback, so no multicast leaves this test.
 * Skipped where namespaces cannot be created.
 */
class RunCommandMdnsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the nodes get to find each other, inside the namespace script. */
    private static final int DEADLINE_SECONDS = 60;

    @TempDir
    Path tmp;

    private static void requireNamespaces() throws Exception {
        String why = null;
        try {
            Process p = new ProcessBuilder("unshare", "-n", "--", "sh", "-c", "ip link set lo up").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                why = "unshare -n / ip failed: " + out;
            }
        } catch (java.io.IOException e) {
            why = "unshare is not available: " + e.getMessage();
        }
        Assumptions.assumeTrue(why == null, "needs a private network namespace (unshare -n as root): " + why);
    }

    @Test
    void twoNodesOnOneLanFindEachOtherInTheirPrivateSwarm() throws Exception {
        requireNamespaces();
        Path ada = tmp.resolve("ada");
        Path bo = tmp.resolve("bo");
        for (Path h : List.of(ada, bo)) {
            RunCommandIT.cli(h, "init", "--name", h.getFileName().toString(), "--no-passphrase");
        }
        RunCommandIT.cli(ada, "swarm", "create", "garden");
        Path key = tmp.resolve("garden.key");
        RunCommandIT.cli(ada, "swarm", "key", "export", "garden", "--out", key.toString());
        RunCommandIT.cli(bo, "swarm", "key", "import", "garden", key.toString());
        String swarm = JSON.readTree(RunCommandIT.cli(ada, "swarm", "list", "--json")).get(1).get("swarm").asText();
        String adaId = JSON.readTree(RunCommandIT.cli(ada, "whoami", "--json")).get("peerId").asText();
        String boId = JSON.readTree(RunCommandIT.cli(bo, "whoami", "--json")).get("peerId").asText();

        Path kith = Path.of("").toAbsolutePath().getParent().resolve("kith");
        // Inside the namespace: loopback only, multicast routed to it; both nodes run until Bo's
        // output shows Ada connected in the garden swarm (or the deadline), then stop on SIGTERM.
        String script = String.join("\n",
                "set -u",
                "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo || exit 90",
                "[ \"$(ip -o link show | wc -l)\" -eq 1 ] || exit 91",
                "run() { KITH_NO_BUILD=1 KITH_LOG_LEVEL=INFO \"$KITH\" run --home \"$1\" --listen /ip4/127.0.0.1/tcp/0"
                        + " > \"$2.out\" 2> \"$2.err\" & }",
                "run \"$ADA\" \"$TMP/ada\"; a=$!",
                "run \"$BO\" \"$TMP/bo\"; b=$!",
                "found=1",
                "end=$(( $(date +%s) + " + DEADLINE_SECONDS + " ))",
                "while [ \"$(date +%s)\" -lt \"$end\" ]; do",
                "  if grep -q '\"event\":\"identified\",\"swarm\":\"'\"$SWARM\"'\",\"peerId\":\"'\"$ADA_ID\"'\"'"
                        + " \"$TMP/bo.out\"; then found=0; break; fi",
                "  sleep 0.2",
                "done",
                "kill -TERM $a $b; wait $a $b",
                "exit $found");
        ProcessBuilder pb = new ProcessBuilder("unshare", "-n", "--", "sh", "-c", script).redirectErrorStream(true);
        pb.environment().putAll(Map.of("KITH", kith.toString(), "ADA", ada.toString(), "BO", bo.toString(),
                "TMP", tmp.toString(), "SWARM", swarm, "ADA_ID", adaId));
        Process p = pb.start();
        String shellOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(DEADLINE_SECONDS + 60, TimeUnit.SECONDS), "the namespace script did not end");
        assertTrue(p.exitValue() < 90, () -> "the namespace could not be set up (exit " + p.exitValue() + "): " + shellOut);
        String boOut = read(tmp.resolve("bo.out"));
        assertEquals(0, p.exitValue(), () -> "Bo never identified Ada in the garden swarm; shell: " + shellOut
                + "\nbo.out:\n" + boOut + "\nbo.err:\n" + read(tmp.resolve("bo.err")) + "\nada.err:\n"
                + read(tmp.resolve("ada.err")));

        // Both printed a listening line per swarm, and both stopped cleanly.
        for (String who : List.of("ada", "bo")) {
            List<JsonNode> lines = new ArrayList<>();
            for (String l : Files.readAllLines(tmp.resolve(who + ".out"))) {
                lines.add(JSON.readTree(l));
            }
            assertEquals(2, lines.stream().filter(l -> "listening".equals(l.path("event").asText())).count(), who);
            assertEquals("stopped", lines.get(lines.size() - 1).path("event").asText(), who);
        }
        // Bo remembers Ada as met by mDNS (or by the connection it made), in the garden swarm only.
        JsonNode peers = JSON.readTree(RunCommandIT.cli(bo, "peers", "--json"));
        assertTrue(peers.size() >= 1, peers.toString());
        for (JsonNode peer : peers) {
            assertEquals(adaId, peer.get("peerId").asText(), peers.toString());
        }
        assertTrue(JSON.readTree(RunCommandIT.cli(ada, "peers", "--swarm", "garden", "--json")).toString().contains(boId));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
