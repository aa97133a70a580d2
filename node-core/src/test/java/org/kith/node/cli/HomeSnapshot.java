package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a data directory holds, to prove a failed command changed nothing: the files with their
 * sizes (SQLite's -wal and -shm files excluded: they come and go with every open), and, for an
 * initialised home, its logical content: the number of stored records (read straight from the
 * SQLite file), the records an export writes and every listing in JSON.
 */
record HomeSnapshot(Map<String, Long> files, long storedRecords, Map<String, String> content) {

    static final List<String> LISTINGS = List.of("people", "proposals", "commitments", "attestations");

    /** Files only: for directories that hold no identity (or none at all). */
    static HomeSnapshot files(Path dir) {
        return new HomeSnapshot(fileSizes(dir), -1, Map.of());
    }

    /** Files, then the store's logical content, read through the CLI and through SQLite. */
    static HomeSnapshot of(CliRunner kith, Path home) {
        Map<String, Long> files = fileSizes(home);
        Map<String, String> content = new LinkedHashMap<>();
        JsonNode export = kith.ok("export", "--home", home.toString()).json();
        content.put("export", export.get("records").toString());
        for (String what : LISTINGS) {
            content.put("list " + what, kith.ok("list", what, "--json", "--home", home.toString()).json().toString());
        }
        content.put("swarm list", kith.ok("swarm", "list", "--json", "--home", home.toString()).json().toString());
        content.put("peers", kith.ok("peers", "--json", "--home", home.toString()).json().toString());
        return new HomeSnapshot(files, storedRecords(home), content);
    }

    /** The number of rows in every Kith store under {@code home}, counted with plain JDBC. */
    static long storedRecords(Path home) {
        long total = 0;
        for (Path db : stores(home)) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM records")) {
                rs.next();
                total += rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot count records in " + db, e);
            }
        }
        return total;
    }

    static List<Path> stores(Path home) {
        if (!Files.isDirectory(home)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(home)) {
            return s.filter(p -> p.getFileName().toString().equals("kith.db")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Long> fileSizes(Path dir) {
        Map<String, Long> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(s.toList());
            Path logs = dir.resolve(org.kith.node.LogFiles.DIR);
            for (Path p : paths) {
                String name = p.getFileName().toString();
                if (name.endsWith("-wal") || name.endsWith("-shm") || name.endsWith("-journal")) {
                    continue;
                }
                if (p.startsWith(logs)) {
                    continue; // the log records that a command ran; it is not the user's data
                }
                out.put(dir.relativize(p).toString() + (Files.isDirectory(p) ? "/" : ""),
                        Files.isDirectory(p) ? 0L : Files.size(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Runs {@code args}, requires a quiet user error mentioning {@code fragments}, and the home unchanged. */
    static void assertRefusedChangingNothing(CliRunner kith, Path home, String[] args, String... fragments) {
        HomeSnapshot before = of(kith, home);
        CliRunner.assertQuietUserError(kith.run(args), fragments);
        assertUnchanged(before, of(kith, home));
    }

    /** Runs {@code args}, requires a usage error mentioning {@code fragments}, and the home unchanged. */
    static void assertUsageChangingNothing(CliRunner kith, Path home, String[] args, String... fragments) {
        HomeSnapshot before = of(kith, home);
        CliRunner.assertUsageError(kith.run(args), fragments);
        assertUnchanged(before, of(kith, home));
    }

    static void assertUnchanged(HomeSnapshot before, HomeSnapshot after) {
        assertEquals(before.files(), after.files(), "the files of the data directory changed");
        assertEquals(before.storedRecords(), after.storedRecords(), "the number of stored records changed");
        assertEquals(before.content(), after.content(), "the store's content changed");
    }

    /** Copies a directory tree (a template home) to {@code to}. */
    static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
