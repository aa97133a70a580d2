package org.kith.node.trust;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.kith.node.store.IngestResult;
import org.kith.node.store.RecordListener;
import org.kith.node.store.RecordStore;
import org.kith.node.store.StoreQueries;
import org.kith.node.store.StoredRecord;
import org.kith.node.store.Views;
import org.kith.protocol.record.Attestation;
import org.kith.protocol.record.Commitment;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.RecordBody;
import org.kith.protocol.record.Retraction;
import org.kith.protocol.record.TrustLevel;
import org.kith.protocol.record.VerifiedRecord;
import org.kith.protocol.record.Vouch;
import org.kith.protocol.record.WireEnum;

/**
 * The user's trust kept current in a running node (the desktop app): loaded once from the store,
 * then each new record is applied through {@link IncrementalTrust} where its effect is local, with
 * the same rules as {@link StoreTrustGraph}:
 * <ul>
 *   <li>an attestation whose proposal is here: counted if the attester wrote the proposal or is
 *       committed to it (only the committer's reliability is recomputed);</li>
 *   <li>a general vouch, or the retraction of a vouch: the author's vouch for that subject now in
 *       effect (the walk re-runs warm-started);</li>
 *   <li>fork evidence: the author's feed is forked.</li>
 * </ul>
 * What can change which attestations count — a commitment by someone who has attested before, the
 * retraction of an attestation, commitment or proposal, an attestation whose proposal is not here — reloads from
 * the store instead. Other records (profiles, proposals, comments, domain vouches) change nothing.
 *
 * <p>Updates run on the given executor, one at a time (a single-thread executor, or a direct one in
 * tests); {@link #result()} may be read from any thread.
 */
public final class LiveTrust implements RecordListener {

    private final RecordStore store;
    private final StoreQueries queries;
    private final String user;
    private final TrustEngine engine;
    private final Executor updates;
    private volatile IncrementalTrust state;
    private final AtomicLong incremental = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();

    private LiveTrust(RecordStore store, String user, TrustEngine engine, Executor updates) {
        this.store = store;
        this.queries = store.queries();
        this.user = user;
        this.engine = engine;
        this.updates = updates;
        reload();
    }

    /** Loads the user's trust from {@code store} and follows its new records on {@code updates}. */
    public static LiveTrust follow(RecordStore store, String user, TrustEngine engine, Executor updates) {
        Objects.requireNonNull(user, "user");
        LiveTrust live = new LiveTrust(store, user, engine, Objects.requireNonNull(updates, "updates"));
        store.addListener(live);
        return live;
    }

    /** The latest result. */
    public TrustResult result() {
        return state.result();
    }

    /** Records applied incrementally so far. */
    public long incrementalUpdates() {
        return incremental.get();
    }

    /** Full reloads from the store so far (the first load included). */
    public long reloads() {
        return reloads.get();
    }

    @Override
    public void onRecord(VerifiedRecord record, IngestResult.Status status) {
        updates.execute(() -> apply(record, status));
    }

    private void apply(VerifiedRecord record, IngestResult.Status status) {
        String author = record.author().toBase58();
        if (status == IngestResult.Status.FORK) {
            state.markForked(author);
            incremental.incrementAndGet();
            return;
        }
        RecordBody body = record.body();
        if (body instanceof Vouch v && general(v.domain())) {
            applyEffectiveVouch(author, v.subject().toBase58(), v.level());
        } else if (body instanceof Attestation a) {
            applyAttestation(author, a);
        } else if (body instanceof Commitment) {
            if (!queries.attestations(null, null, author).isEmpty()) {
                reload(); // their attestations about this proposal may count now
            }
        } else if (body instanceof Retraction r) {
            applyRetraction(author, r);
        }
    }

    private void applyRetraction(String author, Retraction r) {
        Optional<StoredRecord> target = store.record(r.target());
        if (target.isEmpty()) {
            return;
        }
        RecordBody body = target.get().payload().body();
        if (body instanceof Vouch v && general(v.domain())) {
            applyEffectiveVouch(author, v.subject().toBase58(), v.level());
        } else if (body instanceof Attestation || body instanceof Commitment || body instanceof Proposal) {
            // An earlier attestation of the same commitment may come back into effect; rare enough to reload.
            reload();
        }
    }

    /** The vouch by {@code author} for {@code subject} in effect now, or {@code level} retracted if none. */
    private void applyEffectiveVouch(String author, String subject, TrustLevel level) {
        if (author.equals(subject)) {
            return;
        }
        TrustGraph.Vouch v = new TrustGraph.Vouch(author, subject, level, true);
        for (Views.Vouch current : queries.vouches(author, subject)) {
            if (general(current.domain())) {
                v = new TrustGraph.Vouch(author, subject, WireEnum.fromWire(TrustLevel.class, current.level()), false);
            }
        }
        state.addVouch(v);
        incremental.incrementAndGet();
    }

    private void applyAttestation(String attester, Attestation a) {
        String committer = a.committer().toBase58();
        Optional<Views.Commitment> c = queries.commitment(a.commitment().toString());
        Optional<Views.Proposal> p = c.flatMap(x -> queries.proposal(x.proposalId()));
        if (p.isEmpty()) {
            reload(); // retracted or unknown: the store adapter knows what to do
            return;
        }
        boolean tookPart = p.get().author().equals(attester)
                || !queries.commitments(p.get().id(), attester, null).isEmpty();
        if (!tookPart) {
            return; // not counted, and cannot count until they commit (which reloads)
        }
        state.addAttestation(new TrustGraph.Attestation(attester, committer, a.commitment().toString(), a.outcome(),
                false));
        incremental.incrementAndGet();
    }

    private void reload() {
        state = new IncrementalTrust(engine, StoreTrustGraph.load(queries, user).graph(), user);
        reloads.incrementAndGet();
    }

    private static boolean general(String domain) {
        return domain == null || domain.isEmpty();
    }
}
