package org.kith.p2p.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.kith.p2p.host.HostConfig;
import org.kith.p2p.host.NettyHost;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.pubsub.Gossipsub;
import org.kith.p2p.pubsub.GossipsubConfig;
import org.kith.protocol.identity.Ed25519KeyPair;

/**
 * Gossipsub propagation benchmark, Java side, the same shape as interop/bench-gossip.mjs: N hosts
 * in this JVM on 127.0.0.1, connected by {@link BenchGraph} from the same seed, all subscribed to
 * one topic; messages published at a fixed total rate, round-robin over the hosts, for a fixed
 * time; every delivery's latency recorded on one clock. Prints one JSON line.
 *
 * <p>Usage: {@code GossipBenchmark [hosts=12] [degree=4] [rate=100] [seconds=60] [size=256] [seed=42]}
 */
public final class GossipBenchmark {

    private static final String TOPIC = "kith-bench";

    private GossipBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = arg(args, 0, 12);
        int degree = arg(args, 1, 4);
        int rate = arg(args, 2, 100);
        int seconds = arg(args, 3, 60);
        int size = Math.max(16, arg(args, 4, 256));
        int seed = arg(args, 5, 42);

        List<NettyHost> nodes = new ArrayList<>();
        List<Gossipsub> routers = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            byte[] s = new byte[32];
            Arrays.fill(s, (byte) (i + 1));
            Ed25519KeyPair key = Ed25519KeyPair.fromSeed(s);
            NettyHost h = new NettyHost(HostConfig.of(key, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), null,
                    "kith-bench"));
            h.start().get(10, TimeUnit.SECONDS);
            nodes.add(h);
            routers.add(Gossipsub.attach(h, key, GossipsubConfig.defaults()));
        }
        List<int[]> edges = BenchGraph.edges(hosts, degree, seed);
        List<Set<Integer>> neighbours = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            neighbours.add(new HashSet<>());
        }
        for (int[] e : edges) {
            nodes.get(e[0]).dial(nodes.get(e[1]).listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
            neighbours.get(e[0]).add(e[1]);
            neighbours.get(e[1]).add(e[0]);
        }

        long total = (long) rate * seconds;
        long expected = total * (hosts - 1);
        long[] latencies = new long[(int) expected];
        AtomicInteger delivered = new AtomicInteger();
        BitSet[] received = new BitSet[hosts];
        long t0 = System.nanoTime();
        for (int i = 0; i < hosts; i++) {
            BitSet seen = new BitSet((int) total);
            received[i] = seen;
            routers.get(i).subscribe(TOPIC, m -> {
                ByteBuffer b = ByteBuffer.wrap(m.data());
                int seq = (int) b.getLong(0);
                long sent = b.getLong(8);
                long now = System.nanoTime() - t0;
                synchronized (seen) {
                    if (seen.get(seq)) {
                        return;
                    }
                    seen.set(seq);
                }
                int at = delivered.getAndIncrement();
                if (at < latencies.length) {
                    latencies[at] = now - sent;
                }
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean ready = true;
            for (int i = 0; i < hosts; i++) {
                Gossipsub g = routers.get(i);
                if (g.topicPeers(TOPIC).size() < neighbours.get(i).size()
                        || g.meshPeers(TOPIC).size() < Math.min(4, neighbours.get(i).size())) {
                    ready = false;
                }
            }
            if (ready) {
                break;
            }
            Thread.sleep(50);
        }

        System.err.printf("[gossip-bench] %d hosts, %d links, %d messages at %d/s of %d B%n", hosts, edges.size(), total,
                rate, size);
        AtomicInteger publishFailures = new AtomicInteger();
        long start = System.nanoTime();
        for (long seq = 0; seq < total; seq++) {
            long due = start + seq * 1_000_000_000L / rate;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            byte[] data = new byte[size];
            ByteBuffer.wrap(data).putLong(0, seq).putLong(8, System.nanoTime() - t0);
            int i = (int) (seq % hosts);
            synchronized (received[i]) {
                received[i].set((int) seq);
            }
            routers.get(i).publish(TOPIC, data).whenComplete((id, e) -> {
                if (e != null) {
                    publishFailures.incrementAndGet();
                }
            });
        }
        long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.get() < expected && System.nanoTime() < drainEnd) {
            Thread.sleep(50);
        }
        int n = Math.min(delivered.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "{\"impl\":\"java\",\"jdk\":\"%s\",\"hosts\":%d,\"links\":%d,\"rate\":%d,"
                + "\"seconds\":%d,\"size\":%d,\"published\":%d,\"publishFailures\":%d,\"expected\":%d,\"delivered\":%d,"
                + "\"deliveredFraction\":%.6f,\"p50Ms\":%s,\"p90Ms\":%s,\"p99Ms\":%s,\"maxMs\":%s}%n",
                Runtime.version(), hosts, edges.size(), rate, seconds, size, total, publishFailures.get(), expected, n,
                (double) n / expected, pct(sorted, 0.5), pct(sorted, 0.9), pct(sorted, 0.99),
                n == 0 ? "null" : ms(sorted[n - 1]));
        for (Gossipsub g : routers) {
            g.close();
        }
        for (NettyHost h : nodes) {
            h.stop().get(10, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static String pct(long[] sorted, double p) {
        return sorted.length == 0 ? "null" : ms(sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))]);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
