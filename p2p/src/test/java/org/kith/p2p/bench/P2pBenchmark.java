package org.kith.p2p.bench;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * (dial → identified), Java↔Java, Java→js and js→Java, in one run. A documented harness, not a
 * test: {@code scripts/bench-p2p.sh} runs it beside js↔js ({@code interop/bench.mjs}).
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

    private P2pBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = args.length > 0 ? Long.parseLong(args[0]) : 256L << 20;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int setups = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        System.out.printf(Locale.ROOT, "# Java %s (%s), %d MiB per run, %d runs, %d setups%n",
                System.getProperty("java.version"), System.getProperty("java.vendor"), bytes >> 20, runs, setups);

        NettyHost server = host();
        NettyHost client = host();
        PeerId serverId = server.peerId();
        client.dial(server.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        upload(client, serverId, 32L << 20); // warm-up
        for (int i = 0; i < runs; i++) {
            report("java->java upload", bytes, upload(client, serverId, bytes));
        }

        try (JsPeer js = JsPeer.start(JsPeer.options().name("bench-js").listenLoopback().monitor(false))) {
            PeerId jsId = client.dial(Multiaddr.parse(js.addr())).get(10, TimeUnit.SECONDS);
            upload(client, jsId, 32L << 20);
            for (int i = 0; i < runs; i++) {
                report("java->js upload", bytes, upload(client, jsId, bytes));
            }
            js.command("sink", Map.of("peer", client.peerId().toBase58(), "bytes", 32L << 20), java.time.Duration.ofMinutes(5));
            for (int i = 0; i < runs; i++) {
                JsMessage r = js.command("sink", Map.of("peer", client.peerId().toBase58(), "bytes", bytes),
                        java.time.Duration.ofMinutes(5));
                report("js->java upload", bytes, (long) (r.dbl("ms") * 1_000_000));
            }
        }

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
        client.stop().get(10, TimeUnit.SECONDS);
        server.stop().get(10, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static void report(String what, long bytes, long nanos) {
        System.out.printf(Locale.ROOT, "%s %.0f MB/s (%d MiB in %.2f s)%n", what, bytes / (nanos / 1e9) / 1e6,
                bytes >> 20, nanos / 1e9);
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
