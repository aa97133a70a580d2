package org.kith.node.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The node's network memory in its store: the swarms it has joined (with each private swarm's
 * sealed key) and the peers it has met in each. Not derived from records, never rebuilt.
 * Thread-safe: serialised with ingest under the store's lock; every write is its own durable
 * transaction.
 */
public final class NetworkTables {

    /** Addresses remembered per peer; the newest first, older ones dropped beyond this. */
    public static final int MAX_ADDRS_PER_PEER = 16;
    /** Peers remembered per swarm; the longest unseen are forgotten beyond this. */
    public static final int MAX_PEERS_PER_SWARM = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    /** A joined swarm. {@code keySealed} is null for the public swarm. */
    public record Swarm(String name, String swarmId, long joinedAt, byte[] keySealed, int port, String invitedBy,
            Long inviteExpires) {
    }

    /** A peer met in a swarm. Times are epoch milliseconds. */
    public record Peer(String swarmId, String peerId, List<String> addrs, String source, long firstSeen,
            long lastSeen, Long lastConnected, int failures) {
    }

    private final Database db;
    private final ReentrantLock lock;
    private final RecordSources sources;

    NetworkTables(Database db, ReentrantLock lock) {
        this.db = db;
        this.lock = lock;
        this.sources = new RecordSources(db, lock);
    }

