package org.kith.p2p.mdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kith.p2p.interop.NodeRuntime;

/**
 * mDNS over real multicast sockets, kept off every real network: each test starts a child JVM
 * ({@link MdnsNamespaceScenario}) inside a fresh network namespace ({@code unshare -n}) whose only
 * interface is loopback, with multicast enabled on it and 224.0.0.0/4 routed to it. Every address
 * used is 127.0.0.1 or the mDNS group on that lo. The child prints results; this side asserts.
 *
 * <p>Skipped (not failed) where {@code unshare -n} is not permitted (needs root or user
 * namespaces), or {@code ip} is missing. IPv6 (ff02::fb) is not covered: in such a namespace lo
 * does not loop link-scope IPv6 multicast back even with a multicast route and a link-local
 * address, so the IPv6 path is exercised only on real links.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MdnsNamespaceIT {

    private static final long CHILD_TIMEOUT_SECONDS = 120;
    private static final String NAMESPACE_SETUP =
            "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo && exec \"$@\"";

    @BeforeAll
    static void namespacesArePermitted() throws Exception {
        String why = null;
        try {
            Process p = new ProcessBuilder("unshare", "-n", "--", "sh", "-c", "ip link set lo up")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                why = "unshare -n / ip failed: " + out;
            }
        } catch (IOException e) {
            why = "unshare is not available: " + e.getMessage();
        }
        Assumptions.assumeTrue(why == null, "mDNS tests need a private network namespace (unshare -n, as root or"
                + " with user namespaces) so that no multicast reaches a real network; " + why);
    }

    @Test
    void twoJavaHostsDiscoverEachOtherAndConnect() throws Exception {
        Map<String, String> r = runScenario("java-java");
        assertEquals("true", r.get("connected"), "both hosts connected: " + r);
        assertEquals("true", r.get("aDiscoveredB"));
        assertEquals("true", r.get("bDiscoveredA"));
        assertEquals("false", r.get("aDiscoveredSelf"), "a host never reports itself");
        assertTrue(r.get("aPeerName").matches("[a-z0-9]{32,63}"), r.get("aPeerName"));
        assertEquals(r.get("bListenAddrs"), r.get("bAddrsSeenByA"), "announced = listen addresses");
    }

    @Test
    void javaHostAndJsLibp2pMdnsPeerDiscoverEachOtherAndConnect() throws Exception {
        Path interop = NodeRuntime.interopDir();
        Path node = NodeRuntime.node();
        ensureMdnsInstalled(interop, node);
        Map<String, String> r = runScenario("java-js", interop.toString(), node.toString());
        assertEquals("true", r.get("jsListening"), "js peer started: " + r);
        assertEquals("true", r.get("javaDiscoveredJs"), "Java read js's response: " + r);
        assertEquals("true", r.get("jsDiscoveredJava"), "js read Java's response: " + r);
        assertEquals("true", r.get("javaConnectedJs"), "Java's dialer connected: " + r);
        assertEquals("true", r.get("jsConnectedJava"), "js saw the connection: " + r);
        assertTrue(r.get("jsAddrsSeenByJava").startsWith("[/ip4/127.0.0.1/tcp/"), r.get("jsAddrsSeenByJava"));
        // js strips /p2p/ from what it reports; the address itself must have come through.
        assertNotEquals("[]", r.get("javaAddrsSeenByJs"));
        assertFalse(r.get("javaAddrsSeenByJs").contains("0.0.0.0"));
    }

    /** Runs the scenario in a fresh namespace; returns its RESULT lines as key → value. */
    private static Map<String, String> runScenario(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("unshare", "-n", "--", "sh", "-c", NAMESPACE_SETUP, "sh",
                java, "-cp", testClassPath(), MdnsNamespaceScenario.class.getName()));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("kith-mdns-" + args[0], ".log");
        try {
            Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            String log = Files.readString(stderr, StandardCharsets.UTF_8);
            assertTrue(out.contains("DONE") && p.exitValue() == 0,
                    "scenario " + args[0] + " failed (exit " + p.exitValue() + ")\nstdout:\n" + out + "\nstderr:\n" + log);
            Map<String, String> results = new HashMap<>();
            for (String line : out.split("\n")) {
                if (line.startsWith("RESULT ")) {
                    String[] kv = line.substring(7).split(" ", 2);
                    results.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
            }
            return results;
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** Surefire/failsafe may hide the class path in a manifest-only jar; either form works for java -cp. */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** {@code npm ci} in interop/ when a fresh checkout has no node_modules (NodeRuntime's is package-private). */
    private static void ensureMdnsInstalled(Path interop, Path node) throws Exception {
        if (Files.isRegularFile(interop.resolve("node_modules/@libp2p/mdns/package.json"))) {
            return;
        }
        Path npm = node.resolveSibling("npm");
        Process p = new ProcessBuilder(Files.isExecutable(npm) ? npm.toString() : "npm", "ci", "--no-audit", "--no-fund")
                .directory(interop.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0, "npm ci failed:\n" + out);
    }
}
