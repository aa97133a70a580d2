package org.kith.node.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kith.node.store.IngestResult;
import org.kith.node.store.RecordStore;
import org.kith.node.store.SqliteRecordStore;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.Ed25519PublicKey;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.PayloadCodec;
import org.kith.protocol.record.RecordPayload;
import org.kith.protocol.record.RecordVerifier;
import org.kith.protocol.record.SignedRecord;
import org.kith.protocol.record.VerifiedRecord;

/**
 * Ingest throughput and memory of {@link SqliteRecordStore}, single-threaded. Not a unit test: a
 * plain main, run by {@code scripts/bench-ingest.sh} (see docs/benchmarks.md).
 *
 * <p>The signed records are generated once (untimed, deterministic, cached under the work dir)
 * by {@link RecordFile}. Each timed phase streams that file; nothing holds the record set in
 * memory. Phases, in this order, in one JVM:
 * <ol>
 *   <li>warm-up (untimed): verify and ingest the first {@code --warmup} records into a scratch DB;
 *   <li>{@code sig}: Ed25519 verification alone (Bouncy Castle), over the first
 *       {@code --sig-records} records, pre-decoded in memory;
 *   <li>{@code parse}: envelope decode + strict payload parse + record id (no signature);
 *   <li>{@code verify}: {@link RecordVerifier#verify(byte[])}, the whole stateless door;
 *   <li>{@code ingest b=B}: {@link RecordStore#ingestBatch} in batches of B into a fresh DB, for
 *       each B of {@code --batches} (B = 1 uses {@link RecordStore#ingest(byte[])});
 *   <li>{@code ingest b=1}: one transaction (one fsync) per record, over the first
 *       {@code --single} records.
 * </ol>
 * Every phase reports records/s, and heap: the sum of the peak usage of the heap memory pools
 * (reset after a GC at the phase start) and the live heap after a forced GC at each tenth of
 * the phase (GC time excluded from the timing), which shows whether memory grows with the
 * number of records.
 */
public final class IngestBenchmark {

    private static final String SEP = "-".repeat(110);

    private long records = 100_000;
    private int authors = 100;
    private List<Integer> batches = List.of(1000, 100);
    private long single = 2_000;
    private long warmup = 10_000;
    private long sigRecords = 20_000;
    private Path dir = Paths.get("target", "bench");
    private Path dbDir;
    private boolean keepDb;
    private int genThreads = Runtime.getRuntime().availableProcessors();
    private List<String> phases = List.of("sig", "parse", "verify", "ingest", "single");

    private final List<Map<String, String>> rows = new ArrayList<>();
    private final Clock clock = Clock.systemUTC();
    private final PeerId owner = Ed25519KeyPair.fromSeed(FeedGenerator.seedOf("kith-bench/owner")).peerId();
    private long sink;

    public static void main(String[] args) throws Exception {
        IngestBenchmark b = new IngestBenchmark();
        b.parseArgs(args);
        b.run();
    }

