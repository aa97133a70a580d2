package org.kith.node.sync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Catch-up benchmark (docs/benchmarks.md, "Replication: catch-up"): a fresh node pulls N records
 * in F feeds from one peer over loopback (TCP, Noise, Yamux; both hosts in this JVM). Reports the
 * wall time of {@code sync(peer)}, the stream bytes both ways ({@link SyncResult#bytesIn()} +
 * {@link SyncResult#bytesOut()} of the pulling side) and the records' own bytes.
 *
 * <p>The source store is built once (deterministic records, not timed) and kept in
 * {@code --dir}; the pulling store is new every run. Usage: {@code scripts/bench-sync.sh
 * [--records N] [--feeds F] [--runs R]}.
 */
public final class SyncBenchmark {

    private SyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = 100_000;
        int feeds = 200;
        int runs = 1;
        Path dir = Path.of("target/bench");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[i + 1]);
                case "--feeds" -> feeds = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int perFeed = records / feeds;
        Path sourceDir = dir.resolve("sync-source-" + records + "x" + feeds);
        Files.createDirectories(sourceDir);
        try (SyncNode source = new SyncNode(sourceDir, "source", "public")) {
            long recordBytes = prepare(source, feeds, perFeed);
            source.start();
            for (int run = 1; run <= runs; run++) {
                Path pullDir = Files.createTempDirectory(dir, "sync-pull-");
                try (SyncNode fresh = new SyncNode(pullDir, "fresh", "public").start()) {
                    fresh.connect(source);
                    long t0 = System.nanoTime();
                    SyncResult r = fresh.sync().sync(source.peerId()).get(10, TimeUnit.MINUTES);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    long wire = r.bytesIn() + r.bytesOut();
                    if (fresh.recordCount() != (long) feeds * perFeed) {
                        throw new IllegalStateException("pulled " + fresh.recordCount() + " records");
                    }
                    System.out.printf("run %d: %d records in %d feeds: %.2f s (%.0f records/s); stream bytes %,d"
                            + " (in %,d, out %,d) vs record bytes %,d = %.4fx%n", run, r.recordsAccepted(), feeds,
                            seconds, r.recordsAccepted() / seconds, wire, r.bytesIn(), r.bytesOut(), recordBytes,
                            wire / (double) recordBytes);
                }
                deleteTree(pullDir);
            }
        }
    }

    /** Fills the source store once; returns the records' own bytes (sum of envelope lengths). */
    private static long prepare(SyncNode source, int feeds, int perFeed) {
        long[] bytes = {0};
        source.store().forEachRecord(r -> bytes[0] += r.envelope().length);
        if (source.recordCount() == (long) feeds * perFeed) {
            return bytes[0];
        }
        if (source.recordCount() != 0) {
            throw new IllegalStateException("partial source store; delete " + source);
        }
        System.out.printf("generating %d records in %d feeds (once) ...%n", feeds * perFeed, feeds);
        List<List<byte[]>> perAuthor = IntStream.range(0, feeds).parallel()
                .mapToObj(i -> new SyncFeed("bench-" + i, "public").next(perFeed)).toList();
        List<byte[]> batch = new ArrayList<>(1000);
        for (int s = 0; s < perFeed; s++) {
            for (List<byte[]> f : perAuthor) {
                batch.add(f.get(s));
                if (batch.size() == 1000) {
                    source.store().ingestBatch(batch);
                    batch.clear();
                }
            }
        }
        source.store().ingestBatch(batch);
        bytes[0] = 0;
        source.store().forEachRecord(r -> bytes[0] += r.envelope().length);
        return bytes[0];
    }

    private static void deleteTree(Path p) throws Exception {
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
