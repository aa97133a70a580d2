package org.kith.node.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kith.protocol.record.Attestation;
import org.kith.protocol.record.Comment;
import org.kith.protocol.record.Commitment;
import org.kith.protocol.record.CommitmentUpdate;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.PayloadCodec;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.RecordBody;
import org.kith.protocol.record.RecordPayload;
import org.kith.protocol.record.Retraction;
import org.kith.protocol.record.SignedRecord;
import org.kith.protocol.record.Vouch;

/**
 * Keeps the derived tables (people, proposals, commitments, attestations, vouches, comments,
 * retractions) in step with the chain records. Every change is a function of the records alone,
 * so {@link #rebuild()} from scratch gives the same tables as applying records one by one in
 * feed order. Runs inside the caller's transaction.
 */
final class DerivedTables {

    static final List<String> TABLES = List.of("people", "person_skills", "proposals", "proposal_tags",
            "proposal_skills", "commitments", "attestations", "vouches", "comments", "retractions");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A "now" far enough ahead that re-reading a stored record never trips the future-ts check. */
    private static final long NO_CLOCK_CHECK_MILLIS = Long.MAX_VALUE / 2;

    private final Database db;

    DerivedTables(Database db) {
        this.db = db;
    }

    /** Applies one chain record (never fork evidence). */
    void apply(String id, RecordPayload p) throws SQLException {
        RecordBody body = p.body();
        if (body instanceof Profile profile) {
            applyProfile(id, p, profile);
        } else if (body instanceof Proposal proposal) {
            if (proposal.isUpdate()) {
                if (!isRetracted(proposal.of().toString())) {
                    writeProposal(proposal.of().toString(), id, p, proposal, false);
                }
            } else {
                writeProposal(id, id, p, proposal, true);
            }
        } else if (body instanceof Commitment c) {
            insertCommitment(id, p, c);
        } else if (body instanceof CommitmentUpdate u) {
            applyCommitmentUpdate(id, p, u);
        } else if (body instanceof Attestation a) {
            PreparedStatement ps = db.prepare("INSERT OR IGNORE INTO attestations (id, author, swarm, commitment_id,"
                    + " committer, outcome, note, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            bind(ps, id, p.author().toBase58(), p.swarm(), a.commitment().toString(), a.committer().toBase58(),
                    a.outcome().wire(), a.note(), p.timestampMillis());
            ps.executeUpdate();
        } else if (body instanceof Vouch v) {
            applyVouch(id, p, v);
        } else if (body instanceof Comment c) {
            PreparedStatement ps = db.prepare("INSERT OR IGNORE INTO comments (id, author, swarm, target, text, ts)"
                    + " VALUES (?, ?, ?, ?, ?, ?)");
            bind(ps, id, p.author().toBase58(), p.swarm(), c.target().toString(), c.text(), p.timestampMillis());
            ps.executeUpdate();
        } else if (body instanceof Retraction r) {
            applyRetraction(id, p, r);
        }
    }

