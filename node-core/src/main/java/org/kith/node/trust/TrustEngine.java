package org.kith.node.trust;

import java.util.Arrays;
import org.kith.protocol.record.TrustLevel;

/**
 * Computes, for one user, whom they can count on (design §6). Pure and deterministic: no I/O, no clock,
 * no randomness; the same graph and user always give the same result.
 *
 * <h2>Propagated trust</h2>
 * A personalised random walk with restart (personalised PageRank) from the user over positive vouch edges.
 * An edge author→subject has weight {@link #weight(TrustLevel)} (some = 1, high = 2, neutral and distrust = 0);
 * from a person the walker follows an out-edge with probability weight / (sum of that person's weights), and
 * with probability {@code restart} it jumps back to the user. Mass of people with no usable out-edge (dangling)
 * also returns to the user. The stationary distribution {@code p} sums to 1; {@code p[user]} ≥ restart.
 * Power iteration stops when the L1 change falls below {@code tolerance} (or after {@code maxIterations}).
 *
 * <p>Not counted as edges: retracted vouches, self-vouches, neutral and distrust vouches, any vouch by a
 * forked author (other than the user: a forked feed cannot be relied on), and any vouch by or for someone the
 * user distrusts. Distrust is thus applied directly only: the user's own distrust vouch zeroes that person for
 * the user; other people's distrust is never propagated.
 *
 * <h2>Reliability</h2>
 * Per person a Beta(α, β) with prior (1, 1). Each counted attestation about their commitments adds
 * w = {@link #attesterWeight(double)} of the attester's normalised trust ({@code p[a] / max p} over everyone but
 * the user, so in [0, 1]; the user's own attestations weigh 1): kept adds w to α, partly-kept w/2 to each,
 * not-kept w to β. The weight is the normalised trust divided by {@link #fullWeightTrust()}, clipped at 1: with
 * the plain normalised trust (divisor 1) only the user's top contact would count fully, and attestations from the
 * rest of a network weigh so little that the estimate stays near the prior (docs/benchmarks.md, "Trust").
 * Not counted: retracted attestations, self-attestations, attestations by a forked author (other than the
 * user). Expected value α/(α+β); evidence = α+β−2 (the total weight); confidence = evidence/(evidence+2),
 * i.e. 0 with no evidence and ½ when the evidence weighs as much as the prior.
 */
public final class TrustEngine {

    public static final double DEFAULT_RESTART = 0.15;
    public static final double DEFAULT_TOLERANCE = 1e-10;
    public static final int DEFAULT_MAX_ITERATIONS = 1_000;

    /** Weight of the prior in the confidence measure: confidence = evidence / (evidence + PRIOR_WEIGHT). */
    public static final double PRIOR_WEIGHT = 2.0;
    /** The Beta prior: uniform, Beta(1, 1). */
    static final double PRIOR_ALPHA = 1.0;
    static final double PRIOR_BETA = 1.0;

    /**
     * Default normalised trust from which an attester counts as a full witness (weight 1). 0.05 is, in the
     * simulated small world of docs/benchmarks.md (1,000 people, 10 vouches each), about the least trusted
     * friend of a friend: the user's contacts and their contacts count fully; beyond, weight falls in proportion
     * to trust. 1 gives the plain linear weighting (only the user's most trusted contact counts fully).
     */
    public static final double DEFAULT_FULL_WEIGHT_TRUST = 0.05;

    private final double restart;
    private final double tolerance;
    private final int maxIterations;
    private final double fullWeightTrust;

