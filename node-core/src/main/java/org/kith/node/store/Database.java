package org.kith.node.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * One SQLite file opened for Kith: WAL journal, {@code synchronous=FULL} (a committed write
 * survives a crash of the process and of the machine), foreign-owner check, migrations.
 *
 * <p>Holds a single connection. Not thread-safe by itself: {@link SqliteRecordStore} serialises
 * every use behind its lock.
 */
final class Database implements AutoCloseable {

    static final String META_OWNER = "owner";
    static final String META_FORMAT = "format";
    static final String FORMAT = "kith-store/1";

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private Database(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (creating if absent) the store of {@code owner} at {@code file}.
     *
     * @throws StoreException if the file is not a Kith store, belongs to another identity, is
     *     newer than this code, or is damaged
     */
    static final int DEFAULT_CACHE_KIB = 64 * 1024;
    private static final int MIN_CACHE_KIB = 2 * 1024;

    /** {@link SqliteRecordStore#CACHE_PROPERTY} if set to a number of at least 2,048, else 64 MiB. */
    static int cacheKib() {
        String v = System.getProperty(SqliteRecordStore.CACHE_PROPERTY);
        if (v != null) {
            try {
                return Math.max(MIN_CACHE_KIB, Integer.parseInt(v.strip()));
            } catch (NumberFormatException e) {
                // not a number: the default
            }
        }
        return DEFAULT_CACHE_KIB;
    }

    static Database open(Path file, String owner) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(5_000);
        // Ingest touches pages all over the random-keyed id indexes: SQLite's default 2 MiB page
        // cache re-reads them from the OS on every record. 64 MiB of native memory, at most, unless
        // the program says otherwise (the desktop app trades some ingest speed for a smaller RSS).
        config.setCacheSize(-cacheKib());
        // Checkpoint every ~40 MiB of WAL instead of ~4 MiB: a page rewritten by several
        // transactions is copied to the database file once per checkpoint, not once per commit.
        config.setWalAutocheckpoint(10_000);
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        } catch (SQLException e) {
            throw new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
        }
        Database db = new Database(c);
        try {
            boolean initialise = db.checkIsKithStore(file, owner);
            Migrations.migrate(c);
            c.setAutoCommit(false);
            if (initialise) {
                // Format and owner in one transaction: a crash leaves both or neither.
                db.putMeta(META_FORMAT, FORMAT);
                db.putMeta(META_OWNER, owner);
                c.commit();
            }
            return db;
        } catch (SQLException e) {
            db.close();
            throw new StoreException("database " + file + " is not a usable Kith store: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Checks that the file is this identity's Kith store, or holds no store yet.
     *
     * <p>Whether the store is new is decided from the file's content, not from whether the file
     * existed: a process killed while creating a store leaves an empty file, or a migrated schema
     * without the meta rows (migrations commit before the meta is written; before this check
     * existed, format and owner were even written in two transactions). Such a file has no owner
     * and no records, so it is safely initialised now instead of being refused forever after.
     *
     * @return true if the store must be initialised (format and owner written)
     */
    private boolean checkIsKithStore(Path file, String owner) throws SQLException {
        int version = Migrations.userVersion(connection);
        if (version == 0) {
            try (Statement st = connection.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
                if (rs.next() && rs.getInt(1) > 0) {
                    throw new StoreException(file + " is an SQLite database, but not a Kith store");
                }
            }
            return true;
        }
        String format = meta(META_FORMAT);
        String storedOwner = meta(META_OWNER);
        if (storedOwner == null && (format == null || FORMAT.equals(format)) && !hasRecords()) {
            return true;
        }
        if (!FORMAT.equals(format)) {
            throw new StoreException(file + " is not a Kith store");
        }
        if (!owner.equals(storedOwner)) {
            throw new StoreException(file + " belongs to identity " + storedOwner + ", not " + owner);
        }
        return false;
    }

    private boolean hasRecords() throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM records)")) {
            return rs.next() && rs.getInt(1) != 0;
        }
    }

    String meta(String key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void putMeta(String key, String value) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    /** A cached prepared statement; valid until {@link #close()}. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Changes whenever another connection commits to the file (SQLite's {@code PRAGMA data_version}). */
    long dataVersion() throws SQLException {
        try (ResultSet rs = prepare("PRAGMA data_version").executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    Connection connection() {
        return connection;
    }

    void commit() throws SQLException {
        connection.commit();
    }

    void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            throw new StoreException("rollback failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
            statements.clear();
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("closing the database failed: " + e.getMessage(), e);
        }
    }
}
