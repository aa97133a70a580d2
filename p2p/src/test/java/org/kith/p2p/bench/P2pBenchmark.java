package org.kith.p2p.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.kith.p2p.HostEvent;
import org.kith.p2p.ProtocolHandler;
import org.kith.p2p.Stream;
import org.kith.p2p.StreamReader;
import org.kith.p2p.host.HostConfig;
import org.kith.p2p.host.NettyHost;
import org.kith.p2p.interop.JsMessage;
import org.kith.p2p.interop.JsPeer;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/**
 * Bulk throughput on one stream (TCP + Noise + Yamux, loopback) and connection setup
 * (dial → identified), Java↔Java (in one JVM and across two), Java→js and js→Java, in one run. A
 * documented harness, not a test: {@code scripts/bench-p2p.sh} runs it beside js↔js
 * ({@code interop/bench.mjs}).
 *
 * <pre>
 * P2pBenchmark [BYTES [RUNS [SETUPS]]] [--modes one-jvm,two-jvm,js,setup] [--js-mbps M] [--warmup BYTES]
 * P2pBenchmark --serve     (the far side of two-jvm: a sink host; prints "listening ADDR PEER",
 *                           exits when its stdin closes)
 * </pre>
 *
 * <p>Modes: {@code one-jvm} runs both hosts in this JVM (each with its own event loops);
 * {@code two-jvm} starts a second JVM (same java binary, class path and JVM options) holding the
 * sink, so each side has its own process, as js↔js runs; {@code js} uploads to and from a js-libp2p
 * peer; {@code setup} times dial → identified. With {@code --js-mbps} (the js↔js upload median of
 * the same run) every figure is also given as a ratio to it.
 *
 * <p>Upload protocol {@code /kith/sink/1.0.0} (as the js peer serves it): the sender writes N bytes
 * and half-closes; the sink answers the byte count as a u64 big-endian. Time runs from the first
 * write to that answer.
 */
public final class P2pBenchmark {

    static final String SINK = "/kith/sink/1.0.0";
    static final int CHUNK = 64 * 1024;
    /** Writes in flight per stream; the transport's own flow control does the rest. */
    static final int WRITES_IN_FLIGHT = 64;
    /** Default warm-up upload per path (as interop/bench.mjs); {@code --warmup} sets another. */
    static final long DEFAULT_WARM_UP_BYTES = 32L << 20;
    private static final Set<String> ALL_MODES = Set.of("one-jvm", "two-jvm", "js", "setup");

    /** Runs per path, in order of first appearance, for the summary. */
    private static final Map<String, List<Double>> RESULTS = new LinkedHashMap<>();
    private static double jsMbps = Double.NaN;
    private static long warmUpBytes = DEFAULT_WARM_UP_BYTES;
    /** The sink JVM of {@code two-jvm}, whose CPU time is added to ours while it runs. */
    private static ProcessHandle peerProcess;

