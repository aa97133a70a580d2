package org.kith.node.store;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordVerifier;
import org.kith.protocol.record.RejectReason;
import org.kith.protocol.record.SignedRecord;
import org.kith.protocol.record.VerifiedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link RecordStore} on one SQLite file (see {@link Database} for durability settings). */
public final class SqliteRecordStore implements RecordStore {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteRecordStore.class);

    /** System property: SQLite's page cache per store connection, in KiB (default 65,536; at least 2,048). */
    public static final String CACHE_PROPERTY = "kith.store.cacheKiB";

    private final Database db;
    private final DerivedTables derived;
    private final RecordVerifier verifier;
    private final Clock clock;
    private final HoldQueue hold = new HoldQueue();
    private final ReferenceRules rules;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<RecordListener> listeners = new CopyOnWriteArrayList<>();
    private final StoreQueries queries;
    private final NetworkTables network;
    /** Feed heads read or written in this process; cleared when a transaction rolls back. */
    private final java.util.Map<HoldQueue.FeedKey, FeedHead> heads = new java.util.HashMap<>();

    private SqliteRecordStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.derived = new DerivedTables(db);
        this.rules = new ReferenceRules(db);
        this.verifier = new RecordVerifier(clock);
        this.queries = new StoreQueries(db, lock);
        this.network = new NetworkTables(db, lock);
    }

    /**
     * Opens or creates the store of {@code owner} at {@code file}.
     *
     * @throws StoreException if the file is not a Kith store, is another identity's, or is damaged
     */
    public static SqliteRecordStore open(Path file, PeerId owner, Clock clock) {
        return new SqliteRecordStore(Database.open(file, owner.toBase58()), clock);
    }

    @Override
    public IngestResult ingest(byte[] envelope) {
        return ingestBatch(List.of(envelope)).get(0);
    }

    @Override
    public IngestResult ingest(VerifiedRecord record) {
        return applyInTransaction(List.of(record)).get(0);
    }

    @Override
    public List<IngestResult> ingestBatch(List<byte[]> envelopes) {
        return ingestVerified(verifyBatch(envelopes));
    }

    @Override
    public List<IngestResult> ingestVerified(VerifiedBatch batch) {
        return applyInTransaction(batch.items);
    }

    @Override
    public VerifiedBatch verifyBatch(List<byte[]> envelopes) {
        // Verification is pure CPU: done before taking the lock.
        List<Object> items = new ArrayList<>(envelopes.size());
        for (byte[] envelope : envelopes) {
            try {
                items.add(verifier.verify(envelope));
            } catch (InvalidRecordException e) {
                items.add(IngestResult.rejected(idIfDecodable(envelope), e.reason(), e.detail()));
            }
        }
        return new VerifiedBatch(items);
    }

    private static RecordId idIfDecodable(byte[] envelope) {
        try {
            return SignedRecord.decode(envelope).id();
        } catch (InvalidRecordException e) {
            return null;
        }
    }

    /** {@code PRAGMA data_version} when the feed-head cache was last known to match the file. */
    private long dataVersion = -1;

    /**
     * Another process (the CLI while {@code kith run} runs) may have committed since this store
     * last looked: then the cached feed heads may be stale and are dropped.
     */
    private void forgetCachesIfChangedElsewhere() throws SQLException {
        long v = db.dataVersion();
        if (v != dataVersion) {
            heads.clear();
            dataVersion = v;
        }
    }

    private List<IngestResult> applyInTransaction(List<?> items) {
        List<IngestResult> results = new ArrayList<>(items.size());
        List<Notice> notify = new ArrayList<>();
        lock.lock();
        try {
            try {
                forgetCachesIfChangedElsewhere();
                for (Object item : items) {
                    if (item instanceof IngestResult rejected) {
                        results.add(rejected);
                    } else {
                        results.add(ingestOne((VerifiedRecord) item, notify));
                    }
                }
                db.commit();
            } catch (SQLException | RuntimeException e) {
                heads.clear();
                db.rollback();
                throw e instanceof StoreException se ? se
                        : new StoreException("ingest failed, nothing stored: " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
        for (Notice n : notify) {
            for (RecordListener l : listeners) {
                try {
                    l.onRecord(n.record(), n.status());
                } catch (RuntimeException e) {
                    LOG.warn("record listener {} failed", l, e);
                }
            }
        }
        return results;
    }

    /** A record to tell the listeners about once its transaction has committed. */
    private record Notice(VerifiedRecord record, IngestResult.Status status) {
    }

    /**
     * Applies one record, then every held record its arrival unblocks: the next records of its
     * feed, and records of other feeds waiting for it, and so on for each of those.
     */
    private IngestResult ingestOne(VerifiedRecord r, List<Notice> notify) throws SQLException {
        IngestResult result = applyOne(r, notify);
        if (result.status() != IngestResult.Status.ACCEPTED) {
            return result;
        }
        ArrayDeque<VerifiedRecord> unblocking = new ArrayDeque<>();
        unblocking.add(r);
        while (!unblocking.isEmpty()) {
            VerifiedRecord stored = unblocking.poll();
            HoldQueue.FeedKey feed = HoldQueue.FeedKey.of(stored);
            for (VerifiedRecord conflicting : hold.takeUpTo(feed, stored.seq())) {
                applyOne(conflicting, notify);
            }
            List<VerifiedRecord> released = new ArrayList<>(hold.take(feed, stored.seq() + 1));
            released.addAll(hold.takeWaitingOn(stored.id()));
            for (VerifiedRecord next : released) {
                IngestResult drained = applyOne(next, notify);
                if (drained.status() == IngestResult.Status.ACCEPTED) {
                    unblocking.add(next);
                } else if (drained.isRejected()) {
                    LOG.debug("held record {} refused on release: {}", next.id(), drained.detail());
                }
            }
        }
        return result;
    }

    private IngestResult applyOne(VerifiedRecord r, List<Notice> notify) throws SQLException {
        String id = r.id().toString();
        if (hold.contains(r.id())) {
            return IngestResult.of(IngestResult.Status.DUPLICATE, r.id(), "already held");
        }
        String author = r.author().toBase58();
        FeedHead head = cachedHead(author, r.swarm());
        long headSeq = head == null ? 0 : head.seq();
        // A stored record of this feed has seq ≤ head, so only then can this one be stored already
        // (same id = same payload = same seq): one query fewer on the common path.
        if (r.seq() <= headSeq && exists(id)) {
            return IngestResult.of(IngestResult.Status.DUPLICATE, r.id(), "already stored");
        }
        if (r.seq() <= headSeq) {
            String conflictsWith = chainIdAt(author, r.swarm(), r.seq());
            long now = clock.millis();
            insertRecord(r, true, now);
            PreparedStatement fork = db.prepare("INSERT OR IGNORE INTO forks (record_id, author, swarm, seq,"
                    + " conflicts_with, detected_at) VALUES (?, ?, ?, ?, ?, ?)");
            DerivedTables.bind(fork, id, author, r.swarm(), r.seq(), conflictsWith, now);
            fork.executeUpdate();
            PreparedStatement flag = db.prepare("UPDATE feeds SET forked = 1 WHERE author = ? AND swarm = ?");
            DerivedTables.bind(flag, author, r.swarm());
            flag.executeUpdate();
            heads.put(new HoldQueue.FeedKey(author, r.swarm()), new FeedHead(author, r.swarm(), head.seq(), head.id(), true));
            LOG.info("fork in feed {}/{} at seq {}: {} conflicts with {}", author, r.swarm(), r.seq(), id,
                    conflictsWith);
            notify.add(new Notice(r, IngestResult.Status.FORK));
            return IngestResult.of(IngestResult.Status.FORK, r.id(), "conflicts with " + conflictsWith + " at seq "
                    + r.seq() + "; kept as evidence");
        }
        if (r.seq() > headSeq + 1) {
            String refused = hold.offer(r, headSeq);
            if (refused != null) {
                return r.seq() - headSeq > HoldQueue.MAX_SEQ_AHEAD
                        ? IngestResult.rejected(r.id(), RejectReason.SEQ_GAP, "predecessor missing and " + refused)
                        : IngestResult.of(IngestResult.Status.DEFERRED, r.id(), "predecessor missing and " + refused);
            }
            return IngestResult.of(IngestResult.Status.HELD, r.id(), "waiting for seq " + (headSeq + 1));
        }
        if (r.seq() > 1 && !r.payload().prev().equals(head.id())) {
            return IngestResult.rejected(r.id(), RejectReason.PREV_MISMATCH,
                    "prev is " + r.payload().prev() + " but seq " + headSeq + " is " + head.id());
        }
        ReferenceRules.Verdict verdict = rules.check(r);
        if (verdict.invalid() != null) {
            return IngestResult.rejected(r.id(), verdict.invalid().reason(), verdict.invalid().detail());
        }
        if (verdict.waitFor() != null) {
            String refused = hold.offerWaiting(r, verdict.waitFor());
            return refused == null
                    ? IngestResult.of(IngestResult.Status.HELD, r.id(), "waiting for record " + verdict.waitFor())
                    : IngestResult.of(IngestResult.Status.DEFERRED, r.id(), "record " + verdict.waitFor()
                            + " missing and " + refused);
        }
        insertRecord(r, false, clock.millis());
        PreparedStatement feed = db.prepare("INSERT INTO feeds (author, swarm, head_seq, head_id) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (author, swarm) DO UPDATE SET head_seq = excluded.head_seq, head_id = excluded.head_id");
        DerivedTables.bind(feed, author, r.swarm(), r.seq(), id);
        feed.executeUpdate();
        heads.put(new HoldQueue.FeedKey(author, r.swarm()),
                new FeedHead(author, r.swarm(), r.seq(), r.id(), head != null && head.forked()));
        derived.apply(id, r.payload());
        notify.add(new Notice(r, IngestResult.Status.ACCEPTED));
        return IngestResult.of(IngestResult.Status.ACCEPTED, r.id(), "stored at seq " + r.seq());
    }

    private FeedHead cachedHead(String author, String swarm) throws SQLException {
        HoldQueue.FeedKey key = new HoldQueue.FeedKey(author, swarm);
        FeedHead head = heads.get(key);
        if (head == null) {
            head = head(author, swarm);
            if (head != null) {
                if (heads.size() >= MAX_CACHED_HEADS) {
                    heads.clear();
                }
                heads.put(key, head);
            }
        }
        return head;
    }

    /** Feed heads kept in memory; beyond this the cache starts over. */
    static final int MAX_CACHED_HEADS = 100_000;

    private boolean exists(String id) throws SQLException {
        PreparedStatement ps = db.prepare("SELECT 1 FROM records WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private FeedHead head(String author, String swarm) throws SQLException {
        PreparedStatement ps = db.prepare("SELECT head_seq, head_id, forked FROM feeds WHERE author = ? AND swarm = ?");
        DerivedTables.bind(ps, author, swarm);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new FeedHead(author, swarm, rs.getLong(1), RecordId.parse(rs.getString(2)),
                    rs.getInt(3) != 0) : null;
        }
    }

    private String chainIdAt(String author, String swarm, long seq) throws SQLException {
        PreparedStatement ps = db.prepare("SELECT id FROM records WHERE author = ? AND swarm = ? AND seq = ?"
                + " AND fork_evidence = 0");
        DerivedTables.bind(ps, author, swarm, seq);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new StoreException("feed " + author + "/" + swarm + " has no record at seq " + seq
                        + " below its head; the database is damaged");
            }
            return rs.getString(1);
        }
    }

    private void insertRecord(VerifiedRecord r, boolean forkEvidence, long receivedAt) throws SQLException {
        PreparedStatement ps = db.prepare("INSERT INTO records (id, envelope, author, swarm, seq, type, ts,"
                + " received_at, fork_evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        DerivedTables.bind(ps, r.id().toString(), r.envelope().encode(), r.author().toBase58(), r.swarm(), r.seq(),
                r.type(), r.payload().timestampMillis(), receivedAt, forkEvidence ? 1 : 0);
        ps.executeUpdate();
    }

    @Override
    public void addListener(RecordListener listener) {
        listeners.add(listener);
    }

    @Override
    public Optional<StoredRecord> record(RecordId id) {
        return queries.read(() -> {
            PreparedStatement ps = db.prepare("SELECT id, envelope, received_at, fork_evidence FROM records WHERE id = ?");
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(stored(rs)) : Optional.empty();
            }
        });
    }

    static StoredRecord stored(ResultSet rs) throws SQLException {
        byte[] envelope = rs.getBytes(2);
        return new StoredRecord(RecordId.parse(rs.getString(1)), envelope, DerivedTables.parseStored(envelope),
                rs.getLong(3), rs.getInt(4) != 0);
    }

    @Override
    public List<RecordId> idsWithPrefix(String prefix, int limit) {
        return queries.read(() -> {
            List<RecordId> out = new ArrayList<>();
            PreparedStatement ps = db.prepare("SELECT id FROM records WHERE id >= ? AND id < ? ORDER BY id LIMIT ?");
            DerivedTables.bind(ps, prefix, prefix + "\u007f", limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(RecordId.parse(rs.getString(1)));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<FeedHead> feedHead(PeerId author, String swarm) {
        return queries.read(() -> Optional.ofNullable(head(author.toBase58(), swarm)));
    }

    @Override
    public List<FeedHead> feeds() {
        return queries.read(() -> {
            List<FeedHead> out = new ArrayList<>();
            PreparedStatement ps = db.prepare("SELECT author, swarm, head_seq, head_id, forked FROM feeds"
                    + " ORDER BY author, swarm");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FeedHead(rs.getString(1), rs.getString(2), rs.getLong(3),
                            RecordId.parse(rs.getString(4)), rs.getInt(5) != 0));
                }
            }
            return out;
        });
    }

    @Override
    public List<FeedHead> feeds(String swarm) {
        return queries.read(() -> {
            List<FeedHead> out = new ArrayList<>();
            PreparedStatement ps = db.prepare("SELECT author, swarm, head_seq, head_id, forked FROM feeds"
                    + " WHERE swarm = ? ORDER BY author");
            ps.setString(1, swarm);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FeedHead(rs.getString(1), rs.getString(2), rs.getLong(3),
                            RecordId.parse(rs.getString(4)), rs.getInt(5) != 0));
                }
            }
            return out;
        });
    }

    @Override
    public List<FeedRecord> chainAfter(PeerId author, String swarm, long afterSeq, long toSeq, int limit) {
        return queries.read(() -> {
            List<FeedRecord> out = new ArrayList<>(Math.min(limit, 1024));
            // "fork_evidence = 0" lets SQLite use the partial index records_chain (author, swarm, seq).
            PreparedStatement ps = db.prepare("SELECT seq, id, envelope FROM records WHERE author = ? AND swarm = ?"
                    + " AND seq > ? AND seq <= ? AND fork_evidence = 0 ORDER BY seq LIMIT ?");
            DerivedTables.bind(ps, author.toBase58(), swarm, afterSeq, toSeq, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FeedRecord(rs.getLong(1), RecordId.parse(rs.getString(2)), rs.getBytes(3)));
                }
            }
            return out;
        });
    }

    @Override
    public List<FeedRecord> forkProof(PeerId author, String swarm, int limit) {
        return queries.read(() -> {
            List<FeedRecord> out = new ArrayList<>();
            // forks holds one row per evidence record: small, so reading it whole is fine.
            PreparedStatement ps = db.prepare("SELECT r.seq, r.id, r.envelope FROM forks f"
                    + " JOIN records r ON r.id = f.record_id OR r.id = f.conflicts_with"
                    + " WHERE f.author = ? AND f.swarm = ? GROUP BY r.id ORDER BY r.seq, r.fork_evidence, r.id LIMIT ?");
            DerivedTables.bind(ps, author.toBase58(), swarm, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FeedRecord(rs.getLong(1), RecordId.parse(rs.getString(2)), rs.getBytes(3)));
                }
            }
            return out;
        });
    }

    @Override
    public void forEachRecordOf(PeerId author, Consumer<StoredRecord> consumer) {
        stream("SELECT id, envelope, received_at, fork_evidence FROM records WHERE author = ? AND fork_evidence = 0"
                + " ORDER BY swarm, seq", consumer, author.toBase58());
    }

    @Override
    public void forEachRecord(Consumer<StoredRecord> consumer) {
        stream("SELECT id, envelope, received_at, fork_evidence FROM records ORDER BY author, swarm, seq,"
                + " fork_evidence", consumer);
    }

    private void stream(String sql, Consumer<StoredRecord> consumer, Object... args) {
        queries.read(() -> {
            try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
                DerivedTables.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(stored(rs));
                    }
                }
            }
            return null;
        });
    }

    @Override
    public int heldCount() {
        lock.lock();
        try {
            return hold.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void rebuildDerived() {
        lock.lock();
        try {
            derived.rebuild();
            db.commit();
            heads.clear();
        } catch (SQLException e) {
            db.rollback();
            throw new StoreException("rebuilding derived tables failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public StoreQueries queries() {
        return queries;
    }

    @Override
    public NetworkTables network() {
        return network;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            db.close();
        } finally {
            lock.unlock();
        }
    }
}