    /** Where this node first got each record (also the node's memory, also never rebuilt). */
    public RecordSources sources() {
        return sources;
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T read(Work<T> work) {
        return StoreQueries.read(db, lock, work::run);
    }

    private <T> T write(Work<T> work) {
        lock.lock();
        try {
            T result = work.run();
            db.commit();
            return result;
        } catch (SQLException e) {
            db.rollback();
            throw new StoreException("write failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private static final String SWARM_COLUMNS = "name, swarm_id, joined_at, key_sealed, port, invited_by, invite_expires";

    private static Swarm swarm(ResultSet rs) throws SQLException {
        long expires = rs.getLong(7);
        Long inviteExpires = rs.wasNull() ? null : expires;
        return new Swarm(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBytes(4), rs.getInt(5),
                rs.getString(6), inviteExpires);
    }

    private List<Swarm> swarmsWhere(String where, Object... args) throws SQLException {
        PreparedStatement ps = db.prepare("SELECT " + SWARM_COLUMNS + " FROM swarms " + where);
        DerivedTables.bind(ps, args);
        List<Swarm> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(swarm(rs));
            }
        }
        return out;
    }

    /** Every joined swarm, the public one first, then by name. */
    public List<Swarm> swarms() {
        return read(() -> swarmsWhere("ORDER BY swarm_id <> 'public', name"));
    }

    public Optional<Swarm> swarmByName(String name) {
        return read(() -> swarmsWhere("WHERE name = ?", name).stream().findFirst());
    }

    public Optional<Swarm> swarmById(String swarmId) {
        return read(() -> swarmsWhere("WHERE swarm_id = ?", swarmId).stream().findFirst());
    }

    /**
     * Adds a swarm.
     *
     * @throws StoreException if a swarm with that name or ID is already joined (nothing changes)
     */
    public void addSwarm(Swarm s) {
        write(() -> {
            if (!swarmsWhere("WHERE name = ? OR swarm_id = ?", s.name(), s.swarmId()).isEmpty()) {
                throw new StoreException("swarm " + s.name() + " (" + s.swarmId() + ") is already joined");
            }
            PreparedStatement ps = db.prepare("INSERT INTO swarms (" + SWARM_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
            DerivedTables.bind(ps, s.name(), s.swarmId(), s.joinedAt(), s.keySealed(), s.port(), s.invitedBy(),
                    s.inviteExpires());
            ps.executeUpdate();
            return null;
        });
    }

    /** Sets the port a swarm's host listens on. */
    public void setPort(String swarmId, int port) {
        write(() -> {
            PreparedStatement ps = db.prepare("UPDATE swarms SET port = ? WHERE swarm_id = ?");
            DerivedTables.bind(ps, port, swarmId);
            ps.executeUpdate();
            return null;
        });
    }

    /** Forgets a swarm and the peers met in it; its records stay. False if there was none. */
    public boolean removeSwarm(String swarmId) {
        return write(() -> {
            PreparedStatement peers = db.prepare("DELETE FROM peers WHERE swarm_id = ?");
            DerivedTables.bind(peers, swarmId);
            peers.executeUpdate();
            PreparedStatement ps = db.prepare("DELETE FROM swarms WHERE swarm_id = ? AND swarm_id <> 'public'");
            DerivedTables.bind(ps, swarmId);
            return ps.executeUpdate() == 1;
        });
    }

    // ---- peers -------------------------------------------------------------------------------

    private static final String PEER_COLUMNS = "swarm_id, peer_id, addrs, source, first_seen, last_seen,"
            + " last_connected, failures";

    private static Peer peer(ResultSet rs) throws SQLException {
        long connected = rs.getLong(7);
        Long lastConnected = rs.wasNull() ? null : connected;
        return new Peer(rs.getString(1), rs.getString(2), parseAddrs(rs.getString(3)), rs.getString(4),
                rs.getLong(5), rs.getLong(6), lastConnected, rs.getInt(8));
    }

    private static List<String> parseAddrs(String json) {
        try {
            return List.copyOf(JSON.readValue(json, STRINGS));
        } catch (JsonProcessingException e) {
            throw new StoreException("peer addresses are not a JSON list: " + e.getOriginalMessage(), e);
        }
    }

    private Optional<Peer> peerRow(String swarmId, String peerId) throws SQLException {
        PreparedStatement ps = db.prepare("SELECT " + PEER_COLUMNS + " FROM peers WHERE swarm_id = ? AND peer_id = ?");
        DerivedTables.bind(ps, swarmId, peerId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(peer(rs)) : Optional.empty();
        }
    }

    /** Peers met in a swarm, the most recently seen first. */
    public List<Peer> peers(String swarmId) {
        return read(() -> {
            PreparedStatement ps = db.prepare("SELECT " + PEER_COLUMNS
                    + " FROM peers WHERE swarm_id = ? ORDER BY last_seen DESC, peer_id");
            DerivedTables.bind(ps, swarmId);
            List<Peer> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(peer(rs));
                }
            }
            return out;
        });
    }

    /**
     * Remembers that {@code peerId} was seen in a swarm at {@code addrs} (merged with what was
     * known, newest first). {@code connected}: a connection to it is up now, so its dial failures
     * are forgotten.
     */
    public void notePeer(String swarmId, String peerId, List<String> addrs, String source, long now, boolean connected) {
        write(() -> {
            Optional<Peer> old = peerRow(swarmId, peerId);
            LinkedHashSet<String> merged = new LinkedHashSet<>(addrs);
            old.ifPresent(p -> merged.addAll(p.addrs()));
            List<String> kept = new ArrayList<>(merged).subList(0, Math.min(merged.size(), MAX_ADDRS_PER_PEER));
            String json;
            try {
                json = JSON.writeValueAsString(kept);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            PreparedStatement ps = db.prepare("INSERT INTO peers (" + PEER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, 0)"
                    + " ON CONFLICT (swarm_id, peer_id) DO UPDATE SET addrs = excluded.addrs, last_seen = excluded.last_seen,"
                    + " last_connected = coalesce(excluded.last_connected, last_connected),"
                    + " failures = CASE WHEN excluded.last_connected IS NULL THEN failures ELSE 0 END");
            DerivedTables.bind(ps, swarmId, peerId, json, source, now, now, connected ? now : null);
            ps.executeUpdate();
            if (old.isEmpty()) {
                forgetBeyondLimit(swarmId);
            }
            return null;
        });
    }

    /** Counts a failed dial to a remembered peer. */
    public void noteDialFailure(String swarmId, String peerId) {
        write(() -> {
            PreparedStatement ps = db.prepare("UPDATE peers SET failures = failures + 1 WHERE swarm_id = ? AND peer_id = ?");
            DerivedTables.bind(ps, swarmId, peerId);
            ps.executeUpdate();
            return null;
        });
    }

    private void forgetBeyondLimit(String swarmId) throws SQLException {
        PreparedStatement ps = db.prepare("DELETE FROM peers WHERE swarm_id = ? AND peer_id IN (SELECT peer_id FROM peers"
                + " WHERE swarm_id = ? ORDER BY last_seen DESC, peer_id LIMIT -1 OFFSET ?)");
        DerivedTables.bind(ps, swarmId, swarmId, MAX_PEERS_PER_SWARM);
        ps.executeUpdate();
    }
}