    private P2pBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--serve")) {
            serve();
            return;
        }
        List<String> positional = new ArrayList<>();
        List<String> modes = List.of("one-jvm", "two-jvm", "js", "setup");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--modes" -> modes = Arrays.asList(args[++i].split(","));
                case "--js-mbps" -> jsMbps = Double.parseDouble(args[++i]);
                case "--warmup" -> warmUpBytes = Long.parseLong(args[++i]);
                default -> positional.add(args[i]);
            }
        }
        for (String m : modes) {
            if (!ALL_MODES.contains(m)) {
                throw new IllegalArgumentException("unknown mode " + m + "; known: " + ALL_MODES);
            }
        }
        long bytes = positional.size() > 0 ? Long.parseLong(positional.get(0)) : 256L << 20;
        warmUpBytes = Math.min(warmUpBytes, bytes); // as bench.mjs
        int runs = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 3;
        int setups = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 20;
        System.out.printf(Locale.ROOT, "# Java %s (%s), %d MiB per run after %d MiB warm-up, %d runs, %d setups, modes %s, load %s%n",
                System.getProperty("java.version"), System.getProperty("java.vendor"), bytes >> 20, warmUpBytes >> 20,
                runs, setups,
                String.join(",", modes), loadAverage());

        NettyHost client = host();
        if (modes.contains("one-jvm") || modes.contains("setup")) {
            NettyHost server = host();
            PeerId serverId = server.peerId();
            if (modes.contains("one-jvm")) {
                client.dial(server.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
                warmUp("java->java warm-up, one JVM", upload(client, serverId, warmUpBytes));
                for (int i = 0; i < runs; i++) {
                    long cpu = cpuNanos();
                long nanos = upload(client, serverId, bytes);
                report("java->java upload, one JVM", bytes, nanos, cpuNanos() - cpu);
                }
            }
            if (modes.contains("setup")) {
                setups(server, setups);
            }
            server.stop().get(10, TimeUnit.SECONDS);
        }
        if (modes.contains("two-jvm")) {
            twoJvm(client, bytes, runs);
        }
        if (modes.contains("js")) {
            js(client, bytes, runs);
        }
        client.stop().get(10, TimeUnit.SECONDS);
        summary();
        System.exit(0);
    }

    private static void twoJvm(NettyHost client, long bytes, int runs) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String opt : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // One recording or debugger per process: the child gets its own via bench.childJvmOpts.
            if (!opt.startsWith("-XX:StartFlightRecording") && !opt.startsWith("-agentlib")
                    && !opt.startsWith("-javaagent")) {
                command.add(opt);
            }
        }
        String extra = System.getProperty("bench.childJvmOpts", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(Arrays.asList(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), P2pBenchmark.class.getName(), "--serve"));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        peerProcess = child.toHandle();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = lines.readLine();
            if (line == null || !line.startsWith("listening ")) {
                throw new IllegalStateException("sink JVM did not start: " + line);
            }
            String[] parts = line.split(" ");
            PeerId serverId = client.dial(Multiaddr.parse(parts[1])).get(10, TimeUnit.SECONDS);
            if (!serverId.toBase58().equals(parts[2])) {
                throw new IllegalStateException("dialled " + serverId + ", expected " + parts[2]);
            }
            warmUp("java->java warm-up, two JVMs", upload(client, serverId, warmUpBytes));
            for (int i = 0; i < runs; i++) {
                long cpu = cpuNanos();
                long nanos = upload(client, serverId, bytes);
                report("java->java upload, two JVMs", bytes, nanos, cpuNanos() - cpu);
            }
        } finally {
            peerProcess = null;
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroy();
            }
        }
    }

    /** The far side of {@code two-jvm}: a sink host until stdin closes. */
    private static void serve() throws Exception {
        NettyHost server = host();
        System.out.println("listening " + server.listenAddrs().get(0) + " " + server.peerId().toBase58());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our stdin
        }
        server.stop().get(10, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static void js(NettyHost client, long bytes, int runs) throws Exception {
        try (JsPeer js = JsPeer.start(JsPeer.options().name("bench-js").listenLoopback().monitor(false))) {
            PeerId jsId = client.dial(Multiaddr.parse(js.addr())).get(10, TimeUnit.SECONDS);
            upload(client, jsId, warmUpBytes);
            for (int i = 0; i < runs; i++) {
                report("java->js upload", bytes, upload(client, jsId, bytes));
            }
            js.command("sink", Map.of("peer", client.peerId().toBase58(), "bytes", warmUpBytes),
                    Duration.ofMinutes(5));
            for (int i = 0; i < runs; i++) {
                JsMessage r = js.command("sink", Map.of("peer", client.peerId().toBase58(), "bytes", bytes),
                        Duration.ofMinutes(5));
                report("js->java upload", bytes, (long) (r.dbl("ms") * 1_000_000));
            }
        }
    }

    private static void setups(NettyHost server, int setups) throws Exception {
        PeerId serverId = server.peerId();
        List<Long> setupNanos = new ArrayList<>();
        for (int i = 0; i < setups; i++) {
            NettyHost fresh = host();
            CountDownLatch identified = new CountDownLatch(1);
            fresh.addListener(e -> {
                if (e instanceof HostEvent.Identified id && id.peer().equals(serverId)) {
                    identified.countDown();
                }
            });
            long start = System.nanoTime();
            fresh.dial(server.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
            long dialed = System.nanoTime();
            identified.await(10, TimeUnit.SECONDS);
            setupNanos.add(System.nanoTime() - start);
            if (i == 0) {
                System.out.printf(Locale.ROOT, "java->java first dial %.1f ms (cold)%n", (dialed - start) / 1e6);
            }
            fresh.stop().get(10, TimeUnit.SECONDS);
        }
        Collections.sort(setupNanos);
        System.out.printf(Locale.ROOT, "java->java dial->identified median %.1f ms, min %.1f ms%n",
                setupNanos.get(setupNanos.size() / 2) / 1e6, setupNanos.get(0) / 1e6);
    }

    /** The warm-up's own figure: printed (a cold JIT shows here), not counted in the summary. */
    private static void warmUp(String what, long nanos) {
        System.out.printf(Locale.ROOT, "%s %.0f MB/s (%d MiB, not counted)%n", what, warmUpBytes / (nanos / 1e9) / 1e6,
                warmUpBytes >> 20);
    }

    private static void report(String what, long bytes, long nanos) {
        report(what, bytes, nanos, -1);
    }

    /** @param cpuNanos CPU time both ends used (user + system, all threads), or -1 if not known */
    private static void report(String what, long bytes, long nanos, long cpuNanos) {
        double mbps = bytes / (nanos / 1e9) / 1e6;
        RESULTS.computeIfAbsent(what, k -> new ArrayList<>()).add(mbps);
        String cpu = cpuNanos < 0 ? "" : String.format(Locale.ROOT, ", CPU %.2f s = %.0f MB per CPU-second",
                cpuNanos / 1e9, bytes / (cpuNanos / 1e9) / 1e6);
        System.out.printf(Locale.ROOT, "%s %.0f MB/s (%d MiB in %.2f s%s)%s, load %s%n", what, mbps, bytes >> 20,
                nanos / 1e9, cpu,
                Double.isNaN(jsMbps) ? "" : String.format(Locale.ROOT, ", %.2f x js<->js", mbps / jsMbps),
                loadAverage());
    }

    /**
     * CPU time of this process and, while it runs, the sink JVM: from {@code /proc/PID/stat}
     * (user + system, in clock ticks of 10 ms), so a figure that shared cores barely disturb.
     */
    private static long cpuNanos() {
        long total = procCpuNanos(ProcessHandle.current().pid());
        ProcessHandle peer = peerProcess;
        if (peer != null) {
            total += procCpuNanos(peer.pid());
        }
        return total;
    }

    private static long procCpuNanos(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            // Fields after the command (which may contain spaces) start after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return ticks * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** One line per path: every run, the median, and its ratio to the js↔js upload median. */
    private static void summary() {
        System.out.println("# summary: path | runs MB/s | median MB/s | median / js<->js upload median");
        RESULTS.forEach((what, runs) -> {
            List<Double> sorted = new ArrayList<>(runs);
            Collections.sort(sorted);
            double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            StringBuilder all = new StringBuilder();
            for (double r : runs) {
                all.append(all.length() == 0 ? "" : ", ").append(Math.round(r));
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %s |%n", what, all, median,
                    Double.isNaN(jsMbps) ? "-" : String.format(Locale.ROOT, "%.2f", median / jsMbps));
        });
    }

    private static String loadAverage() {
        try {
            String[] parts = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg")),
                    StandardCharsets.US_ASCII).split(" ");
            return parts[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static NettyHost host() throws Exception {
        NettyHost h = new NettyHost(HostConfig.of(Ed25519KeyPair.generate(new SecureRandom()),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), null, "kith-bench/1"));
        h.setProtocolHandler(SINK, sink());
        h.start().get(10, TimeUnit.SECONDS);
        return h;
    }

    static ProtocolHandler sink() {
        return stream -> {
            long[] count = {0};
            stream.read(new StreamReader() {
                @Override
                public void onData(Stream s, byte[] data) {
                    count[0] += data.length;
                }

                /** Counts in place: no copy (the zero-copy read path). */
                @Override
                public void onData(Stream s, ByteBuffer data) {
                    count[0] += data.remaining();
                }

                @Override
                public void onEndOfInput(Stream s) {
                    s.write(ByteBuffer.allocate(8).putLong(count[0]).array());
                    s.closeWrite();
                }
            });
        };
    }

    /** Sends {@code bytes} to the peer's sink; returns nanoseconds until the count came back. */
    static long upload(NettyHost client, PeerId peer, long bytes) throws Exception {
        Stream stream = client.newStream(peer, List.of(SINK)).get(10, TimeUnit.SECONDS);
        CompletableFuture<Long> counted = new CompletableFuture<>();
        byte[] reply = new byte[8];
        int[] got = {0};
        stream.read(new StreamReader() {
            @Override
            public void onData(Stream s, byte[] data) {
                for (byte b : data) {
                    if (got[0] < 8) {
                        reply[got[0]++] = b;
                    }
                }
                if (got[0] == 8) {
                    counted.complete(ByteBuffer.wrap(reply).getLong());
                }
            }

            @Override
            public void onClosed(Stream s) {
                counted.completeExceptionally(new IllegalStateException("sink closed early"));
            }
        });
        byte[] chunk = new byte[CHUNK];
        new SecureRandom().nextBytes(chunk);
        Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        long start = System.nanoTime();
        for (long sent = 0; sent < bytes; sent += CHUNK) {
            if (inFlight.size() >= WRITES_IN_FLIGHT) {
                inFlight.poll().get(60, TimeUnit.SECONDS);
            }
            inFlight.add(stream.write(chunk));
        }
        stream.closeWrite();
        long count = counted.get(5, TimeUnit.MINUTES);
        long nanos = System.nanoTime() - start;
        if (count != (bytes + CHUNK - 1) / CHUNK * CHUNK) {
            throw new IllegalStateException("sink counted " + count + " bytes");
        }
        return nanos;
    }
}
