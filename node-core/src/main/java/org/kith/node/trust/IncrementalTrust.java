package org.kith.node.trust;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps one user's {@link TrustResult} current as records arrive, without a full recompute where that is
 * cheaper. Every result equals {@link TrustEngine#compute(TrustGraph, String)} of the same records within the
 * walk's tolerance (walk masses within about tolerance · (1 − restart) / restart of the fixed point).
 *
 * <ul>
 * <li>{@link #addAttestation}: a new, changed or retracted attestation moves no walk mass, so only its
 *     committer's reliability is recomputed, from that person's attestations: O(k) for k attestations of that
 *     person, plus copying the reliability arrays (O(n)) and the attestation list (O(q)) for the new immutable
 *     result.</li>
 * <li>{@link #addVouch}, {@link #markForked}: the usable edges are rebuilt (O(m)) and the walk re-run,
 *     warm-started from the previous vector; then every reliability is recomputed (O(q)), as attester weights
 *     follow trust.</li>
 * <li>An attestation that mentions someone new grows the arrays (the newcomer has no edges, so no walk is
 *     needed). While the user is not in the graph at all (no records of theirs), every update re-runs the
 *     walk.</li>
 * </ul>
 *
 * <p>Thread-safety: single writer. The {@code add…}/{@code mark…} methods must not be called concurrently (the
 * caller serialises them, e.g. on the thread that ingests records); {@link #result()} may be called from any
 * thread at any time and returns the latest published result, which is immutable.
 */
public final class IncrementalTrust {

    private final TrustEngine engine;
    private final String user;
    /** The records so far, in the builder's effective-record semantics (last per key wins). */
    private final TrustGraph.Builder records;
    /** Effective attestations per committer, in the graph's order. */
    private final Map<String, List<TrustGraph.Attestation>> byCommitter = new HashMap<>();
    private volatile TrustResult result;

    /** Starts from a full computation of {@code graph} for {@code user}. */
    public IncrementalTrust(TrustEngine engine, TrustGraph graph, String user) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.user = Objects.requireNonNull(user, "user");
        this.records = graph.toBuilder();
        for (TrustGraph.Attestation a : graph.attestations()) {
            attestationsOf(a.committer()).add(a);
        }
        this.result = engine.compute(graph, user);
    }

    public String user() {
        return user;
    }

    /** The latest result; safe from any thread. */
    public TrustResult result() {
        return result;
    }

    /**
     * Adds an attestation, replacing any earlier one by the same attester of the same commitment (a retraction
     * is an attestation with {@code retracted} set). Updates only the reliability of the committers involved.
     */
    public TrustResult addAttestation(TrustGraph.Attestation a) {
        TrustGraph.Attestation old = records.attestation(a.attester(), a.commitmentId());
        records.attestation(a.attester(), a.committer(), a.commitmentId(), a.outcome(), a.retracted());
        if (old != null) {
            attestationsOf(old.committer()).remove(old);
        }
        attestationsOf(a.committer()).add(a);

        TrustResult prev = grown(records.build());
        TrustGraph graph = prev.graph();
        double[] alpha = prev.alphaArray().clone();
        double[] beta = prev.betaArray().clone();
        recomputeReliability(a.committer(), graph, prev, alpha, beta);
        if (old != null && !old.committer().equals(a.committer())) {
            recomputeReliability(old.committer(), graph, prev, alpha, beta);
        }
        return publish(new TrustResult(engine, graph, prev.walkGraph(), prev.walk(), prev.normArray(), alpha, beta));
    }

    /** Adds a vouch, replacing any earlier one by the same author for the same subject (or retracting it). */
    public TrustResult addVouch(TrustGraph.Vouch v) {
        records.vouch(v.author(), v.subject(), v.level(), v.retracted());
        return publish(rewalk(records.build()));
    }

    /** Marks {@code author}'s feed as forked: their vouches and attestations stop counting. */
    public TrustResult markForked(String author) {
        records.forked(author);
        return publish(rewalk(records.build()));
    }

    private List<TrustGraph.Attestation> attestationsOf(String committer) {
        return byCommitter.computeIfAbsent(committer, c -> new ArrayList<>());
    }

    private TrustResult publish(TrustResult r) {
        result = r;
        return r;
    }

    /** Resets {@code person}'s Beta to the prior and adds their attestations again, in the graph's order. */
    private void recomputeReliability(String person, TrustGraph graph, TrustResult prev, double[] alpha,
            double[] beta) {
        int c = graph.indexOf(person);
        alpha[c] = TrustEngine.PRIOR_ALPHA;
        beta[c] = TrustEngine.PRIOR_BETA;
        for (TrustGraph.Attestation a : attestationsOf(person)) {
            engine.accumulate(a, graph, prev.walkGraph(), prev.normArray(), alpha, beta);
        }
    }

    /**
     * The current result carried over to {@code graph}, which differs from it only in attestations and perhaps
     * new people: newcomers get no walk mass and the prior (what a full recompute gives them too).
     */
    private TrustResult grown(TrustGraph graph) {
        TrustResult prev = result;
        int n = graph.size();
        WalkGraph wg = prev.walkGraph();
        if (graph.indexOf(user) != wg.user) { // the user is not (or was not) in the graph: their slot may move
            return rewalk(graph);
        }
        if (n == wg.size()) {
            return new TrustResult(engine, graph, wg, prev.walk(), prev.normArray(), prev.alphaArray(),
                    prev.betaArray());
        }
        double[] alpha = Arrays.copyOf(prev.alphaArray(), n);
        double[] beta = Arrays.copyOf(prev.betaArray(), n);
        Arrays.fill(alpha, wg.size(), n, TrustEngine.PRIOR_ALPHA);
        Arrays.fill(beta, wg.size(), n, TrustEngine.PRIOR_BETA);
        TrustEngine.Walk walk = new TrustEngine.Walk(Arrays.copyOf(prev.walk().p(), n), 0, prev.converged());
        return new TrustResult(engine, graph, wg.withNewPeople(graph), walk, Arrays.copyOf(prev.normArray(), n),
                alpha, beta);
    }

    /** Rebuilds the edges, re-runs the walk warm-started from the previous vector, recomputes all reliabilities. */
    private TrustResult rewalk(TrustGraph graph) {
        TrustResult prev = result;
        WalkGraph wg = WalkGraph.of(graph, user);
        boolean sameSlot = wg.user == prev.walkGraph().user;
        return engine.compute(graph, wg, sameSlot ? prev.walk().p() : null);
    }
}
