package org.kith.node.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.kith.node.KithHome;
import org.kith.node.KithNode;
import org.kith.node.net.SwarmHost;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.SwarmId;

/**
 * Live propagation: end-to-end latency from {@code KithNode.propose} on one node to the record
 * being stored and queryable on each of the other four. Five nodes in one JVM, each a real
 * {@link KithNode} (own SQLite store) with a {@link SwarmHost} on 127.0.0.1 (Noise, Yamux,
 * gossipsub, sync), connected in a ring (each node has two neighbours; the farthest node is two
 * hops away). Proposals are written at a fixed rate, round-robin over the nodes; each arrival is
 * timestamped by a {@code RecordListener} on the receiving store (called after the ingest
 * transaction committed, derived tables included).
 *
 * <pre>
 *   LiveLatencyBenchmark [--records N] [--rate PER_SECOND] [--warmup N] [--dir DIR]
 * </pre>
 */
public final class LiveLatencyBenchmark {

    private LiveLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = 200;
        double rate = 10;
        int warmup = 20;
        Path dir = Path.of("target", "bench");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[i + 1]);
                case "--rate" -> rate = Double.parseDouble(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int n = 5;
        Clock clock = Clock.systemUTC();
        Path root = Files.createTempDirectory(Files.createDirectories(dir), "live-");
        List<KithNode> nodes = new ArrayList<>();
        List<SwarmHost> hosts = new ArrayList<>();
        // arrivals.get(node).get(id) = System.nanoTime() when the record was stored there
        List<Map<RecordId, Long>> arrivals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] seed = new byte[32];
            seed[0] = (byte) (i + 1);
            seed[1] = (byte) 0x4c;
            Ed25519KeyPair key = Ed25519KeyPair.fromSeed(seed);
            KithNode node = KithNode.open(new KithHome(root.resolve("n" + i)), key.peerId(), key, clock);
            Map<RecordId, Long> arrived = new ConcurrentHashMap<>();
            node.store().addListener((record, status) -> arrived.putIfAbsent(record.id(), System.nanoTime()));
            SwarmHost h = new SwarmHost(new SwarmHost.Config(SwarmId.PUBLIC, SwarmId.PUBLIC, null,
                    List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), false, false, SwarmHost.REDIAL_BASE,
                    SwarmHost.REDIAL_MAX), node.identityKey(), node.store(), clock, "kith/bench");
            h.start().get(10, TimeUnit.SECONDS);
            node.onPublished(r -> h.publish(r));
            nodes.add(node);
            hosts.add(h);
            arrivals.add(arrived);
        }
        for (int i = 0; i < n; i++) {
            hosts.get(i).dial(hosts.get((i + 1) % n).listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        }
        long meshDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!hosts.stream().allMatch(h -> h.gossip().meshPeers(h.topic()).size() == 2)) {
            if (System.nanoTime() > meshDeadline) {
                throw new IllegalStateException("gossip mesh did not form");
            }
            Thread.sleep(20);
        }

        String machine = cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores";
        System.out.printf("# JDK %s (%s), %s, load %s at start; 5 nodes in a ring on 127.0.0.1%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), machine, load());

        long interval = (long) (1e9 / rate);
        List<RecordId> ids = new ArrayList<>();
        List<Integer> origin = new ArrayList<>();
        List<Long> sent = new ArrayList<>();
        List<Long> proposeTime = new ArrayList<>();
        long next = System.nanoTime();
        for (int k = 0; k < warmup + records; k++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next += interval;
            int from = k % n;
            long t0 = System.nanoTime();
            RecordId id = nodes.get(from).propose(new Proposal(ProposalKind.PROJECT, "Proposal " + k,
                    "Live propagation benchmark, record " + k, null, List.of(), null, List.of("bench"),
                    ProposalStatus.OPEN, null), null);
            if (k >= warmup) {
                ids.add(id);
                origin.add(from);
                sent.add(t0);
                proposeTime.add(System.nanoTime() - t0);
            }
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end && !allArrived(ids, origin, arrivals)) {
            Thread.sleep(20);
        }

        List<Long> lat = new ArrayList<>();
        List<Long> lastOfFour = new ArrayList<>();
        List<List<Long>> byHops = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int expected = 0;
        for (int k = 0; k < ids.size(); k++) {
            long worst = -1;
            boolean all = true;
            for (int j = 0; j < n; j++) {
                if (j == origin.get(k)) {
                    continue;
                }
                expected++;
                Long t = arrivals.get(j).get(ids.get(k));
                if (t == null) {
                    all = false;
                    continue;
                }
                long d = t - sent.get(k);
                lat.add(d);
                int apart = Math.abs(j - origin.get(k));
                byHops.get(Math.min(apart, n - apart)).add(d);
                worst = Math.max(worst, d);
            }
            if (all) {
                lastOfFour.add(worst);
            }
        }
        // Queryable where it arrived: check every record on every node through the read side.
        int queryable = 0;
        for (int k = 0; k < ids.size(); k++) {
            for (int j = 0; j < n; j++) {
                if (j != origin.get(k) && nodes.get(j).queries().proposal(ids.get(k).toString()).isPresent()) {
                    queryable++;
                }
            }
        }
        System.out.printf("records %d (after %d warm-up) at %.1f/s, round-robin over 5 nodes%n", records, warmup, rate);
        System.out.printf("deliveries %d of %d (%.2f%%), queryable afterwards %d%n", lat.size(), expected,
                100.0 * lat.size() / expected, queryable);
        System.out.println("per delivery (propose on one node -> stored on another): " + summary(lat));
        System.out.println("per record, to the last of the four:                     " + summary(lastOfFour));
        System.out.println("  1 hop (ring neighbours):                               " + summary(byHops.get(1)));
        System.out.println("  2 hops (forwarded once):                               " + summary(byHops.get(2)));
        System.out.println("propose on the origin (sign, store, commit, hand to gossip): " + summary(proposeTime));
        System.out.printf("load at end %s; heap used %d MiB%n", load(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);

        for (SwarmHost h : hosts) {
            h.stop().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        nodes.forEach(KithNode::close);
    }

    private static boolean allArrived(List<RecordId> ids, List<Integer> origin, List<Map<RecordId, Long>> arrivals) {
        for (int k = 0; k < ids.size(); k++) {
            for (int j = 0; j < arrivals.size(); j++) {
                if (j != origin.get(k) && !arrivals.get(j).containsKey(ids.get(k))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String summary(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "none";
        }
        long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("n=%d p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, mean %.2f ms", s.length,
                ms(pct(s, 0.50)), ms(pct(s, 0.90)), ms(pct(s, 0.99)), ms(s[s.length - 1]),
                ms((long) Arrays.stream(s).average().orElse(0)));
    }

    private static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String load() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (Exception e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }
}