    private void parseArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--records" -> records = parseCount(v);
                case "--authors" -> authors = Integer.parseInt(v);
                case "--batches" -> {
                    batches = new ArrayList<>();
                    for (String s : v.split(",")) {
                        if (!s.isBlank()) {
                            batches.add(Integer.parseInt(s.strip()));
                        }
                    }
                }
                case "--single" -> single = parseCount(v);
                case "--warmup" -> warmup = parseCount(v);
                case "--sig-records" -> sigRecords = parseCount(v);
                case "--dir" -> dir = Paths.get(v);
                case "--db-dir" -> dbDir = Paths.get(v);
                case "--gen-threads" -> genThreads = Integer.parseInt(v);
                case "--phases" -> phases = List.of(v.split(","));
                case "--keep-db" -> {
                    keepDb = true;
                    continue;
                }
                case "--help", "-h" -> {
                    usage();
                    System.exit(0);
                }
                default -> {
                    System.err.println("unknown option " + a);
                    usage();
                    System.exit(2);
                }
            }
            i++;
        }
        if (records < 1 || authors < 1) {
            throw new IllegalArgumentException("--records and --authors must be positive");
        }
    }

    private static long parseCount(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT).replace("_", "");
        long mult = 1;
        if (s.endsWith("k")) {
            mult = 1_000;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            mult = 1_000_000;
            s = s.substring(0, s.length() - 1);
        }
        return Long.parseLong(s) * mult;
    }

    private static void usage() {
        System.err.println("""
                usage: IngestBenchmark [--records N] [--authors A] [--batches 1000,100] [--single N]
                                       [--warmup N] [--sig-records N] [--phases sig,parse,verify,ingest,single]
                                       [--dir target/bench] [--db-dir DIR] [--gen-threads T] [--keep-db]
                  counts accept k/m suffixes (100k, 1m); --single 0 or --warmup 0 skip those;
                  --db-dir puts the SQLite files elsewhere (default: --dir), e.g. on tmpfs to leave the disk out""");
    }

    private void run() throws Exception {
        if (dbDir == null) {
            dbDir = dir;
        }
        Files.createDirectories(dbDir);
        printEnvironment();
        Path file = RecordFile.cached(dir, records, authors);
        long t0 = System.nanoTime();
        boolean generated = RecordFile.ensure(file, records, authors, genThreads);
        double genSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "records file: %s (%.1f MiB, %s in %.1f s)%n", file,
                Files.size(file) / 1048576.0, generated ? "generated with " + genThreads + " threads" : "cached",
                genSeconds);
        System.out.println(SEP);

        if (warmup > 0) {
            long n = Math.min(warmup, records);
            Path db = dbDir.resolve("warmup.db");
            deleteDb(db);
            long t = System.nanoTime();
            verifyPass(file, n);
            ingestPass(file, db, n, 1000, false);
            deleteDb(db);
            System.out.printf(Locale.ROOT, "warm-up: verify + ingest of %d records, %.1f s (not reported)%n", n,
                    (System.nanoTime() - t) / 1e9);
        }
        if (phases.contains("sig")) {
            sigPhase(file, Math.min(sigRecords, records));
        }
        if (phases.contains("parse")) {
            parsePhase(file);
        }
        if (phases.contains("verify")) {
            Measure m = new Measure("verify (decode+parse+sig)", records, 0);
            verifyPass(file, records, m);
            m.finish(null);
        }
        if (phases.contains("ingest")) {
            for (int b : batches) {
                Path db = dbDir.resolve("ingest-b" + b + ".db");
                deleteDb(db);
                ingestPass(file, db, records, b, true);
            }
        }
        if (phases.contains("single") && single > 0) {
            Path db = dbDir.resolve("ingest-b1.db");
            deleteDb(db);
            ingestPass(file, db, Math.min(single, records), 1, true);
        }
        System.out.println(SEP);
        printTable();
        if (sink == 42) {
            System.out.println("");
        }
    }

    // ------------------------------------------------------------------------------- phases

    private void sigPhase(Path file, long n) throws IOException, InvalidRecordException {
        // Untimed preparation: decode, parse and look up the key, keep what verification needs.
        int count = (int) n;
        byte[][] messages = new byte[count][];
        byte[][] signatures = new byte[count][];
        Ed25519PublicKey[] keys = new Ed25519PublicKey[count];
        Map<PeerId, Ed25519PublicKey> byAuthor = new LinkedHashMap<>();
        try (RecordFile.Reader in = new RecordFile.Reader(file)) {
            for (int i = 0; i < count; i++) {
                SignedRecord r = SignedRecord.decode(in.next());
                RecordPayload p = PayloadCodec.parse(r.payload(), Long.MAX_VALUE / 2);
                messages[i] = SignedRecord.signingInput(r.payload());
                signatures[i] = r.signature();
                keys[i] = byAuthor.computeIfAbsent(p.author(), a -> a.ed25519Key().orElseThrow());
            }
        }
        Measure m = new Measure("sig (Ed25519 verify only)", n, 0);
        for (int i = 0; i < count; i++) {
            if (!keys[i].verify(messages[i], signatures[i])) {
                throw new IllegalStateException("signature " + i + " does not verify");
            }
            m.tick(i + 1);
        }
        m.finish(null);
    }

    private void parsePhase(Path file) throws IOException, InvalidRecordException {
        Measure m = new Measure("parse (decode+parse+id)", records, 0);
        long now = clock.millis();
        try (RecordFile.Reader in = new RecordFile.Reader(file)) {
            byte[] envelope;
            long i = 0;
            while ((envelope = in.next()) != null) {
                SignedRecord r = SignedRecord.decode(envelope);
                RecordPayload p = PayloadCodec.parse(r.payload(), now);
                sink += p.seq() + r.id().hashCode();
                m.tick(++i);
            }
        }
        m.finish(null);
    }

    private void verifyPass(Path file, long n) throws IOException, InvalidRecordException {
        verifyPass(file, n, null);
    }

    private void verifyPass(Path file, long n, Measure m) throws IOException, InvalidRecordException {
        RecordVerifier verifier = new RecordVerifier(clock);
        try (RecordFile.Reader in = new RecordFile.Reader(file)) {
            for (long i = 1; i <= n; i++) {
                VerifiedRecord r = verifier.verify(in.next());
                sink += r.seq();
                if (m != null) {
                    m.tick(i);
                }
            }
        }
    }

    private void ingestPass(Path file, Path db, long n, int batchSize, boolean report) throws IOException {
        Measure m = report ? new Measure("ingest b=" + batchSize, n, batchSize) : null;
        long accepted = 0;
        String firstFailure = null;
        try (RecordFile.Reader in = new RecordFile.Reader(file);
                RecordStore store = SqliteRecordStore.open(db, owner, clock)) {
            if (m != null) {
                m.restart(); // opening the store (schema creation) is not ingest
            }
            List<byte[]> batch = new ArrayList<>(batchSize);
            for (long i = 1; i <= n; i++) {
                batch.add(in.next());
                if (batch.size() == batchSize || i == n) {
                    List<IngestResult> results = batchSize == 1 ? List.of(store.ingest(batch.get(0)))
                            : store.ingestBatch(batch);
                    for (IngestResult r : results) {
                        if (r.status() == IngestResult.Status.ACCEPTED) {
                            accepted++;
                        } else if (firstFailure == null) {
                            firstFailure = r.toString();
                        }
                    }
                    batch.clear();
                    if (m != null) {
                        m.tick(i);
                    }
                }
            }
            if (m != null) {
                m.stopClock(); // close (WAL checkpoint) is reported separately
            }
        }
        if (accepted != n) {
            throw new IllegalStateException("only " + accepted + " of " + n + " records accepted; first other: "
                    + firstFailure);
        }
        if (m != null) {
            m.finish(db);
        }
        if (!keepDb || !report) {
            deleteDb(db);
        }
    }

    // ------------------------------------------------------------------------------- measuring

    /** Times a phase and samples the heap; forced GCs at each tenth are excluded from the time. */
    private final class Measure {
        private final String name;
        private final long total;
        private final int batch;
        private final List<MemoryPoolMXBean> heapPools = new ArrayList<>();
        private long start;
        private long excluded;
        private long end;
        private long[] ioEnd;
        private long cpuStart;
        private long cpuEnd;
        private final String loadStart = loadAverage();
        private String loadEnd;
        private long nextSample;
        private final List<Long> liveSamples = new ArrayList<>();
        private final List<Double> tenthRates = new ArrayList<>();
        private long lastDone;
        private long lastElapsed;
        private long forcedGcCount;
        private long forcedGcMillis;
        private final long[] ioStart;
        private final long gcCountStart;
        private final long gcMillisStart;

        Measure(String name, long total, int batch) {
            this.name = name;
            this.total = total;
            this.batch = batch;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool);
                }
            }
            System.gc();
            for (MemoryPoolMXBean pool : heapPools) {
                pool.resetPeakUsage();
            }
            liveSamples.add(usedHeap());
            ioStart = procIo();
            gcCountStart = gcCount();
            gcMillisStart = gcMillis();
            nextSample = Math.max(1, total / 10);
            restart();
        }

        void restart() {
            excluded = 0;
            cpuStart = THREADS.getCurrentThreadCpuTime();
            start = System.nanoTime();
        }

        /** Called with the number of records done so far. */
        void tick(long done) {
            if (done >= nextSample && total >= 1000) {
                long t = System.nanoTime();
                long elapsed = t - start - excluded;
                tenthRates.add((done - lastDone) / ((elapsed - lastElapsed) / 1e9));
                lastDone = done;
                lastElapsed = elapsed;
                long count = gcCount();
                long millis = gcMillis();
                System.gc();
                forcedGcCount += gcCount() - count;
                forcedGcMillis += gcMillis() - millis;
                liveSamples.add(usedHeap());
                nextSample += Math.max(1, total / 10);
                excluded += System.nanoTime() - t;
            }
        }

        void stopClock() {
            end = System.nanoTime();
            cpuEnd = THREADS.getCurrentThreadCpuTime();
            loadEnd = loadAverage();
            ioEnd = procIo();
        }

        void finish(Path db) throws IOException {
            if (end == 0) {
                stopClock();
            }
            double seconds = (end - start - excluded) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : heapPools) {
                peak += pool.getPeakUsage().getUsed();
            }
            long liveMin = liveSamples.stream().mapToLong(Long::longValue).min().orElse(0);
            long liveMax = liveSamples.stream().mapToLong(Long::longValue).max().orElse(0);
            Map<String, String> row = new LinkedHashMap<>();
            row.put("phase", name);
            row.put("records", String.format(Locale.ROOT, "%,d", total));
            row.put("seconds", String.format(Locale.ROOT, "%.2f", seconds));
            row.put("records/s", String.format(Locale.ROOT, "%,.0f", total / seconds));
            row.put("µs/record", String.format(Locale.ROOT, "%.1f", seconds * 1e6 / total));
            double cpu = (cpuEnd - cpuStart) / 1e9;
            row.put("thread CPU s", String.format(Locale.ROOT, "%.2f", cpu));
            row.put("records/CPU-s", String.format(Locale.ROOT, "%,.0f", total / cpu));
            row.put("peak heap MiB", String.format(Locale.ROOT, "%.1f", peak / 1048576.0));
            row.put("live heap MiB (min–max)", String.format(Locale.ROOT, "%.1f–%.1f", liveMin / 1048576.0,
                    liveMax / 1048576.0));
            row.put("GCs (ms)", String.format(Locale.ROOT, "%d (%d)", gcCount() - gcCountStart - forcedGcCount,
                    gcMillis() - gcMillisStart - forcedGcMillis));
            row.put("written MiB disk (syscalls)", ioEnd[1] < 0 ? "?" : String.format(Locale.ROOT, "%.0f (%.0f)",
                    (ioEnd[1] - ioStart[1]) / 1048576.0, (ioEnd[0] - ioStart[0]) / 1048576.0));
            row.put("DB MiB", db == null ? "" : String.format(Locale.ROOT, "%.1f", dbSize(db) / 1048576.0));
            rows.add(row);
            System.out.printf(Locale.ROOT, "%-28s %10s records %8s s %10s rec/s  peak heap %s MiB  live %s MiB%s%n",
                    name, row.get("records"), row.get("seconds"), row.get("records/s"), row.get("peak heap MiB"),
                    row.get("live heap MiB (min–max)"), db == null ? "" : "  DB " + row.get("DB MiB") + " MiB  written "
                            + row.get("written MiB disk (syscalls)") + " MiB");
            System.out.printf(Locale.ROOT, "    benchmark thread CPU %s s (%s records per CPU-second); load average %s -> %s%n",
                    row.get("thread CPU s"), row.get("records/CPU-s"), loadStart, loadEnd);
            if (!tenthRates.isEmpty()) {
                System.out.println("    records/s in each tenth: " + tenthRates.stream()
                        .map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList());
            }
            System.out.println("    live heap after GC at each tenth (MiB): " + liveSamples.stream()
                    .map(l -> String.format(Locale.ROOT, "%.1f", l / 1048576.0)).toList());
        }

        private long usedHeap() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The 1-minute load average: other processes competing for the cores make wall times noisy. */
    private static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** {wchar, write_bytes} of this process from /proc/self/io, or {-1, -1}. */
    private static long[] procIo() {
        long[] out = {-1, -1};
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/io"))) {
                if (line.startsWith("wchar:")) {
                    out[0] = Long.parseLong(line.substring(6).strip());
                } else if (line.startsWith("write_bytes:")) {
                    out[1] = Long.parseLong(line.substring(12).strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return out;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }

    // ------------------------------------------------------------------------------- reporting

    private void printEnvironment() {
        Runtime rt = Runtime.getRuntime();
        System.out.println(SEP);
        System.out.println("Kith ingest benchmark");
        System.out.printf(Locale.ROOT, "JDK: %s %s (%s, %s)%n", System.getProperty("java.vendor"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"),
                System.getProperty("java.home"));
        System.out.println("CPU: " + cpuModel() + ", " + rt.availableProcessors() + " cores available");
        System.out.printf(Locale.ROOT, "RAM: %s; max heap %.0f MiB; GC: %s%n", memTotal(), rt.maxMemory() / 1048576.0,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
        System.out.println("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        System.out.println("JVM args: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.println("SQLite: " + sqliteVersion() + " (sqlite-jdbc), journal WAL, synchronous FULL");
        System.out.printf(Locale.ROOT, "workload: %,d records, %d authors, batches %s, single %,d, warm-up %,d%n",
                records, authors, batches, single, warmup);
        System.out.println("database directory: " + dbDir.toAbsolutePath() + " (" + fileStore(dbDir) + ")");
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kib / 1048576.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return "unknown";
    }

    private static String sqliteVersion() {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
            return rs.next() ? rs.getString(1) : "?";
        } catch (SQLException e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    private static String fileStore(Path p) {
        try {
            var store = Files.getFileStore(p);
            return store.type() + " " + store.name();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Peak resident set of this process (VmHWM), all phases together. */
    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return "unknown";
    }

    private void printTable() {
        if (rows.isEmpty()) {
            return;
        }
        List<String> cols = new ArrayList<>(rows.get(0).keySet());
        System.out.println("| " + String.join(" | ", cols) + " |");
        System.out.println("|" + "---|".repeat(cols.size()));
        for (Map<String, String> row : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : cols) {
                cells.add(row.get(c));
            }
            System.out.println("| " + String.join(" | ", cells) + " |");
        }
        System.out.println("peak RSS of the process (all phases): " + peakRss());
    }

    private static long dbSize(Path db) throws IOException {
        long size = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path p = db.resolveSibling(db.getFileName() + suffix);
            if (Files.exists(p)) {
                size += Files.size(p);
            }
        }
        return size;
    }

    private static void deleteDb(Path db) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
        }
    }
}
