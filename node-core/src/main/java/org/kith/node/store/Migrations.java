package org.kith.node.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations: resource files {@code migration/V<NNN>__<name>.sql}, applied in
 * order, each in its own transaction, recorded in {@code PRAGMA user_version}. A database whose
 * version is newer than this code knows is refused rather than misread.
 */
final class Migrations {

    /** In order; the schema version after applying entry i is i + 1. Never edit a released file. */
    static final List<String> FILES = List.of("V001__records.sql", "V002__derived.sql", "V003__swarms_peers.sql",
            "V004__record_sources.sql");

    private Migrations() {
    }

    static int latestVersion() {
        return FILES.size();
    }

    static void migrate(Connection c) throws SQLException {
        int current = userVersion(c);
        if (current > latestVersion()) {
            throw new StoreException("the database has schema version " + current
                    + ", newer than this Kith understands (" + latestVersion() + "); upgrade Kith");
        }
        for (int v = current; v < FILES.size(); v++) {
            String sql = load(FILES.get(v));
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String statement : statements(sql)) {
                    st.execute(statement);
                }
                st.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    static int userVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String load(String file) {
        try (InputStream in = Migrations.class.getResourceAsStream("migration/" + file)) {
            if (in == null) {
                throw new StoreException("migration " + file + " missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read migration " + file, e);
        }
    }

    /** Splits on ';' at end of line, dropping '--' comment lines (our files hold no triggers). */
    static List<String> statements(String sql) {
        StringBuilder current = new StringBuilder();
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