    private void applyProfile(String id, RecordPayload p, Profile profile) throws SQLException {
        String author = p.author().toBase58();
        PreparedStatement current = db.prepare("SELECT profile_ts, profile_id, profile_swarm, profile_seq FROM people"
                + " WHERE peer_id = ?");
        current.setString(1, author);
        try (ResultSet rs = current.executeQuery()) {
            if (rs.next() && !isNewer(p, id, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4))) {
                return;
            }
        }
        PreparedStatement ps = db.prepare("INSERT OR REPLACE INTO people (peer_id, name, bio, location, skills, offers,"
                + " needs, vals, links, has_avatar, profile_id, profile_ts, profile_swarm, profile_seq)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        bind(ps, author, profile.name(), profile.bio(), profile.location(), json(profile.skills()),
                json(profile.offers()), json(profile.needs()), json(profile.values()), json(profile.links()),
                profile.avatar() == null ? 0 : 1, id, p.timestampMillis(), p.swarm(), p.seq());
        ps.executeUpdate();
        PreparedStatement del = db.prepare("DELETE FROM person_skills WHERE peer_id = ?");
        del.setString(1, author);
        del.executeUpdate();
        PreparedStatement skill = db.prepare("INSERT OR IGNORE INTO person_skills (peer_id, skill) VALUES (?, ?)");
        for (String s : profile.skills()) {
            bind(skill, author, s);
            skill.executeUpdate();
        }
    }

    private void writeProposal(String proposalId, String recordId, RecordPayload p, Proposal proposal, boolean original)
            throws SQLException {
        List<Map<String, Object>> roles = new ArrayList<>();
        for (Proposal.Role role : proposal.roles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", role.name());
            m.put("skills", role.skills());
            m.put("effort", role.effort());
            roles.add(m);
        }
        Proposal.When when = proposal.when();
        if (original) {
            PreparedStatement ps = db.prepare("INSERT OR REPLACE INTO proposals (id, author, swarm, kind, title, summary,"
                    + " details, status, roles, when_start, when_end, place, latest_id, created_ts, updated_ts)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            bind(ps, proposalId, p.author().toBase58(), p.swarm(), proposal.kind().wire(), proposal.title(),
                    proposal.summary(), proposal.details(), proposal.status().wire(), json(roles),
                    when == null ? null : when.start(), when == null ? null : when.end(),
                    when == null ? null : when.place(), recordId, p.timestampMillis(), p.timestampMillis());
            ps.executeUpdate();
        } else {
            PreparedStatement ps = db.prepare("UPDATE proposals SET kind = ?, title = ?, summary = ?, details = ?,"
                    + " status = ?, roles = ?, when_start = ?, when_end = ?, place = ?, latest_id = ?, updated_ts = ?"
                    + " WHERE id = ?");
            bind(ps, proposal.kind().wire(), proposal.title(), proposal.summary(), proposal.details(),
                    proposal.status().wire(), json(roles), when == null ? null : when.start(),
                    when == null ? null : when.end(), when == null ? null : when.place(), recordId,
                    p.timestampMillis(), proposalId);
            if (ps.executeUpdate() == 0) {
                return;
            }
        }
        if (!original) {
            // An original's id is new: it has no tags or skills to replace yet.
            deleteWhere("proposal_tags", "proposal_id", proposalId);
            deleteWhere("proposal_skills", "proposal_id", proposalId);
        }
        PreparedStatement tag = db.prepare("INSERT OR IGNORE INTO proposal_tags (proposal_id, tag) VALUES (?, ?)");
        for (String t : proposal.tags()) {
            bind(tag, proposalId, t);
            tag.executeUpdate();
        }
        PreparedStatement skill = db.prepare("INSERT OR IGNORE INTO proposal_skills (proposal_id, skill) VALUES (?, ?)");
        for (Proposal.Role role : proposal.roles()) {
            for (String s : role.skills()) {
                bind(skill, proposalId, s);
                skill.executeUpdate();
            }
        }
    }

    private void insertCommitment(String id, RecordPayload p, Commitment c) throws SQLException {
        PreparedStatement ps = db.prepare("INSERT OR REPLACE INTO commitments (id, author, swarm, proposal_id, role, what,"
                + " due, effort, status, note, latest_id, created_ts, updated_ts)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', NULL, ?, ?, ?)");
        bind(ps, id, p.author().toBase58(), p.swarm(), c.proposal().toString(), c.role(), c.what(),
                c.due().toString(), c.effort(), id, p.timestampMillis(), p.timestampMillis());
        ps.executeUpdate();
    }

    private void applyCommitmentUpdate(String id, RecordPayload p, CommitmentUpdate u) throws SQLException {
        PreparedStatement ps = db.prepare("UPDATE commitments SET status = ?, due = COALESCE(?, due), note = ?,"
                + " latest_id = ?, updated_ts = ? WHERE id = ?");
        bind(ps, u.status().wire(), u.due() == null ? null : u.due().toString(), u.note(), id, p.timestampMillis(),
                u.commitment().toString());
        ps.executeUpdate();
    }

    private void applyVouch(String id, RecordPayload p, Vouch v) throws SQLException {
        String domain = v.domain() == null ? "" : v.domain();
        PreparedStatement current = db.prepare("SELECT ts, record_id, swarm, seq FROM vouches WHERE author = ?"
                + " AND subject = ? AND domain = ?");
        bind(current, p.author().toBase58(), v.subject().toBase58(), domain);
        try (ResultSet rs = current.executeQuery()) {
            if (rs.next() && !isNewer(p, id, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4))) {
                return;
            }
        }
        PreparedStatement ps = db.prepare("INSERT OR REPLACE INTO vouches (author, subject, domain, level, note,"
                + " record_id, ts, swarm, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        bind(ps, p.author().toBase58(), v.subject().toBase58(), domain, v.level().wire(), v.note(), id,
                p.timestampMillis(), p.swarm(), p.seq());
        ps.executeUpdate();
    }

    /**
     * Whether record {@code p} supersedes the current one of the same author. In one feed the
     * later seq wins (clocks may be wrong; the chain is not); across swarms the later ts wins,
     * then the greater id, so every node picks the same record whatever the arrival order.
     */
    private static boolean isNewer(RecordPayload p, String id, long currentTs, String currentId, String currentSwarm,
            long currentSeq) {
        if (p.swarm().equals(currentSwarm)) {
            return p.seq() > currentSeq;
        }
        if (p.timestampMillis() != currentTs) {
            return p.timestampMillis() > currentTs;
        }
        return id.compareTo(currentId) > 0;
    }

    /**
     * Hides the target. Entities built from several records (person, proposal, commitment,
     * vouch) are recomputed from the author's records that are not retracted.
     */
    private void applyRetraction(String id, RecordPayload p, Retraction r) throws SQLException {
        String target = r.target().toString();
        PreparedStatement ps = db.prepare("INSERT OR IGNORE INTO retractions (target, retraction_id, author)"
                + " VALUES (?, ?, ?)");
        bind(ps, target, id, p.author().toBase58());
        ps.executeUpdate();
        RecordPayload targetPayload = payloadOf(target);
        if (targetPayload == null) {
            return;
        }
        RecordBody body = targetPayload.body();
        String author = p.author().toBase58();
        if (body instanceof Profile) {
            deleteWhere("people", "peer_id", author);
            deleteWhere("person_skills", "peer_id", author);
            replayAuthor(author, "profile");
        } else if (body instanceof Proposal proposal) {
            String proposalId = proposal.isUpdate() ? proposal.of().toString() : target;
            deleteProposal(proposalId);
            if (proposal.isUpdate() && !isRetracted(proposalId)) {
                replayAuthor(author, "proposal", proposalId);
            }
        } else if (body instanceof Commitment) {
            deleteWhere("commitments", "id", target);
        } else if (body instanceof CommitmentUpdate u) {
            String commitmentId = u.commitment().toString();
            deleteWhere("commitments", "id", commitmentId);
            if (!isRetracted(commitmentId)) {
                replayAuthor(author, "commitment", commitmentId);
                replayAuthor(author, "commitment-update", commitmentId);
            }
        } else if (body instanceof Attestation) {
            deleteWhere("attestations", "id", target);
        } else if (body instanceof Comment) {
            deleteWhere("comments", "id", target);
        } else if (body instanceof Vouch v) {
            PreparedStatement del = db.prepare("DELETE FROM vouches WHERE author = ? AND subject = ? AND domain = ?");
            bind(del, author, v.subject().toBase58(), v.domain() == null ? "" : v.domain());
            del.executeUpdate();
            replayAuthor(author, "vouch");
        }
    }

    private void deleteProposal(String proposalId) throws SQLException {
        deleteWhere("proposals", "id", proposalId);
        deleteWhere("proposal_tags", "proposal_id", proposalId);
        deleteWhere("proposal_skills", "proposal_id", proposalId);
    }

    /** Re-applies the author's non-retracted chain records of {@code type} (touching {@code entity} if given). */
    private void replayAuthor(String author, String type, String... entity) throws SQLException {
        PreparedStatement ps = db.prepare("SELECT id, envelope FROM records WHERE author = ? AND type = ?"
                + " AND fork_evidence = 0 AND id NOT IN (SELECT target FROM retractions) ORDER BY swarm, seq");
        bind(ps, author, type);
        // Read every row first: apply() reuses cached statements, which would reset this result set.
        Map<String, byte[]> envelopes = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                envelopes.put(rs.getString(1), rs.getBytes(2));
            }
        }
        for (Map.Entry<String, byte[]> row : envelopes.entrySet()) {
            RecordPayload p = parseStored(row.getValue());
            if (entity.length == 0 || touches(row.getKey(), p.body(), entity[0])) {
                apply(row.getKey(), p);
            }
        }
    }

    private static boolean touches(String id, RecordBody body, String entity) {
        if (id.equals(entity)) {
            return true;
        }
        if (body instanceof Proposal p) {
            return p.isUpdate() && p.of().toString().equals(entity);
        }
        return body instanceof CommitmentUpdate u && u.commitment().toString().equals(entity);
    }

    private boolean isRetracted(String id) throws SQLException {
        PreparedStatement ps = db.prepare("SELECT 1 FROM retractions WHERE target = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private RecordPayload payloadOf(String id) throws SQLException {
        PreparedStatement ps = db.prepare("SELECT envelope FROM records WHERE id = ? AND fork_evidence = 0");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? parseStored(rs.getBytes(1)) : null;
        }
    }

    /** Re-reads a stored record; it was fully verified when stored, so failure means damage. */
    static RecordPayload parseStored(byte[] envelope) {
        try {
            return PayloadCodec.parse(SignedRecord.decode(envelope).payload(), NO_CLOCK_CHECK_MILLIS);
        } catch (InvalidRecordException e) {
            throw new StoreException("a stored record no longer parses (" + e.getMessage() + "); the database is damaged");
        }
    }

    /**
     * Empties and refills every derived table from the stored records: feed heads and forks
     * (from the chain and the fork evidence), then the content tables in feed order.
     */
    void rebuild() throws SQLException {
        try (var st = db.connection().createStatement()) {
            st.executeUpdate("DELETE FROM feeds");
            st.executeUpdate("INSERT INTO feeds (author, swarm, head_seq, head_id, forked)"
                    + " SELECT r.author, r.swarm, r.seq, r.id, EXISTS (SELECT 1 FROM records e WHERE e.author = r.author"
                    + "   AND e.swarm = r.swarm AND e.fork_evidence = 1)"
                    + " FROM records r WHERE r.fork_evidence = 0 AND r.seq = (SELECT max(m.seq) FROM records m"
                    + "   WHERE m.author = r.author AND m.swarm = r.swarm AND m.fork_evidence = 0)");
            st.executeUpdate("DELETE FROM forks");
            st.executeUpdate("INSERT INTO forks (record_id, author, swarm, seq, conflicts_with, detected_at)"
                    + " SELECT e.id, e.author, e.swarm, e.seq, c.id, e.received_at FROM records e JOIN records c"
                    + "   ON c.author = e.author AND c.swarm = e.swarm AND c.seq = e.seq AND c.fork_evidence = 0"
                    + " WHERE e.fork_evidence = 1");
            for (String table : TABLES) {
                st.executeUpdate("DELETE FROM " + table);
            }
        }
        try (PreparedStatement ps = db.connection().prepareStatement(
                "SELECT id, envelope FROM records WHERE fork_evidence = 0 ORDER BY author, swarm, seq");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                apply(rs.getString(1), parseStored(rs.getBytes(2)));
            }
        }
    }

    private void deleteWhere(String table, String column, String value) throws SQLException {
        PreparedStatement ps = db.prepare("DELETE FROM " + table + " WHERE " + column + " = ?");
        ps.setString(1, value);
        ps.executeUpdate();
    }

    static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (v instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (v instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (v instanceof byte[] b) {
                ps.setBytes(i + 1, b);
            } else {
                ps.setString(i + 1, v.toString());
            }
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("lists of strings always serialise", e);
        }
    }
}