    public TrustEngine() {
        this(DEFAULT_RESTART, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
    }

    public TrustEngine(double restart, double tolerance, int maxIterations) {
        this(restart, tolerance, maxIterations, DEFAULT_FULL_WEIGHT_TRUST);
    }

    /** @param fullWeightTrust normalised trust in (0, 1] from which an attester weighs 1 */
    public TrustEngine(double restart, double tolerance, int maxIterations, double fullWeightTrust) {
        if (!(restart > 0 && restart < 1)) {
            throw new IllegalArgumentException("restart must be in (0, 1): " + restart);
        }
        if (!(tolerance > 0) || maxIterations < 1) {
            throw new IllegalArgumentException("tolerance must be > 0 and maxIterations ≥ 1");
        }
        if (!(fullWeightTrust > 0 && fullWeightTrust <= 1)) {
            throw new IllegalArgumentException("fullWeightTrust must be in (0, 1]: " + fullWeightTrust);
        }
        this.restart = restart;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.fullWeightTrust = fullWeightTrust;
    }

    /** Edge weight of a vouch level in the walk. */
    public static double weight(TrustLevel level) {
        return switch (level) {
            case HIGH -> 2.0;
            case SOME -> 1.0;
            case NEUTRAL, DISTRUST -> 0.0;
        };
    }

    /**
     * Weight of an attestation by someone with normalised trust {@code t} (the user's own weigh 1): the trust
     * scaled by {@link #fullWeightTrust()} and clipped at 1, i.e. {@code min(1, t / fullWeightTrust)}. Linear
     * through 0, so an attester with no trust weighs 0 and a region of identities can never weigh more in total
     * than its walk mass allows, however many identities it has.
     */
    public double attesterWeight(double normalizedTrust) {
        return Math.min(1.0, normalizedTrust / fullWeightTrust);
    }

    /** Normalised trust from which an attester counts fully; see {@link #DEFAULT_FULL_WEIGHT_TRUST}. */
    public double fullWeightTrust() {
        return fullWeightTrust;
    }

    /** Trust and reliability of everyone in {@code graph} from {@code user}'s point of view. */
    public TrustResult compute(TrustGraph graph, String user) {
        return compute(graph, WalkGraph.of(graph, user), null);
    }

    /** As {@link #compute(TrustGraph, String)} on a built walk graph, the walk warm-started from {@code start}. */
    TrustResult compute(TrustGraph graph, WalkGraph wg, double[] start) {
        Walk walk = walk(wg, start);
        double[] norm = normalize(walk.p(), wg.user);
        double[] alpha = new double[wg.size()];
        double[] beta = new double[wg.size()];
        Arrays.fill(alpha, PRIOR_ALPHA);
        Arrays.fill(beta, PRIOR_BETA);
        for (TrustGraph.Attestation a : graph.attestations()) {
            accumulate(a, graph, wg, norm, alpha, beta);
        }
        return new TrustResult(this, graph, wg, walk, norm, alpha, beta);
    }

    /** The stationary walk mass, its iteration count and whether it converged. */
    record Walk(double[] p, int iterations, boolean converged) {
    }

    /**
     * Power iteration over {@code wg} from {@code start} (the previous vector, for a warm start; its length may be
     * smaller than the graph's, new people starting at 0), or from all mass at the user when null.
     */
    Walk walk(WalkGraph wg, double[] start) {
        int n = wg.size();
        int u = wg.user;
        double[] p = new double[n];
        if (start == null) {
            p[u] = 1.0;
        } else {
            System.arraycopy(start, 0, p, 0, Math.min(n, start.length));
        }
        double[] next = new double[n];
        double follow = 1.0 - restart;
        int iterations = 0;
        boolean converged = false;
        while (iterations < maxIterations) {
            iterations++;
            Arrays.fill(next, 0.0);
            double back = restart;
            for (int a = 0; a < n; a++) {
                double pa = p[a];
                if (pa == 0) {
                    continue;
                }
                int from = wg.outStart[a];
                int to = wg.outStart[a + 1];
                if (from == to) {
                    back += follow * pa;
                    continue;
                }
                double f = follow * pa;
                for (int k = from; k < to; k++) {
                    next[wg.outDst[k]] += f * wg.outProb[k];
                }
            }
            next[u] += back;
            double diff = 0;
            for (int i = 0; i < n; i++) {
                diff += Math.abs(next[i] - p[i]);
            }
            double[] t = p;
            p = next;
            next = t;
            if (diff < tolerance) {
                converged = true;
                break;
            }
        }
        return new Walk(p, iterations, converged);
    }

    /** Probability of following a vouch edge at each step (1 − restart). */
    double follow() {
        return 1.0 - restart;
    }

    /** Walk mass scaled by the largest other than the user's; the user gets 1. */
    static double[] normalize(double[] p, int u) {
        int n = p.length;
        double max = 0;
        for (int i = 0; i < n; i++) {
            if (i != u && p[i] > max) {
                max = p[i];
            }
        }
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            norm[i] = i == u ? 1.0 : (max > 0 ? p[i] / max : 0.0);
        }
        return norm;
    }

    /** Weight of attester {@code r}'s attestations: 1 for the user, else from their normalised trust. */
    double attesterWeight(int r, WalkGraph wg, double[] norm) {
        return r == wg.user ? 1.0 : attesterWeight(norm[r]);
    }

    /** Why {@code a} (attester {@code r}, committer {@code c}, weight {@code w}) is not counted, or null. */
    static String ignoredReason(TrustGraph.Attestation a, int r, int c, WalkGraph wg, double w) {
        if (a.retracted()) {
            return "retracted";
        }
        if (r == c) {
            return "self-attestation";
        }
        if (wg.forked[r] && r != wg.user) {
            return "attester's feed is forked";
        }
        if (w == 0) {
            return "attester has no trust from you";
        }
        return null;
    }

    /** Adds {@code a}'s evidence to its committer's Beta parameters. */
    void accumulate(TrustGraph.Attestation a, TrustGraph graph, WalkGraph wg, double[] norm, double[] alpha,
            double[] beta) {
        int c = graph.indexOf(a.committer());
        int r = graph.indexOf(a.attester());
        double w = attesterWeight(r, wg, norm);
        if (ignoredReason(a, r, c, wg, w) != null) {
            return;
        }
        switch (a.outcome()) {
            case KEPT -> alpha[c] += w;
            case NOT_KEPT -> beta[c] += w;
            case PARTLY_KEPT -> {
                alpha[c] += w / 2;
                beta[c] += w / 2;
            }
        }
    }
}
