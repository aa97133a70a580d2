package org.kith.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.cli.CliContext;
import org.kith.node.cli.Main;
import org.kith.node.testing.Await;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network partition between real {@code kith run} processes, each in a network namespace this
 * test creates and deletes.
 *
 * <p>Topology (all namespaces named {@code kith-<random>-…}, nothing in the host's own namespace):
 * <pre>
 *   n1 (10.213.7.11) ─┐                    ┌─ n3 (10.213.7.13)
 *                     brA ══ ab ─── ba ══ brB
 *   n2 (10.213.7.12) ─┘   (namespace br)   └─ n4 (10.213.7.14)
 * </pre>
 * Each node namespace has loopback and one veth ({@code eth0}, 10.213.7.0/24, no default route);
 * its other end is a port of bridge {@code brA} (group A: n1, n2) or {@code brB} (group B: n3, n4)
 * in namespace {@code br}, and the two bridges are joined by the veth pair {@code ab}/{@code ba}.
 * The partition takes {@code ab} and {@code ba} down, so each group keeps its own link and only
 * traffic between the groups stops (no RST, no ICMP: packets are dropped, as on a cut cable).
 *
 * <p>Connections: n2→n1, n3→n1, n4→n3, n4→n2 (two within the groups, two across). Before the cut a
 * proposal from n1 reaches all four. During the cut both groups write proposals with
 * {@code kith propose} run inside the node's namespace (so it reaches its node through the control
 * API on the namespace's 127.0.0.1); each group converges on its own and has nothing of the other's.
 * After the link is restored, all four hold the same five proposals, compared by id. Two cases: the
 * connections outlive the cut, and group B restarts so that only redial and catch-up can deliver.
 *
 * <p>Skipped (JUnit assumption, with the reason) only when {@code ip netns add} is not permitted
 * (not root, no CAP_SYS_ADMIN, no iproute2).
 */
class PartitionIT {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEADLINE_SECONDS = 60;
    private static final String SUBNET = "10.213.7.";
    private static final int PORT = 4001;

    @TempDir
    Path tmp;

    private String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Proc> processes = new CopyOnWriteArrayList<>();

    /** One {@code kith run} in its namespace. */
    private record Proc(String name, Process process, BlockingQueue<JsonNode> lines, List<JsonNode> seen, Path stderr) {

        JsonNode await(Predicate<JsonNode> what, String description) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            while (System.nanoTime() < deadline) {
                JsonNode line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                seen.add(line);
                if ("eof".equals(line.path("event").asText())) {
                    break;
                }
                if (what.test(line)) {
                    return line;
                }
            }
            throw new AssertionError("no " + description + " from " + name + " (alive: " + process.isAlive() + "); saw "
                    + seen + "; stderr:\n" + tail(stderr));
        }

        /** Lines read so far (drains the queue into {@link #seen}). */
        List<JsonNode> drain() {
            lines.drainTo(seen);
            return seen;
        }
    }

    private record Node(String name, String ns, String ip, Path home, String peerId) {
        String addr() {
            return "/ip4/" + ip + "/tcp/" + PORT + "/p2p/" + peerId;
        }
    }

    @BeforeEach
    void createNamespaces() throws Exception {
        byte[] r = new byte[4];
        new SecureRandom().nextBytes(r);
        prefix = "kith-" + HexFormat.of().formatHex(r);
        String br = prefix + "-br";
        ExecResult probe;
        try {
            probe = exec(List.of("ip", "netns", "add", br));
        } catch (IOException e) {
            probe = new ExecResult(-1, "", e.toString());
        }
        Assumptions.assumeTrue(probe.code() == 0, "network namespaces cannot be created here (`ip netns add` needs root"
                + " or CAP_SYS_ADMIN and iproute2): " + probe.err().strip());
        namespaces.add(br);
        ip("-n", br, "link", "set", "lo", "up");
        for (String b : List.of("brA", "brB")) {
            ip("-n", br, "link", "add", b, "type", "bridge");
            ip("-n", br, "link", "set", b, "up");
        }
        // The link between the groups: a veth pair from bridge to bridge.
        ip("-n", br, "link", "add", "ab", "type", "veth", "peer", "name", "ba");
        ip("-n", br, "link", "set", "ab", "master", "brA");
        ip("-n", br, "link", "set", "ba", "master", "brB");
        ip("-n", br, "link", "set", "ab", "up");
        ip("-n", br, "link", "set", "ba", "up");
        for (int i = 1; i <= 4; i++) {
            String ns = prefix + "-n" + i;
            ip("netns", "add", ns);
            namespaces.add(ns);
            // Created directly in the two namespaces: no interface ever appears in the host's namespace.
            ip("-n", br, "link", "add", "p" + i, "type", "veth", "peer", "name", "eth0", "netns", ns);
            ip("-n", br, "link", "set", "p" + i, "master", i <= 2 ? "brA" : "brB");
            ip("-n", br, "link", "set", "p" + i, "up");
            ip("-n", ns, "link", "set", "lo", "up");
            ip("-n", ns, "addr", "add", SUBNET + (10 + i) + "/24", "dev", "eth0");
            ip("-n", ns, "link", "set", "eth0", "up");
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Proc p : processes) {
            p.process().toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.process().toHandle().destroyForcibly();
        }
        for (Proc p : processes) {
            p.process().waitFor(10, TimeUnit.SECONDS);
        }
        // Keep the nodes' logs and event lines where a failed run can be read (target/partition-it/).
        Path keep = Path.of("target", "partition-it");
        try {
            Files.createDirectories(keep);
            for (Proc p : processes) {
                Files.copy(p.stderr(), keep.resolve(p.stderr().getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.write(keep.resolve(p.name() + "-" + p.process().pid() + ".events"),
                        p.drain().stream().map(JsonNode::toString).toList());
            }
        } catch (IOException e) {
            LOG.warn("cannot keep the nodes' logs: {}", e.toString());
        }
        for (String ns : namespaces) {
            try {
                ExecResult r = exec(List.of("ip", "netns", "del", ns));
                if (r.code() != 0) {
                    LOG.warn("ip netns del {}: {}", ns, r.err());
                }
            } catch (IOException e) {
                LOG.warn("ip netns del {}: {}", ns, e.toString());
            }
        }
    }

    /** Four nodes, each in its namespace and running, connected n2→n1, n3→n1, n4→n3, n4→n2. */
    private List<Node> nodes;
    private final Proc[] procs = new Proc[4];
    private long started;

    private void startFourNodes() throws Exception {
        started = System.nanoTime();
        nodes = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String name = "node" + i;
            Path home = tmp.resolve(name);
            cli(ctx -> Main.run(ctx, "init", "--name", name, "--no-passphrase", "--home", home.toString()));
            String peerId = JSON.readTree(cli(ctx -> Main.run(ctx, "whoami", "--json", "--home", home.toString())))
                    .get("peerId").asText();
            nodes.add(new Node(name, prefix + "-n" + i, SUBNET + (10 + i), home, peerId));
        }
        for (Node n : nodes) {
            ExecResult routes = ip("-n", n.ns(), "route", "show");
            assertFalse(routes.out().contains("default"), "no way out of " + n.ns() + ": " + routes.out());
        }
        Node n1 = nodes.get(0);
        Node n2 = nodes.get(1);
        Node n3 = nodes.get(2);
        Node n4 = nodes.get(3);
        procs[0] = run(n1);
        awaitListening(procs[0], n1);
        procs[1] = run(n2, n1);
        procs[2] = run(n3, n1);
        awaitListening(procs[1], n2);
        awaitListening(procs[2], n3);
        procs[3] = run(n4, n3, n2);
        awaitListening(procs[3], n4);
        // Each end sees each connection: n1{n2,n3}, n2{n1,n4}, n3{n1,n4}, n4{n3,n2}.
        awaitConnected(procs[0], n2);
        awaitConnected(procs[0], n3);
        awaitConnected(procs[1], n1);
        awaitConnected(procs[1], n4);
        awaitConnected(procs[2], n1);
        awaitConnected(procs[2], n4);
        awaitConnected(procs[3], n3);
        awaitConnected(procs[3], n2);
    }

    private void cut() throws Exception {
        ip("-n", prefix + "-br", "link", "set", "ab", "down");
        ip("-n", prefix + "-br", "link", "set", "ba", "down");
    }

    private void heal() throws Exception {
        ip("-n", prefix + "-br", "link", "set", "ab", "up");
        ip("-n", prefix + "-br", "link", "set", "ba", "up");
    }

    /**
     * The connections outlive a short cut (no reset crosses it, and it is shorter than the pings'
     * patience): what each side gossiped across waits in TCP and arrives when the link is back.
     */
    @Test
    void bothSidesOfAPartitionWriteAndAllFourConvergeWhenTheLinkIsRestored() throws Exception {
        startFourNodes();
        Node n1 = nodes.get(0);
        Node n2 = nodes.get(1);
        Node n3 = nodes.get(2);
        Node n4 = nodes.get(3);
        String first = propose(n1, "Before the cut");
        awaitHolding("all four hold n1's first proposal", nodes, Set.of(first));

        cut();
        String a1 = propose(n1, "Group A, from node1");
        String a2 = propose(n2, "Group A, from node2");
        String b3 = propose(n3, "Group B, from node3");
        String b4 = propose(n4, "Group B, from node4");
        assertGroupsConvergedApart(Set.of(first, a1, a2), Set.of(first, b3, b4));

        heal();
        awaitAllConverged(Set.of(first, a1, a2, b3, b4));
        stopAll();
    }

    /**
     * Group B goes down and comes back while the link is cut, so no connection spans the partition
     * and nothing gossiped can wait in TCP: after the link is back, the nodes' redials of the peers
     * they remember and catch-up on the new connections are what brings all four together.
     * (B stops before the cut so that A sees the connections close: a connection left half-open by
     * a peer that restarted behind the cut is kept by A, and the restarted peer's new connection
     * refused, until A's pings give up on the old one, up to 3 × (15 s + 10 s).)
     */
    @Test
    void nodesThatRestartDuringAPartitionCatchUpByRedialWhenTheLinkIsRestored() throws Exception {
        startFourNodes();
        Node n1 = nodes.get(0);
        Node n2 = nodes.get(1);
        Node n3 = nodes.get(2);
        Node n4 = nodes.get(3);
        String first = propose(n1, "Before the cut");
        awaitHolding("all four hold n1's first proposal", nodes, Set.of(first));

        for (Proc p : List.of(procs[2], procs[3])) {
            p.process().toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of stdout
        }
        for (Proc p : List.of(procs[2], procs[3])) {
            p.await(l -> "stopped".equals(l.path("event").asText()), "stopped line");
            assertTrue(p.process().waitFor(20, TimeUnit.SECONDS), p.name() + " did not exit");
        }
        awaitEvent(procs[0], "disconnected", n3);
        awaitEvent(procs[1], "disconnected", n4);
        cut();
        String a1 = propose(n1, "Group A, from node1");
        String b4 = proposeOffline(n4, "Group B, from node4 while its node was down");
        procs[2] = run(n3); // no --dial: each redials the peers it remembers (its group at once, the other after the cut)
        procs[3] = run(n4);
        awaitListening(procs[2], n3);
        awaitListening(procs[3], n4);
        awaitConnected(procs[2], n4);
        awaitConnected(procs[3], n3);
        String a2 = propose(n2, "Group A, from node2");
        String b3 = propose(n3, "Group B, from node3");
        assertGroupsConvergedApart(Set.of(first, a1, a2), Set.of(first, b3, b4));

        heal();
        awaitAllConverged(Set.of(first, a1, a2, b3, b4));
        stopAll();
    }

    private void assertGroupsConvergedApart(Set<String> groupA, Set<String> groupB) throws InterruptedException {
        List<Node> a = nodes.subList(0, 2);
        List<Node> b = nodes.subList(2, 4);
        awaitExactly("group A converged on its side", a, groupA);
        awaitExactly("group B converged on its side", b, groupB);
        // Nothing crossed the cut: each group has exactly its own records (re-read after both converged).
        for (Node n : a) {
            assertEquals(new TreeSet<>(groupA), proposals(n), n.name() + " got records across the partition");
        }
        for (Node n : b) {
            assertEquals(new TreeSet<>(groupB), proposals(n), n.name() + " got records across the partition");
        }
    }

    private void awaitAllConverged(Set<String> expected) throws InterruptedException {
        long healed = System.nanoTime();
        Set<String> all = new TreeSet<>(expected);
        assertEquals(5, all.size());
        awaitExactly("all four converged after the link was restored", nodes, all);
        long convergedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healed);
        for (Node n : nodes) {
            assertEquals(all, proposals(n), n.name());
        }
        // Every address any node listened on or connected to is one of the test's namespace addresses.
        Set<String> ours = nodes.stream().map(Node::ip).collect(Collectors.toSet());
        for (Proc p : processes) {
            for (JsonNode line : p.drain()) {
                List<String> addrs = new ArrayList<>();
                line.path("addrs").forEach(a -> addrs.add(a.asText()));
                if (line.hasNonNull("addr")) {
                    addrs.add(line.get("addr").asText());
                }
                for (String a : addrs) {
                    String host = a.split("/")[2];
                    assertTrue(a.startsWith("/ip4/") && ours.contains(host), p.name() + " used " + a + " in " + line);
                }
            }
        }
        long disconnects = processes.stream().flatMap(p -> p.drain().stream())
                .filter(l -> "disconnected".equals(l.path("event").asText())).count();
        LOG.info("converged {} ms after the link was restored ({} ms since the start); {} disconnect events",
                convergedMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), disconnects);
    }

    private void stopAll() throws InterruptedException {
        for (Proc p : procs) {
            p.process().toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of stdout
        }
        for (Proc p : procs) {
            p.await(l -> "stopped".equals(l.path("event").asText()), "stopped line");
            assertTrue(p.process().waitFor(20, TimeUnit.SECONDS), p.name() + " did not exit");
        }
    }

    // ---- nodes ----

    private Proc run(Node n, Node... dial) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", n.ns(), launcher().toString(), "run",
                "--home", n.home().toString(), "--listen", "/ip4/" + n.ip() + "/tcp/" + PORT, "--no-mdns"));
        for (Node d : dial) {
            command.addAll(List.of("--dial", d.addr()));
        }
        Path stderr = tmp.resolve(n.name() + "-" + processes.size() + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
        pb.environment().put("KITH_NO_BUILD", "1");
        pb.environment().put("KITH_LOG_LEVEL", "INFO");
        Process p = pb.start();
        BlockingQueue<JsonNode> lines = org.kith.node.cli.JsonLines.follow(p, n.name());
        Proc proc = new Proc(n.name(), p, lines, new CopyOnWriteArrayList<>(), stderr);
        processes.add(proc);
        return proc;
    }

    private static void awaitListening(Proc p, Node n) throws InterruptedException {
        JsonNode l = p.await(line -> "listening".equals(line.path("event").asText()), "listening line");
        assertEquals(n.peerId(), l.get("peerId").asText());
        assertEquals(List.of(n.addr()), List.of(l.get("addrs").get(0).asText()), l.toString());
        assertEquals(1, l.get("addrs").size(), l.toString());
    }

    private static void awaitConnected(Proc p, Node other) throws InterruptedException {
        awaitEvent(p, "connected", other);
    }

    private static void awaitEvent(Proc p, String event, Node other) throws InterruptedException {
        // Lines are read in order; look at what was read already first.
        if (p.drain().stream().anyMatch(l -> event.equals(l.path("event").asText())
                && other.peerId().equals(l.path("peerId").asText()))) {
            return;
        }
        p.await(l -> event.equals(l.path("event").asText()) && other.peerId().equals(l.path("peerId").asText()),
                event + " " + other.name());
    }

    /** {@code kith propose} inside the node's namespace, so it reaches the running node's control API. */
    private String propose(Node n, String title) throws Exception {
        Path control = n.home().resolve("control.json");
        await(n.name() + "'s control API is up", () -> Files.exists(control));
        ExecResult r = exec(List.of("ip", "netns", "exec", n.ns(), launcher().toString(), "propose", "--title", title,
                "--summary", "written during the partition test", "--home", n.home().toString()));
        assertEquals(0, r.code(), () -> "kith propose on " + n.name() + ": " + r.err());
        assertFalse(r.err().contains("did not publish"), "the running node published at once: " + r.err());
        String id = r.out().strip();
        assertFalse(id.isEmpty(), "propose printed an id");
        return id;
    }

    /** {@code kith propose} with no node running on the data directory: stored, goes out by catch-up. */
    private static String proposeOffline(Node n, String title) {
        assertFalse(Files.exists(n.home().resolve("control.json")), "no node runs on " + n.home());
        return cli(ctx -> Main.run(ctx, "propose", "--title", title, "--summary", "written during the partition test",
                "--home", n.home().toString())).strip();
    }

    /** The proposal ids a node holds, read from its data directory ({@code kith list proposals --json}). */
    private static Set<String> proposals(Node n) {
        try {
            JsonNode list = JSON.readTree(cli(ctx -> Main.run(ctx, "list", "proposals", "--json", "--home",
                    n.home().toString())));
            Set<String> ids = new TreeSet<>();
            list.forEach(p -> ids.add(p.get("id").asText()));
            return ids;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitHolding(String what, List<Node> nodes, Set<String> ids) throws InterruptedException {
        awaitState(what, nodes, held -> held.containsAll(ids));
    }

    private static void awaitExactly(String what, List<Node> nodes, Set<String> ids) throws InterruptedException {
        awaitState(what, nodes, held -> held.equals(new TreeSet<>(ids)));
    }

    private static void awaitState(String what, List<Node> nodes, Predicate<Set<String>> ok) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (true) {
            Map<String, Set<String>> state = new java.util.LinkedHashMap<>();
            for (Node n : nodes) {
                state.put(n.name(), proposals(n));
            }
            if (state.values().stream().allMatch(ok)) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what + "; holding: " + state);
            }
            Thread.sleep(200);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, Duration.ofSeconds(DEADLINE_SECONDS), condition);
    }

    // ---- helpers ----

    private interface CliCall {
        int run(CliContext ctx);
    }

    /** Runs the CLI in-process (in the test's namespace: only for commands that do not use the network). */
    private static String cli(CliCall call) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), Clock.systemUTC(), p -> null);
        int code = call.run(ctx);
        assertEquals(0, code, err::toString);
        return out.toString();
    }

    private static Path launcher() {
        return Path.of("").toAbsolutePath().getParent().resolve("kith");
    }

    private record ExecResult(int code, String out, String err) {
    }

    private static ExecResult ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        ExecResult r = exec(command);
        if (r.code() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + r.code() + "): " + r.err());
        }
        return r;
    }

    private static ExecResult exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("KITH_NO_BUILD", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        // Output is small; read both fully (stderr on a helper thread so neither pipe can fill).
        StringBuilder err = new StringBuilder();
        Thread t = new Thread(() -> {
            try {
                err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.append(e);
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.toHandle().destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        t.join();
        return new ExecResult(p.exitValue(), out, err.toString());
    }

    private static String tail(Path file) {
        try {
            String s = Files.readString(file);
            return s.length() > 8000 ? s.substring(s.length() - 8000) : s;
        } catch (IOException e) {
            return e.toString();
        }
    }
}
