package org.kith.node.store;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.VerifiedRecord;

/**
 * Where this node first got each record (table {@code record_sources}, migration V004): a peer
 * by gossip or catch-up, the user's own publishing, or an imported file. Not derived from the
 * records, so never rebuilt; one row per record, written once, the first source wins.
 *
 * <p>How a source is noted: the code that hands records to the ingest door wraps the call in
 * {@link #ingest} / {@link #ingestAll} with the {@link Origin}. This object listens to the store
 * ({@link #attach}); every record the store reports as stored (accepted, or kept as fork
 * evidence) while such a call runs on that thread is noted with its origin, in one small
 * transaction after the ingest call returns (never inside the ingest transaction). That includes
 * records released from the hold queue by the call; a record that was held when it arrived keeps
 * the origin it arrived with. A crash between the two commits loses only the source row: the
 * record's source then reads as unknown, like records stored before this table existed.
 *
 * <p>Thread-safe: reads and writes are serialised with ingest under the store's lock.
 */
public final class RecordSources implements RecordListener {

    /** Source of the user's own records. */
    public static final String SELF = "self";
    /** Source of records taken from a bundle file. */
    public static final String IMPORT = "import";
    /** Held records whose origin is remembered; beyond this the oldest are forgotten. */
    static final int MAX_HELD_ORIGINS = 10_000;

    /**
     * How a record reached this node.
     *
     * @param source a peer ID, {@link #SELF} or {@link #IMPORT}
     * @param via publish | gossip | sync | import
     * @param detail e.g. the imported file's name, or null
     */
    public record Origin(String source, String via, String detail) {

        public static final Origin PUBLISHED = new Origin(SELF, "publish", null);

        public static Origin gossip(PeerId from) {
            return new Origin(from.toBase58(), "gossip", null);
        }

        public static Origin sync(PeerId from) {
            return new Origin(from.toBase58(), "sync", null);
        }

        public static Origin imported(String fileName) {
            return new Origin(IMPORT, "import", fileName);
        }
    }

    /** A stored source row. */
    public record Source(String recordId, String source, String via, String detail, long receivedAtMillis) {
    }

    /** The origin and the notes gathered during one wrapped ingest call on one thread. */
    private static final class Call {
        final Origin origin;
        final List<Map.Entry<String, Origin>> notes = new ArrayList<>();

        Call(Origin origin) {
            this.origin = origin;
        }
    }

