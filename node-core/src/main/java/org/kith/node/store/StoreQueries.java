package org.kith.node.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.kith.protocol.record.Attestation;

/**
 * Read-only queries over the derived tables. Thread-safe (serialised with ingest). Results are
 * snapshots; retracted records never appear.
 */
public final class StoreQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> ROLES = new TypeReference<>() {
    };

    private final Database db;
    private final ReentrantLock lock;

    StoreQueries(Database db, ReentrantLock lock) {
        this.db = db;
        this.lock = lock;
    }

    interface SqlCall<T> {
        T call() throws SQLException;
    }

    <T> T read(SqlCall<T> call) {
        return read(db, lock, call);
    }

    /** Runs {@code call} under {@code lock} and ends its read transaction; shared by the store's table classes. */
    static <T> T read(Database db, ReentrantLock lock, SqlCall<T> call) {
        lock.lock();
        try {
            T result = call.call();
            endRead(db, lock);
            return result;
        } catch (SQLException e) {
            throw new StoreException("query failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the read transaction a query opened (the connection is not in auto-commit), unless the
     * query ran inside a write transaction of this store. Without this, a long-running node would
     * keep reading one snapshot and never see what another process (the CLI) committed since.
     */
    static void endRead(Database db, ReentrantLock lock) throws SQLException {
        if (lock.getHoldCount() == 1) {
            db.commit();
        }
    }

    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> list(String sql, Row<T> row, Object... args) {
        return read(() -> {
            PreparedStatement ps = db.prepare(sql);
            DerivedTables.bind(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.map(rs));
                }
            }
            return out;
        });
    }

    private static final String PERSON_COLUMNS = "peer_id, name, bio, location, skills, offers, needs, vals, links,"
            + " has_avatar, profile_id, profile_ts";

    public List<Views.Person> people() {
        return list("SELECT " + PERSON_COLUMNS + " FROM people ORDER BY name COLLATE NOCASE, peer_id", StoreQueries::person);
    }

    public List<Views.Person> peopleWithSkill(String skill) {
        return list("SELECT " + PERSON_COLUMNS + " FROM people WHERE peer_id IN"
                + " (SELECT peer_id FROM person_skills WHERE skill = ?) ORDER BY name COLLATE NOCASE", StoreQueries::person,
                skill);
    }

    public Optional<Views.Person> person(String peerId) {
        return list("SELECT " + PERSON_COLUMNS + " FROM people WHERE peer_id = ?", StoreQueries::person, peerId)
                .stream().findFirst();
    }

    /** People whose profile name is exactly {@code name}, ignoring case. */
    public List<Views.Person> peopleNamed(String name) {
        return list("SELECT " + PERSON_COLUMNS + " FROM people WHERE name = ? COLLATE NOCASE", StoreQueries::person, name);
    }

    /** Known authors (any record stored) whose peer ID starts with {@code prefix}. */
    public List<String> authorsWithPrefix(String prefix) {
        return list("SELECT DISTINCT author FROM feeds WHERE author >= ? AND author < ? LIMIT 5",
                rs -> rs.getString(1), prefix, prefix + "\u007f");
    }

    private static Views.Person person(ResultSet rs) throws SQLException {
        return new Views.Person(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                strings(rs.getString(5)), strings(rs.getString(6)), strings(rs.getString(7)), strings(rs.getString(8)),
                strings(rs.getString(9)), rs.getInt(10) != 0, rs.getString(11), rs.getLong(12));
    }

    private static final String PROPOSAL_COLUMNS = "p.id, p.author, p.swarm, p.kind, p.title, p.summary, p.details,"
            + " p.status, p.roles, p.when_start, p.when_end, p.place, p.latest_id, p.created_ts, p.updated_ts";

    public List<Views.Proposal> proposals(Views.ProposalFilter f) {
        StringBuilder sql = new StringBuilder("SELECT " + PROPOSAL_COLUMNS + " FROM proposals p WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.status() != null) {
            sql.append(" AND p.status = ?");
            args.add(f.status());
        }
        if (f.swarm() != null) {
            sql.append(" AND p.swarm = ?");
            args.add(f.swarm());
        }
        if (f.author() != null) {
            sql.append(" AND p.author = ?");
            args.add(f.author());
        }
        if (f.skill() != null) {
            sql.append(" AND p.id IN (SELECT proposal_id FROM proposal_skills WHERE skill = ?)");
            args.add(f.skill());
        }
        if (f.tag() != null) {
            sql.append(" AND p.id IN (SELECT proposal_id FROM proposal_tags WHERE tag = ?)");
            args.add(f.tag());
        }
        if (f.text() != null) {
            sql.append(" AND (p.title LIKE ? ESCAPE '\\' OR p.summary LIKE ? ESCAPE '\\'"
                    + " OR p.details LIKE ? ESCAPE '\\')");
            String like = "%" + f.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            args.add(like);
            args.add(like);
            args.add(like);
        }
        sql.append(" ORDER BY p.created_ts DESC, p.id");
        return read(() -> {
            try (PreparedStatement ps = db.connection().prepareStatement(sql.toString())) {
                DerivedTables.bind(ps, args.toArray());
                List<Views.Proposal> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(proposal(rs));
                    }
                }
                return out;
            }
        });
    }

    public Optional<Views.Proposal> proposal(String id) {
        return list("SELECT " + PROPOSAL_COLUMNS + " FROM proposals p WHERE p.id = ?", this::proposal, id).stream()
                .findFirst();
    }

    private Views.Proposal proposal(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        List<Views.Role> roles = new ArrayList<>();
        for (Map<String, Object> m : parse(rs.getString(9), ROLES)) {
            @SuppressWarnings("unchecked")
            List<String> skills = (List<String>) m.getOrDefault("skills", List.of());
            roles.add(new Views.Role((String) m.get("name"), skills, (String) m.get("effort")));
        }
        List<String> tags = new ArrayList<>();
        PreparedStatement ps = db.prepare("SELECT tag FROM proposal_tags WHERE proposal_id = ? ORDER BY tag");
        ps.setString(1, id);
        try (ResultSet t = ps.executeQuery()) {
            while (t.next()) {
                tags.add(t.getString(1));
            }
        }
        return new Views.Proposal(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), roles, tags, rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getLong(14), rs.getLong(15));
    }

    private static final String COMMITMENT_COLUMNS = "id, author, swarm, proposal_id, role, what, due, effort, status,"
            + " note, created_ts, updated_ts";

    /** Commitments, optionally only those answering {@code proposalId} and/or made by {@code author}. */
    public List<Views.Commitment> commitments(String proposalId, String author, String status) {
        StringBuilder sql = new StringBuilder("SELECT " + COMMITMENT_COLUMNS + " FROM commitments WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (proposalId != null) {
            sql.append(" AND proposal_id = ?");
            args.add(proposalId);
        }
        if (author != null) {
            sql.append(" AND author = ?");
            args.add(author);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        sql.append(" ORDER BY due, id");
        return list(sql.toString(), StoreQueries::commitment, args.toArray());
    }

    public Optional<Views.Commitment> commitment(String id) {
        return list("SELECT " + COMMITMENT_COLUMNS + " FROM commitments WHERE id = ?", StoreQueries::commitment, id)
                .stream().findFirst();
    }

    private static Views.Commitment commitment(ResultSet rs) throws SQLException {
        return new Views.Commitment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getLong(11), rs.getLong(12));
    }

    private static final String ATTESTATION_COLUMNS = "id, author, swarm, commitment_id, committer, outcome, note, ts";

    /** Attestations about {@code commitmentId}, about commitments of {@code committer}, or by {@code author}. */
    public List<Views.Attestation> attestations(String commitmentId, String committer, String author) {
        StringBuilder sql = new StringBuilder("SELECT " + ATTESTATION_COLUMNS + " FROM attestations WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (commitmentId != null) {
            sql.append(" AND commitment_id = ?");
            args.add(commitmentId);
        }
        if (committer != null) {
            sql.append(" AND committer = ?");
            args.add(committer);
        }
        if (author != null) {
            sql.append(" AND author = ?");
            args.add(author);
        }
        sql.append(" ORDER BY ts, id");
        return list(sql.toString(), rs -> new Views.Attestation(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8)), args.toArray());
    }

    /** Current vouches by {@code author} (if not null) about {@code subject} (if not null). */
    public List<Views.Vouch> vouches(String author, String subject) {
        return list("SELECT author, subject, domain, level, note, record_id, ts FROM vouches"
                + " WHERE (? IS NULL OR author = ?) AND (? IS NULL OR subject = ?) ORDER BY ts, record_id",
                rs -> new Views.Vouch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7)), author, author, subject, subject);
    }

    public List<Views.Comment> comments(String target) {
        return list("SELECT id, author, swarm, target, text, ts FROM comments WHERE target = ? ORDER BY ts, id",
                rs -> new Views.Comment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6)), target);
    }

    /** Every record {@code author} has signed that this node holds, by swarm and seq. */
    public List<Views.HistoryEntry> history(String author) {
        return list("SELECT r.id, r.swarm, r.seq, r.type, r.ts, (t.target IS NOT NULL), r.fork_evidence FROM records r"
                + " LEFT JOIN retractions t ON t.target = r.id WHERE r.author = ? ORDER BY r.swarm, r.seq, r.fork_evidence",
                rs -> new Views.HistoryEntry(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getLong(5), rs.getInt(6) != 0, rs.getInt(7) != 0), author);
    }

    public boolean isRetracted(String id) {
        return !list("SELECT 1 FROM retractions WHERE target = ?", rs -> 1, id).isEmpty();
    }

    /** Swarm ID for a joined swarm's name ({@code public} always). */
    public Optional<String> swarmId(String name) {
        return list("SELECT swarm_id FROM swarms WHERE name = ?", rs -> rs.getString(1), name).stream().findFirst();
    }

    /** Number of rows in each derived table and in records, for diagnostics and rebuild checks. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (String table : DerivedTables.TABLES) {
            out.put(table, list("SELECT count(*) FROM " + table, rs -> rs.getLong(1)).get(0));
        }
        out.put("records", list("SELECT count(*) FROM records", rs -> rs.getLong(1)).get(0));
        return out;
    }

    private static List<String> strings(String json) {
        return parse(json, STRINGS);
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new StoreException("derived table holds unreadable JSON; run a rebuild", e);
        }
    }

    // ---- trust input ----------------------------------------------------------------------

    /**
     * What the store knows of one attestation, for the trust adapter.
     *
     * @param retracted the attester retracted it (the row itself is gone from {@code attestations};
     *     the record is read back from {@code records})
     * @param commitmentAuthor the author of the commitment as stored, or null when the commitment is
     *     not (or no longer) in {@code commitments}
     * @param commitmentRetracted its author retracted the commitment
     * @param attesterTookPart the attester wrote the commitment's proposal or has a commitment to
     *     that same proposal (false when the commitment is unknown)
     */
    public record TrustAttestation(String id, String attester, String committer, String commitmentId,
            String outcome, boolean retracted, String commitmentAuthor, boolean commitmentRetracted,
            boolean attesterTookPart) {
    }

    /** Receives the trust engine's input. Called under the store's lock: keep to in-memory work. */
    public interface TrustRows {
        /** A general vouch (domain ''): the one in effect per (author, subject); level in wire form. */
        void vouch(String author, String subject, String level, boolean retracted);

        /**
         * An attestation, oldest first by signing time (then id), so a later verdict on the same
         * commitment comes after the earlier one; retracted ones come after all the others.
         */
        void attestation(TrustAttestation a);

        /** An author with a forked feed in some swarm. */
        void forked(String author);
    }

    /**
     * Streams the whole trust input (general vouches, attestations with their commitment's facts,
     * forked authors) into {@code rows} from one read snapshot. One plain query per table, joined
     * in memory (SQL joins per row cost more than the maps): retraction targets, vouches,
     * commitments, proposal authors, attestations, retracted attestation records, forked feeds.
     * Holds the store's lock throughout (about 0.2 s at 100k vouches and 50k attestations).
     */
    public void trustInput(TrustRows rows) {
        read(() -> {
            Set<String> retracted = new HashSet<>();
            try (ResultSet rs = db.prepare("SELECT target FROM retractions").executeQuery()) {
                while (rs.next()) {
                    retracted.add(rs.getString(1));
                }
            }
            PreparedStatement vouches = db.prepare("SELECT author, subject, level, record_id FROM vouches"
                    + " WHERE domain = ''");
            try (ResultSet rs = vouches.executeQuery()) {
                while (rs.next()) {
                    rows.vouch(rs.getString(1), rs.getString(2), rs.getString(3), retracted.contains(rs.getString(4)));
                }
            }
            // Who took part in each project: the authors of its commitments and of the proposal
            // (from records, so a retracted proposal still names its author).
            record Made(String author, String proposal) {
            }
            Map<String, Made> commitments = new HashMap<>();
            Map<String, Set<String>> receivers = new HashMap<>();
            try (ResultSet rs = db.prepare("SELECT id, author, proposal_id FROM commitments").executeQuery()) {
                while (rs.next()) {
                    Made m = new Made(rs.getString(2), rs.getString(3));
                    commitments.put(rs.getString(1), m);
                    receivers.computeIfAbsent(m.proposal(), k -> new HashSet<>()).add(m.author());
                }
            }
            try (ResultSet rs = db.prepare("SELECT id, author FROM records WHERE type = 'proposal'"
                    + " AND fork_evidence = 0").executeQuery()) {
                while (rs.next()) {
                    Set<String> r = receivers.get(rs.getString(1));
                    if (r != null) {
                        r.add(rs.getString(2));
                    }
                }
            }
            // A retraction deletes the attestation's row; the record says what it was. First, so that
            // an attestation the attester gave again afterwards is the one in effect.
            PreparedStatement gone = db.prepare("SELECT r.id, r.author, r.envelope FROM retractions t"
                    + " JOIN records r ON r.id = t.target WHERE r.type = 'attestation' AND r.fork_evidence = 0"
                    + " ORDER BY r.ts, r.id");
            record Retracted(String id, String author, byte[] envelope) {
            }
            List<Retracted> retractedAttestations = new ArrayList<>();
            try (ResultSet rs = gone.executeQuery()) {
                while (rs.next()) {
                    retractedAttestations.add(new Retracted(rs.getString(1), rs.getString(2), rs.getBytes(3)));
                }
            }
            for (Retracted r : retractedAttestations) {
                if (DerivedTables.parseStored(r.envelope()).body() instanceof Attestation a) {
                    rows.attestation(new TrustAttestation(r.id(), r.author(), a.committer().toBase58(),
                            a.commitment().toString(), a.outcome().wire(), true, null, false, false));
                }
            }
            // In feed order: one attester's attestations of one commitment are all in one feed, and
            // the engine keeps the last per (attester, commitment).
            PreparedStatement atts = db.prepare("SELECT a.id, a.author, a.committer, a.commitment_id, a.outcome"
                    + " FROM attestations a JOIN records r ON r.id = a.id ORDER BY r.seq, a.id");
            try (ResultSet rs = atts.executeQuery()) {
                while (rs.next()) {
                    String author = rs.getString(2);
                    String commitmentId = rs.getString(4);
                    Made m = commitments.get(commitmentId);
                    rows.attestation(new TrustAttestation(rs.getString(1), author, rs.getString(3), commitmentId,
                            rs.getString(5), retracted.contains(rs.getString(1)), m == null ? null : m.author(),
                            retracted.contains(commitmentId), m != null && receivers.get(m.proposal()).contains(author)));
                }
            }
            try (ResultSet rs = db.prepare("SELECT DISTINCT author FROM feeds WHERE forked = 1 ORDER BY author")
                    .executeQuery()) {
                while (rs.next()) {
                    rows.forked(rs.getString(1));
                }
            }
            return null;
        });
    }

    /** Vouches limited to {@code domain} (a skill; compared ignoring case), in effect now. */
    public List<Views.Vouch> domainVouches(String domain) {
        return list("SELECT author, subject, domain, level, note, record_id, ts FROM vouches"
                + " WHERE domain = ? COLLATE NOCASE AND domain <> '' ORDER BY ts, record_id",
                rs -> new Views.Vouch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7)), domain);
    }

    /** Whether any record by {@code peerId} is stored, or any vouch or attestation names them. */
    public boolean knowsPerson(String peerId) {
        return !list("SELECT 1 WHERE EXISTS (SELECT 1 FROM feeds WHERE author = ?)"
                + " OR EXISTS (SELECT 1 FROM vouches WHERE subject = ?)"
                + " OR EXISTS (SELECT 1 FROM attestations WHERE committer = ?)", rs -> 1, peerId, peerId, peerId)
                .isEmpty();
    }
}
