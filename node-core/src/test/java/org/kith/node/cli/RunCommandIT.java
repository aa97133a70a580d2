package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.testing.Await;

/**
 * {@code kith run} as a user starts it: two real node processes on 127.0.0.1 through the
 * {@code ./kith} launcher, one dialing the other; both stop cleanly on SIGTERM.
 */
class RunCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<Node> nodes = new ArrayList<>();

    private record Node(Process process, BlockingQueue<JsonNode> lines, Path stderr) {
        JsonNode await(Predicate<JsonNode> what, String description) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            List<JsonNode> seen = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                JsonNode line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                }
                if (line != null && "eof".equals(line.path("event").asText())) {
                    break;
                }
                if (line != null && what.test(line)) {
                    return line;
                }
            }
            String log;
            try {
                log = java.nio.file.Files.readString(stderr);
            } catch (java.io.IOException e) {
                log = e.toString();
            }
            throw new AssertionError("no " + description + " from kith run (alive: " + process.isAlive() + "); saw " + seen
                    + "; stderr:\n" + log);
        }
    }

    private Path init(String name) {
        Path home = tmp.resolve(name);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), Clock.systemUTC(), p -> null);
        assertEquals(0, Main.run(ctx, "init", "--name", name, "--no-passphrase", "--home", home.toString()), err::toString);
        return home;
    }

    private Node run(Path home, String... extra) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        // --no-mdns: mDNS would multicast on every interface of this machine (see RunCommandMdnsIT).
        List<String> command = new ArrayList<>(List.of(root.resolve("kith").toString(), "run", "--home", home.toString(),
                "--listen", "/ip4/127.0.0.1/tcp/0", "--no-mdns"));
        command.addAll(List.of(extra));
        Path stderr = tmp.resolve(home.getFileName() + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
        pb.environment().put("KITH_NO_BUILD", "1");
        pb.environment().put("KITH_LOG_LEVEL", "INFO");
        Process p = pb.start();
        BlockingQueue<JsonNode> lines = JsonLines.follow(p, home.getFileName().toString());
        Node node = new Node(p, lines, stderr);
        nodes.add(node);
        return node;
    }

    @AfterEach
    void killLeftovers() {
        for (Node n : nodes) {
            n.process().destroyForcibly();
        }
    }

    @Test
    void twoNodesConnectAndStopCleanlyOnSigterm() throws Exception {
        Path homeA = init("ada");
        Path homeB = init("bob");
        Node a = run(homeA);
        JsonNode listening = a.await(l -> "listening".equals(l.path("event").asText()), "listening line");
        assertEquals("public", listening.get("swarm").asText());
        String peerA = listening.get("peerId").asText();
        String addrA = listening.get("addrs").get(0).asText();
        assertTrue(addrA.startsWith("/ip4/127.0.0.1/tcp/") && addrA.endsWith("/p2p/" + peerA), addrA);

        Node b = run(homeB, "--dial", addrA);
        String peerB = b.await(l -> "listening".equals(l.path("event").asText()), "listening line").get("peerId").asText();
        JsonNode identified = b.await(l -> "identified".equals(l.path("event").asText())
                && peerA.equals(l.path("peerId").asText()), "identify of A");
        assertTrue(identified.get("agent").asText().startsWith("kith/"));
        a.await(l -> "connected".equals(l.path("event").asText()) && peerB.equals(l.path("peerId").asText())
                && "inbound".equals(l.path("direction").asText()), "inbound connection from B");

        b.process().toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its stdout
        b.await(l -> "stopped".equals(l.path("event").asText()), "stopped line from B");
        assertTrue(b.process().waitFor(20, TimeUnit.SECONDS));
        a.await(l -> "disconnected".equals(l.path("event").asText()) && peerB.equals(l.path("peerId").asText()),
                "A seeing B leave");
        a.process().toHandle().destroy();
        a.await(l -> "stopped".equals(l.path("event").asText()), "stopped line from A");
        assertTrue(a.process().waitFor(20, TimeUnit.SECONDS));
    }

    /** Runs a command in-process; returns its stdout (exit 0 required). */
    private static JsonNode status(Path home) {
        return json(cli(home, "status", "--json"));
    }

    private static JsonNode proposals(Path home) {
        return json(cli(home, "list", "proposals", "--json"));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String cli(Path home, String... args) {
        return InProcessCli.run(home, args);
    }

    @Test
    void aPrivateSwarmJoinedByInviteConnectsByItself() throws Exception {
        Path homeA = init("ada");
        Path homeB = init("bob");
        cli(homeA, "swarm", "create", "garden");
        JsonNode garden = JSON.readTree(cli(homeA, "swarm", "list", "--json")).get(1);
        String swarm = garden.get("swarm").asText();
        String peerA = JSON.readTree(cli(homeA, "whoami", "--json")).get("peerId").asText();
        String invite = cli(homeA, "swarm", "invite", "garden", "--bootstrap",
                "/ip4/127.0.0.1/tcp/" + garden.get("port").asInt() + "/p2p/" + peerA).strip();
        cli(homeB, "swarm", "join", invite);

        Node a = run(homeA);
        JsonNode aPublic = a.await(l -> "listening".equals(l.path("event").asText())
                && "public".equals(l.path("swarm").asText()), "A's public listening line");
        JsonNode aGarden = a.await(l -> "listening".equals(l.path("event").asText())
                && swarm.equals(l.path("swarm").asText()), "A's garden listening line");
        assertEquals("garden", aGarden.get("name").asText());
        assertEquals(peerA, aGarden.get("peerId").asText());
        assertTrue(aGarden.get("addrs").get(0).asText().startsWith("/ip4/127.0.0.1/tcp/" + garden.get("port").asInt()
                + "/p2p/"), aGarden.toString());
        assertTrue(!aPublic.get("addrs").equals(aGarden.get("addrs")), "each swarm has its own port");

        Node b = run(homeB);
        String peerB = b.await(l -> "listening".equals(l.path("event").asText())
                && swarm.equals(l.path("swarm").asText()), "B's garden listening line").get("peerId").asText();
        b.await(l -> "identified".equals(l.path("event").asText()) && swarm.equals(l.path("swarm").asText())
                && peerA.equals(l.path("peerId").asText()), "B identifying A in the garden swarm, dialed from the invite");
        a.await(l -> "connected".equals(l.path("event").asText()) && swarm.equals(l.path("swarm").asText())
                && peerB.equals(l.path("peerId").asText()), "A seeing B in the garden swarm");

        for (Node n : List.of(b, a)) {
            n.process().toHandle().destroy();
            n.await(l -> "stopped".equals(l.path("event").asText()), "stopped line");
            assertTrue(n.process().waitFor(20, TimeUnit.SECONDS));
        }
        // Both remember each other in the swarm, for the next start.
        JsonNode bPeers = JSON.readTree(cli(homeB, "peers", "--swarm", "garden", "--json"));
        assertEquals(peerA, bPeers.get(0).get("peerId").asText());
        assertTrue(bPeers.get(0).get("lastConnected").isTextual(), bPeers.toString());
        JsonNode aPeers = JSON.readTree(cli(homeA, "peers", "--json"));
        assertEquals(1, aPeers.size(), "A met B in the garden swarm only: " + aPeers);
        assertEquals("garden", aPeers.get(0).get("swarm").asText());
        assertEquals(peerB, aPeers.get(0).get("peerId").asText());
    }

    @Test
    void aProposalWrittenWhileNodesRunReachesTheOtherAtOnce() throws Exception {
        Path homeA = init("ada");
        Path homeB = init("bob");
        Node a = run(homeA);
        String addrA = a.await(l -> "listening".equals(l.path("event").asText()), "A listening").get("addrs").get(0)
                .asText();
        Node b = run(homeB, "--dial", addrA);
        String peerB = b.await(l -> "listening".equals(l.path("event").asText()), "B listening").get("peerId").asText();
        a.await(l -> "identified".equals(l.path("event").asText()) && peerB.equals(l.path("peerId").asText()),
                "A identifying B");

        // status talks to the running node
        Await.until("A's mesh holds B", Duration.ofSeconds(30),
                () -> status(homeA).path("swarms").get(0).path("meshPeers").asInt() >= 1);
        JsonNode status = status(homeA);
        assertEquals(List.of(peerB), JSON.convertValue(status.path("swarms").get(0).path("connected"), List.class));
        assertEquals(1, status.path("swarms").get(0).path("meshPeers").asInt(), status.toString());

        // propose on A (the CLI hands the stored record to A's node, which gossips it) → listed on B
        String id = cli(homeA, "propose", "--title", "Community garden", "--summary", "Raised beds").strip();
        Await.until("B lists A's proposal", Duration.ofSeconds(30), () -> proposals(homeB).size() > 0);
        JsonNode onB = proposals(homeB);
        assertEquals(1, onB.size(), "B never listed A's proposal");
        assertEquals(id, onB.get(0).get("id").asText());
        assertEquals("Community garden", onB.get(0).get("title").asText());

        for (Node n : List.of(b, a)) {
            n.process().toHandle().destroy();
            n.await(l -> "stopped".equals(l.path("event").asText()), "stopped line");
            assertTrue(n.process().waitFor(20, TimeUnit.SECONDS));
        }
        assertTrue(!java.nio.file.Files.exists(homeA.resolve("control.json")), "the control file goes with the node");
    }

    @Test
    void statusWithoutARunningNodeIsAUserError() {
        Path home = init("dora");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), Clock.systemUTC(), p -> null);
        assertEquals(1, Main.run(ctx, "status", "--home", home.toString()));
        assertTrue(err.toString().contains("no node is running"), err.toString());
    }

    @Test
    void badListenAddressIsAUserError() {
        Path home = init("carol");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), Clock.systemUTC(), p -> null);
        assertEquals(1, Main.run(ctx, "run", "--home", home.toString(), "--no-mdns", "--listen", "/ip4/999.1.1.1/tcp/1"));
        assertTrue(err.toString().startsWith("kith: --listen /ip4/999.1.1.1/tcp/1"), err.toString());
        assertEquals(1, err.toString().lines().count());
    }
}