    private final Database db;
    private final ReentrantLock lock;
    private final AtomicBoolean attached = new AtomicBoolean();
    private final ThreadLocal<Call> current = new ThreadLocal<>();
    private final Map<String, Origin> heldOrigins = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Origin> eldest) {
            return size() > MAX_HELD_ORIGINS;
        }
    };

    RecordSources(Database db, ReentrantLock lock) {
        this.db = db;
        this.lock = lock;
    }

    /** Starts listening to {@code store} (this object's own store); once, however often called. */
    public void attach(RecordStore store) {
        if (attached.compareAndSet(false, true)) {
            store.addListener(this);
        }
    }

    /** Runs one ingest call, noting {@code origin} for what it stores. */
    public IngestResult ingest(Origin origin, Supplier<IngestResult> ingest) {
        return ingestAll(origin, () -> List.of(ingest.get())).get(0);
    }

    /** Runs one batch ingest call, noting {@code origin} for what it stores. */
    public List<IngestResult> ingestAll(Origin origin, Supplier<List<IngestResult>> ingest) {
        Call outer = current.get();
        Call call = new Call(origin);
        current.set(call);
        List<IngestResult> results;
        try {
            results = ingest.get();
        } finally {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
        synchronized (heldOrigins) {
            for (IngestResult r : results) {
                if (r.status() == IngestResult.Status.HELD && r.id() != null) {
                    heldOrigins.putIfAbsent(r.id().toString(), origin);
                }
            }
            // Held and released within this same call: already noted.
            call.notes.forEach(n -> heldOrigins.remove(n.getKey()));
        }
        write(call.notes);
        return results;
    }

    @Override
    public void onRecord(VerifiedRecord record, IngestResult.Status status) {
        String id = record.id().toString();
        Origin held;
        synchronized (heldOrigins) {
            held = heldOrigins.remove(id);
        }
        Call call = current.get();
        Origin origin = held != null ? held : call == null ? null : call.origin;
        if (origin == null) {
            return; // stored by a caller that does not say where records come from
        }
        if (call != null) {
            call.notes.add(Map.entry(id, origin));
        } else {
            write(List.of(Map.entry(id, origin)));
        }
    }

    private void write(List<Map.Entry<String, Origin>> notes) {
        if (notes.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            // received_at is the record's own, so both tables tell the same time.
            PreparedStatement ps = db.prepare("INSERT OR IGNORE INTO record_sources (record_id, source, via, detail,"
                    + " received_at) SELECT id, ?, ?, ?, received_at FROM records WHERE id = ?");
            for (Map.Entry<String, Origin> n : notes) {
                Origin o = n.getValue();
                DerivedTables.bind(ps, o.source(), o.via(), o.detail(), n.getKey());
                ps.executeUpdate();
            }
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            // The records are stored; only where they came from is lost. Never fail the ingest for it.
            org.slf4j.LoggerFactory.getLogger(RecordSources.class).warn("could not note the source of {} record(s): {}",
                    notes.size(), e.toString());
        } finally {
            lock.unlock();
        }
    }

    /** Where this node first got record {@code id}, if known. */
    public Optional<Source> source(String id) {
        return read(() -> {
            PreparedStatement ps = db.prepare("SELECT record_id, source, via, detail, received_at FROM record_sources"
                    + " WHERE record_id = ?");
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Source(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getLong(5))) : Optional.empty();
            }
        });
    }

    /**
     * Every stored record (chain or fork evidence, retracted or not), other than those in
     * {@code ids}, whose signed bytes contain the text of one of {@code ids}: a superset of the
     * records that cite them, for the caller to confirm by parsing. One scan of the records table
     * inside SQLite per 200 ids (no index covers the fields that cite other records), done on
     * demand, in order of the author's clock.
     */
    public List<StoredRecord> recordsMentioning(List<RecordId> ids) {
        List<StoredRecord> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int from = 0; from < ids.size(); from += 200) {
            List<RecordId> chunk = ids.subList(from, Math.min(ids.size(), from + 200));
            String any = String.join(" OR ", java.util.Collections.nCopies(chunk.size(), "instr(envelope, ?) > 0"));
            String in = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            read(() -> {
                try (PreparedStatement ps = db.connection().prepareStatement("SELECT id, envelope, received_at,"
                        + " fork_evidence FROM records WHERE (" + any + ") AND id NOT IN (" + in + ") ORDER BY ts, id")) {
                    int i = 1;
                    for (RecordId id : chunk) {
                        ps.setBytes(i++, id.toString().getBytes(StandardCharsets.US_ASCII));
                    }
                    for (RecordId id : chunk) {
                        ps.setString(i++, id.toString());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (seen.add(rs.getString(1))) {
                                out.add(SqliteRecordStore.stored(rs));
                            }
                        }
                    }
                }
                return null;
            });
        }
        java.util.Set<String> given = new java.util.HashSet<>();
        ids.forEach(id -> given.add(id.toString()));
        out.removeIf(r -> given.contains(r.id().toString()));
        out.sort(java.util.Comparator.comparingLong((StoredRecord r) -> r.payload().timestampMillis())
                .thenComparing(r -> r.id().toString()));
        return out;
    }

    /** Ids of the retraction records that retract any of {@code ids} (from the retractions table). */
    public List<String> retractionsOf(List<RecordId> ids) {
        List<String> out = new ArrayList<>();
        for (RecordId id : ids) {
            read(() -> {
                PreparedStatement ps = db.prepare("SELECT retraction_id FROM retractions WHERE target = ?");
                ps.setString(1, id.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return null;
            });
        }
        return out;
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T read(Work<T> work) {
        return StoreQueries.read(db, lock, work::run);
    }
}
