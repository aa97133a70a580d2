package org.kith.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.RecordId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kill -9 crash safety of {@link SqliteRecordStore}: a child JVM ({@link IngestCrashChild})
 * ingests into one store file and reports each record the store has accepted ({@code ACK});
 * the test kills it with SIGKILL ({@link ProcessHandle#destroyForcibly()}) after a random number of
 * ACKs, reopens the file and checks that
 * <ul>
 *   <li>{@code PRAGMA integrity_check} is ok;
 *   <li>every ACKed record is stored (a returned ingest is durable);
 *   <li>every feed is contiguous: seq 1..head, each prev the id of the record before, and the
 *       records are exactly those the deterministic generator makes, and the feeds table agrees;
 *   <li>at most one call's worth of records per kill is stored without having been ACKed;
 * </ul>
 * then restarts the child on the same file (which continues every feed from its head) for the
 * next round. The seed is fixed (override with {@code -Dkith.crashit.seed=…}); every wait has a
 * deadline, there are no sleeps.
 */
class IngestCrashIT {
    private static final Logger LOG = LoggerFactory.getLogger(IngestCrashIT.class);


    private static final long SEED = Long.getLong("kith.crashit.seed", 0x6b697468_c4a54L);
    private static final int ROUNDS = 5;
    /** The most ACKs to wait for before a kill; each ACK is one fsync'd transaction, ~1 ms. */
    private static final int MAX_ACKS_BEFORE_KILL = 600;
    private static final long STEP_TIMEOUT_SECONDS = 60;
    private static final String EOF = "\u0000EOF";

    @Test
    void ackedRecordsSurviveKillDashNine(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("crash.db");
        Random random = new Random(SEED);
        Set<RecordId> acked = new HashSet<>();
        long lastStored = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            // Round 1 also covers a kill soon after the store was created.
            int killAfter = round == 1 ? random.nextInt(20) : random.nextInt(MAX_ACKS_BEFORE_KILL + 1);
            long childSeed = random.nextLong();
            Path stderr = dir.resolve("child-" + round + ".err");
            List<RecordId> roundAcks = runAndKill(db, childSeed, killAfter, stderr, lastStored);
            acked.addAll(roundAcks);
            assertTrue(roundAcks.size() >= killAfter, "round " + round + ": got " + roundAcks.size() + " ACKs");
            lastStored = checkStore(db, acked, round);
            LOG.info("round {}: killed after {} ACKs ({} read in all), {} records stored, {} ACKed so far",
                    round, killAfter, roundAcks.size(), lastStored, acked.size());
        }
        assertTrue(acked.size() > ROUNDS, "the child ACKed only " + acked.size() + " records in all rounds");
    }

    /** Starts the child, waits for {@code killAfter} ACKs, kills it, returns every ACK it printed. */
    private static List<RecordId> runAndKill(Path db, long seed, int killAfter, Path stderr, long expectStored)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx128m");
        if (Runtime.version().feature() >= 24) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(IngestCrashChild.class.getName());
        command.add(db.toString());
        command.add(Long.toString(seed));
        Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        child.getOutputStream().close();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("IOERROR " + e);
            } finally {
                lines.add(EOF);
            }
        }, "crash-child-stdout");
        reader.setDaemon(true);
        reader.start();

        List<RecordId> acks = new ArrayList<>();
        try {
            String ready = next(lines, child, stderr, "READY");
            assertEquals("READY " + expectStored, ready, "the child must see every record stored so far");
            while (acks.size() < killAfter) {
                String line = next(lines, child, stderr, "ACK " + (acks.size() + 1));
                acks.add(parseAck(line, stderr));
            }
        } finally {
            // SIGKILL. Through the ProcessHandle: Process.destroyForcibly() would also close our
            // end of the pipe, losing ACKs the child wrote just before it died.
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the child did not die");
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL, not exited by itself");
        // ACKs written before the kill but not read yet count too: those records were committed.
        for (String line; !(line = next(lines, child, stderr, "end of output")).equals(EOF); ) {
            acks.add(parseAck(line, stderr));
        }
        reader.join(TimeUnit.SECONDS.toMillis(STEP_TIMEOUT_SECONDS));
        return acks;
    }

    private static String next(BlockingQueue<String> lines, Process child, Path stderr, String waitingFor)
            throws InterruptedException {
        String line = lines.poll(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (line == null) {
            fail("no line from the child within " + STEP_TIMEOUT_SECONDS + " s, waiting for " + waitingFor
                    + " (alive: " + child.isAlive() + ")" + tail(stderr));
        }
        if (line.equals(EOF) && !waitingFor.equals("end of output")) {
            fail("the child ended early, waiting for " + waitingFor + tail(stderr));
        }
        if (line.startsWith("ERR") || line.startsWith("DONE") || line.startsWith("IOERROR")) {
            fail("unexpected line from the child: " + line + tail(stderr));
        }
        return line;
    }

    private static RecordId parseAck(String line, Path stderr) {
        if (!line.startsWith("ACK ")) {
            fail("expected an ACK line, got: " + line + tail(stderr));
        }
        return RecordId.parse(line.substring(4));
    }

    /** Reopens the store after a kill and checks it; returns the number of records stored. */
    private static long checkStore(Path db, Set<RecordId> acked, int round) throws SQLException {
        // 1. The file itself, with a plain connection (which also recovers the WAL).
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            List<String> problems = new ArrayList<>();
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
            assertEquals(List.of("ok"), problems, "round " + round + ": integrity_check");
        }

        try (RecordStore store = SqliteRecordStore.open(db, IngestCrashChild.owner(), Clock.systemUTC())) {
            // 2. Every ACKed record is there.
            List<RecordId> missing = new ArrayList<>();
            for (RecordId id : acked) {
                if (store.record(id).isEmpty()) {
                    missing.add(id);
                }
            }
            assertEquals(List.of(), missing, "round " + round + ": ACKed records lost after kill -9");

            // 3. Every feed is contiguous and exactly the generator's chain.
            Map<String, List<StoredRecord>> chains = new LinkedHashMap<>();
            store.forEachRecord(r -> {
                assertFalse(r.forkEvidence(), "round " + round + ": unexpected fork evidence " + r.id());
                chains.computeIfAbsent(r.payload().author().toBase58(), k -> new ArrayList<>()).add(r);
            });
            long stored = 0;
            Set<RecordId> storedIds = new HashSet<>();
            for (Map.Entry<String, List<StoredRecord>> chain : chains.entrySet()) {
                int author = IngestCrashChild.authorIndex(chain.getKey());
                RecordId prev = null;
                long seq = 0;
                for (StoredRecord r : chain.getValue()) {
                    seq++;
                    String where = "round " + round + ": author " + author + " seq " + seq;
                    assertEquals(IngestCrashChild.SWARM, r.payload().swarm(), where);
                    assertEquals(seq, r.payload().seq(), where + ": gap in the feed");
                    assertEquals(prev, r.payload().prev(), where + ": prev is not the previous record");
                    assertEquals(IngestCrashChild.record(author, seq, prev).id(), r.id(),
                            where + ": not the record the generator makes");
                    prev = r.id();
                    storedIds.add(r.id());
                }
                stored += seq;
            }
            // The feeds table agrees with the records.
            List<FeedHead> feeds = store.feeds();
            assertEquals(chains.size(), feeds.size(), "round " + round + ": feeds vs chains");
            for (FeedHead head : feeds) {
                List<StoredRecord> chain = chains.get(head.author());
                assertNotNull(chain, "round " + round + ": feed without records " + head);
                assertEquals(chain.size(), head.seq(), "round " + round + ": head seq of " + head.author());
                assertEquals(chain.get(chain.size() - 1).id(), head.id(), "round " + round + ": head id");
                assertFalse(head.forked(), "round " + round + ": feed flagged as forked");
            }
            assertEquals(0, store.heldCount());

            // 4. What is stored beyond the ACKs is at most the call in flight at each kill.
            Set<RecordId> unacked = new HashSet<>(storedIds);
            unacked.removeAll(acked);
            assertTrue(unacked.size() <= (long) round * IngestCrashChild.MAX_BATCH, "round " + round + ": "
                    + unacked.size() + " records stored but never ACKed");
            assertEquals(acked.size() + unacked.size(), storedIds.size());
            return stored;
        }
    }

    private static String tail(Path stderr) {
        try {
            List<String> all = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            return "\n--- child stderr (last lines) ---\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            return " (no child stderr: " + e.getMessage() + ")";
        }
    }

    // ---------------------------------------------------------------------------------------
    // A kill while the store file is being created leaves one of these states; deterministic
    // stand-ins for the (narrow, timing-dependent) windows a SIGKILL would have to hit.

    @Test
    void emptyFileLeftByAKillDuringCreationOpensAndReopens(@TempDir Path dir) throws IOException {
        Path db = dir.resolve("empty.db");
        Files.createFile(db); // SQLite creates the file before its first write
        reopenTwice(db);
    }

    @Test
    void schemaWithoutMetaLeftByAKillAfterMigrationOpensAndReopens(@TempDir Path dir) throws SQLException {
        Path db = dir.resolve("migrated.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            Migrations.migrate(c); // committed; the process dies before the meta rows are written
        }
        reopenTwice(db);
    }

    @Test
    void storeWithRecordsButNoOwnerIsStillRefused(@TempDir Path dir) throws SQLException {
        Path db = dir.resolve("damaged.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            Migrations.migrate(c);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO records (id, envelope, author, swarm, seq, type, ts, received_at)"
                        + " VALUES ('x', x'00', 'a', 'public', 1, 'profile', 0, 0)");
            }
        }
        assertThrows(StoreException.class, () -> SqliteRecordStore.open(db, IngestCrashChild.owner(),
                Clock.systemUTC()).close());
    }

    private static void reopenTwice(Path db) {
        try (RecordStore store = SqliteRecordStore.open(db, IngestCrashChild.owner(), Clock.systemUTC())) {
            assertEquals(IngestResult.Status.ACCEPTED,
                    store.ingest(IngestCrashChild.record(0, 1, null).envelope().encode()).status());
        }
        try (RecordStore store = SqliteRecordStore.open(db, IngestCrashChild.owner(), Clock.systemUTC())) {
            assertEquals(1, store.feeds().size());
        }
        StoreException other = assertThrows(StoreException.class, () -> SqliteRecordStore.open(db,
                Ed25519KeyPair.fromSeed(new byte[32]).peerId(), Clock.systemUTC()).close());
        assertTrue(other.getMessage().contains("belongs to identity"), other.getMessage());
    }
}
