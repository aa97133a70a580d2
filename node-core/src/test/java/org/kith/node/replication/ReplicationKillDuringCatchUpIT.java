package org.kith.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.IngestResult;
import org.kith.node.sync.SyncFeed;
import org.kith.protocol.record.SwarmId;
import org.sqlite.SQLiteConfig;

/**
 * kill -9 of a real {@code kith run} process in the middle of a catch-up: it pulls 20,000
 * records (40 feeds) from a peer; once some thousands are stored it is killed with SIGKILL. The
 * store is sound ({@code PRAGMA integrity_check}), every record it had stored before the kill
 * (read from its database while it ran) and the record its user wrote are still there; restarted
 * on the same data directory it resumes and ends with exactly the peer's records, and the peer
 * has the user's record.
 */
class ReplicationKillDuringCatchUpIT {

    static final int FEEDS = 40;
    static final int PER_FEED = 500;
    static final int KILL_AFTER = 2_000;

    @TempDir
    Path tmp;
    Cluster cluster;
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(p -> p.toHandle().destroyForcibly());
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String cli(Path home, String... args) {
        return org.kith.node.cli.InProcessCli.run(home, args);
    }

    private Process run(Path home, String dial, int round) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        ProcessBuilder pb = new ProcessBuilder(root.resolve("kith").toString(), "run", "--home", home.toString(),
                "--listen", "/ip4/127.0.0.1/tcp/0", "--no-mdns", "--dial", dial)
                .redirectOutput(tmp.resolve("run-" + round + ".out").toFile())
                .redirectError(tmp.resolve("run-" + round + ".err").toFile());
        pb.environment().put("KITH_NO_BUILD", "1");
        pb.environment().put("KITH_LOG_LEVEL", "INFO");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private String log(int round) {
        try {
            return "\nstdout:\n" + Files.readString(tmp.resolve("run-" + round + ".out")) + "stderr:\n"
                    + Files.readString(tmp.resolve("run-" + round + ".err"));
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static Connection readOnly(Path db) throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5_000);
        return DriverManager.getConnection("jdbc:sqlite:" + db, config.toProperties());
    }

    private static long count(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM records")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> ids(Connection c) throws Exception {
        Set<String> out = new TreeSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM records")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void aNodeKilledDuringCatchUpResumesAndLosesNothingItHadStored() throws Exception {
        // The peer: 20,000 records of 40 authors.
        cluster = new Cluster(tmp, SwarmId.PUBLIC, SwarmId.PUBLIC, null);
        Cluster.Member src = cluster.add("src");
        List<SyncFeed> authors = new ArrayList<>();
        for (int i = 0; i < FEEDS; i++) {
            authors.add(new SyncFeed("kill-author-" + i, SwarmId.PUBLIC));
        }
        List<byte[]> all = SyncFeed.interleaved(authors, PER_FEED);
        for (int i = 0; i < all.size(); i += 2000) {
            for (IngestResult r : src.store().ingestBatch(all.subList(i, Math.min(all.size(), i + 2000)))) {
                assertEquals(IngestResult.Status.ACCEPTED, r.status(), r.detail());
            }
        }
        String dial = src.addr().toString();

        // The node: a fresh identity whose user wrote one proposal before ever running.
        Path home = tmp.resolve("victim");
        cli(home, "init", "--name", "victim", "--no-passphrase");
        String peerId = new ObjectMapper().readTree(cli(home, "whoami", "--json")).get("peerId").asText();
        String own = cli(home, "propose", "--title", "Tool library", "--summary", "Share the drills").strip();
        Path db = home.resolve(peerId).resolve("kith.db");
        assertTrue(Files.exists(db), db.toString());

        // Run it; kill -9 once it has stored some thousands of the peer's records.
        Process first = run(home, dial, 1);
        Set<String> storedBeforeKill;
        long countAtKill;
        try (Connection c = readOnly(db)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(c) < KILL_AFTER) {
                assertTrue(first.isAlive(), () -> "kith run died" + log(1));
                assertTrue(System.nanoTime() < deadline, () -> "no catch-up within 60 s" + log(1));
                Thread.sleep(5);
            }
            storedBeforeKill = ids(c);
            first.toHandle().destroyForcibly(); // SIGKILL, keeping our end of its pipes
            countAtKill = count(c);
        }
        assertTrue(first.waitFor(30, TimeUnit.SECONDS), "not dead");
        assertEquals(137, first.exitValue(), "killed by SIGKILL");
        assertTrue(storedBeforeKill.contains(own));
        assertTrue(countAtKill < all.size() + 1, "killed in the middle of the catch-up, not after: "
                + countAtKill + " stored");

        // The store after the kill: sound, and everything seen stored before it is still there.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            List<String> problems = new ArrayList<>();
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
            assertEquals(List.of("ok"), problems);
            Set<String> after = ids(c);
            Set<String> lost = new TreeSet<>(storedBeforeKill);
            lost.removeAll(after);
            assertEquals(Set.of(), lost, "records stored before kill -9 are gone");
            assertTrue(after.size() < all.size() + 1, "the kill left the catch-up unfinished");
        }

        // Restarted on the same directory, it resumes and converges with the peer.
        Process second = run(home, dial, 2);
        Set<String> expected = new HashSet<>();
        src.store().forEachRecord(r -> expected.add(r.id().toString()));
        expected.add(own);
        try (Connection c = readOnly(db)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(c) < expected.size()) {
                assertTrue(second.isAlive(), () -> "kith run died" + log(2));
                assertTrue(System.nanoTime() < deadline, () -> "no convergence within 60 s" + log(2));
                Thread.sleep(50);
            }
            assertEquals(expected, ids(c), "exactly the peer's records and its own");
        }
        Cluster.await("the peer has the node's own proposal",
                () -> src.store().record(org.kith.protocol.record.RecordId.parse(own)).isPresent());
        second.toHandle().destroy(); // SIGTERM: a clean stop
        assertTrue(second.waitFor(30, TimeUnit.SECONDS), "no clean stop" + log(2));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertEquals("ok", rs.getString(1));
            assertEquals(expected, ids(c));
        }
    }
}
