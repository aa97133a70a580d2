package org.kith.p2p.mdns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.kith.p2p.host.HostConfig;
import org.kith.p2p.host.NettyHost;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/**
 * The multicast half of {@link MdnsNamespaceIT}: runs in a child JVM inside a private network
 * namespace holding nothing but loopback, and refuses to run anywhere else. Prints
 * {@code RESULT <key> <value>} lines and a final {@code DONE} on stdout; logs go to stderr.
 *
 * <p>Usage: {@code MdnsNamespaceScenario java-java|java-js [interopDir nodePath]}
 */
public final class MdnsNamespaceScenario {

    static final Duration DEADLINE = Duration.ofSeconds(40);

    private MdnsNamespaceScenario() {
    }

    public static void main(String[] args) throws Exception {
        List<String> outside = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isLoopback()) {
                outside.add(ni.getName());
            }
        }
        if (!outside.isEmpty()) {
            System.err.println("refusing to multicast: interfaces besides loopback exist " + outside
                    + " (run inside unshare -n)");
            System.exit(3);
        }
        switch (args[0]) {
            case "java-java" -> javaJava(MdnsConfig.DEFAULT, "/ip4/127.0.0.1/tcp/0");
            case "java-js" -> javaJs(Path.of(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }

    private static void javaJava(MdnsConfig config, String listen) throws Exception {
        try (Node a = new Node(config, listen); Node b = new Node(config, listen)) {
            a.start();
            b.start();
            boolean connected = waitFor(() -> a.host.connectedPeers().contains(b.host.peerId())
                    && b.host.connectedPeers().contains(a.host.peerId()));
            result("connected", connected);
            result("aDiscoveredB", a.discovered.contains(b.host.peerId()));
            result("bDiscoveredA", b.discovered.contains(a.host.peerId()));
            result("aDiscoveredSelf", a.discovered.contains(a.host.peerId()));
            result("aPeerName", a.mdns.peerName());
            result("bAddrsSeenByA", a.addrsSeen(b.host.peerId()));
            result("bListenAddrs", b.host.listenAddrs());
        }
    }

    private static void javaJs(Path interopDir, Path node) throws Exception {
        Process js = new ProcessBuilder(node.toString(), "mdns-peer.mjs", "--listen", "/ip4/127.0.0.1/tcp/0",
                "--interval", "10000")
                .directory(interopDir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String[]> jsEvents = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(js.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    System.err.println("[js] " + line);
                    jsEvents.add(line.split(" "));
                }
            } catch (IOException e) {
                System.err.println("js stdout: " + e);
            }
        }, "js-stdout");
        reader.setDaemon(true);
        reader.start();
        try (Node java = new Node(MdnsConfig.DEFAULT, "/ip4/127.0.0.1/tcp/0")) {
            boolean listening = waitFor(() -> find(jsEvents, "listening", null) != null);
            result("jsListening", listening);
            if (!listening) {
                return;
            }
            PeerId jsPeer = PeerId.parse(find(jsEvents, "listening", null)[1]);
            String javaId = java.host.peerId().toString();
            java.start();
            boolean done = waitFor(() -> java.host.connectedPeers().contains(jsPeer)
                    && find(jsEvents, "discovered", javaId) != null
                    && find(jsEvents, "connected", javaId) != null);
            result("allSeen", done);
            result("javaDiscoveredJs", java.discovered.contains(jsPeer));
            result("javaConnectedJs", java.host.connectedPeers().contains(jsPeer));
            result("jsDiscoveredJava", find(jsEvents, "discovered", javaId) != null);
            result("jsConnectedJava", find(jsEvents, "connected", javaId) != null);
            result("jsAddrsSeenByJava", java.addrsSeen(jsPeer));
            String[] discovered = find(jsEvents, "discovered", javaId);
            result("javaAddrsSeenByJs", discovered == null ? List.of()
                    : Arrays.asList(discovered).subList(2, discovered.length));
        } finally {
            js.getOutputStream().close();
            if (!js.waitFor(10, TimeUnit.SECONDS)) {
                js.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String[] find(List<String[]> events, String kind, String peer) {
        for (String[] e : events) {
            if (e[0].equals(kind) && e.length > 1 && (peer == null || e[1].equals(peer))) {
                return e;
            }
        }
        return null;
    }

    private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            // Polling a condition against a deadline; the hosts' events arrive on their own threads.
            Thread.sleep(20);
        }
        return true;
    }

    private static void result(String key, Object value) {
        System.out.println("RESULT " + key + " " + value);
        System.out.flush();
    }

    /** A NettyHost with mDNS discovery and the discovery dialer. */
    private static final class Node implements AutoCloseable {

        final NettyHost host;
        final MdnsDiscovery mdns;
        final Set<PeerId> discovered = ConcurrentHashMap.newKeySet();
        final List<DiscoveredPeer> reports = new CopyOnWriteArrayList<>();

        Node(MdnsConfig config, String listen) {
            host = new NettyHost(HostConfig.of(Ed25519KeyPair.generate(new SecureRandom()),
                    List.of(Multiaddr.parse(listen)), null, "kith-mdns-test"));
            DiscoveryDialer dialer = new DiscoveryDialer(host);
            mdns = new MdnsDiscovery(host, config, found -> {
                discovered.add(found.peer());
                reports.add(found);
                dialer.accept(found);
            });
        }

        void start() throws IOException {
            host.start().join();
            mdns.start();
        }

        List<String> addrsSeen(PeerId peer) {
            return reports.stream().filter(r -> r.peer().equals(peer)).findFirst()
                    .map(r -> r.addrs().stream().map(Multiaddr::toString).toList()).orElse(List.of());
        }

        @Override
        public void close() {
            mdns.close();
            host.close();
        }
    }
}
