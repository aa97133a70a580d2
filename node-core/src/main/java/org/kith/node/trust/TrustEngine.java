package org.kith.node.trust;

import java.util.Arrays;
import java.util.List;
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
 * w = the attester's normalised trust (the user's own attestations weigh 1; others {@code p[a] / max p} over
 * everyone but the user, so in [0, 1]): kept adds w to α, partly-kept w/2 to each, not-kept w to β.
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

    private final double restart;
    private final double tolerance;
    private final int maxIterations;

    public TrustEngine() {
        this(DEFAULT_RESTART, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
    }

    public TrustEngine(double restart, double tolerance, int maxIterations) {
        if (!(restart > 0 && restart < 1)) {
            throw new IllegalArgumentException("restart must be in (0, 1): " + restart);
        }
        if (!(tolerance > 0) || maxIterations < 1) {
            throw new IllegalArgumentException("tolerance must be > 0 and maxIterations ≥ 1");
        }
        this.restart = restart;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    /** Edge weight of a vouch level in the walk. */
    public static double weight(TrustLevel level) {
        return switch (level) {
            case HIGH -> 2.0;
            case SOME -> 1.0;
            case NEUTRAL, DISTRUST -> 0.0;
        };
    }

    /** Trust and reliability of everyone in {@code graph} from {@code user}'s point of view. */
    public TrustResult compute(TrustGraph graph, String user) {
        List<String> people = graph.people();
        int known = graph.size();
        int u = graph.indexOf(user);
        int n = u >= 0 ? known : known + 1; // an unknown user gets a slot of their own (and trusts no one)
        String[] names = people.toArray(new String[n]);
        if (u < 0) {
            u = known;
            names[u] = user;
        }

        boolean[] forked = new boolean[n];
        for (String f : graph.forked()) {
            forked[graph.indexOf(f)] = true;
        }

        // The user's own vouches: direct trust and direct distrust.
        TrustLevel[] direct = new TrustLevel[n];
        boolean[] distrusted = new boolean[n];
        List<TrustGraph.Vouch> vouches = graph.vouches();
        for (TrustGraph.Vouch v : vouches) {
            if (v.retracted() || !v.author().equals(user) || v.subject().equals(user)) {
                continue;
            }
            int s = graph.indexOf(v.subject());
            direct[s] = v.level();
            distrusted[s] = v.level() == TrustLevel.DISTRUST;
        }

        // Usable edges, as CSR by source (for the walk) and by destination (for explanations).
        int m = vouches.size();
        int[] src = new int[m];
        int[] dst = new int[m];
        double[] w = new double[m];
        byte[] lvl = new byte[m];
        int e = 0;
        for (TrustGraph.Vouch v : vouches) {
            double wt = weight(v.level());
            if (v.retracted() || wt == 0 || v.author().equals(v.subject())) {
                continue;
            }
            int a = graph.indexOf(v.author());
            int b = graph.indexOf(v.subject());
            if ((forked[a] && a != u) || distrusted[a] || distrusted[b]) {
                continue;
            }
            src[e] = a;
            dst[e] = b;
            w[e] = wt;
            lvl[e] = (byte) v.level().ordinal();
            e++;
        }
        double[] outSum = new double[n];
        int[] outStart = new int[n + 1];
        int[] inStart = new int[n + 1];
        for (int i = 0; i < e; i++) {
            outSum[src[i]] += w[i];
            outStart[src[i] + 1]++;
            inStart[dst[i] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            outStart[i + 1] += outStart[i];
            inStart[i + 1] += inStart[i];
        }
        int[] outDst = new int[e];
        double[] outProb = new double[e];
        int[] inSrc = new int[e];
        double[] inProb = new double[e];
        byte[] inLevel = new byte[e];
        int[] outFill = Arrays.copyOf(outStart, n);
        int[] inFill = Arrays.copyOf(inStart, n);
        for (int i = 0; i < e; i++) {
            double prob = w[i] / outSum[src[i]];
            int o = outFill[src[i]]++;
            outDst[o] = dst[i];
            outProb[o] = prob;
            int k = inFill[dst[i]]++;
            inSrc[k] = src[i];
            inProb[k] = prob;
            inLevel[k] = lvl[i];
        }

        // Power iteration.
        double[] p = new double[n];
        double[] next = new double[n];
        p[u] = 1.0;
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
                int from = outStart[a];
                int to = outStart[a + 1];
                if (from == to) {
                    back += follow * pa;
                    continue;
                }
                double f = follow * pa;
                for (int k = from; k < to; k++) {
                    next[outDst[k]] += f * outProb[k];
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

        // Reliability.
        List<TrustGraph.Attestation> atts = graph.attestations();
        int q = atts.size();
        double[] alpha = new double[n];
        double[] beta = new double[n];
        Arrays.fill(alpha, 1.0);
        Arrays.fill(beta, 1.0);
        int[] attStart = new int[n + 1];
        int[] committerOf = new int[q];
        for (int i = 0; i < q; i++) {
            committerOf[i] = graph.indexOf(atts.get(i).committer());
            attStart[committerOf[i] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            attStart[i + 1] += attStart[i];
        }
        int[] attByCommitter = new int[q];
        double[] attWeight = new double[q];
        String[] attReason = new String[q];
        int[] attFill = Arrays.copyOf(attStart, n);
        for (int i = 0; i < q; i++) {
            TrustGraph.Attestation a = atts.get(i);
            int c = committerOf[i];
            attByCommitter[attFill[c]++] = i;
            int r = graph.indexOf(a.attester());
            if (a.retracted()) {
                attReason[i] = "retracted";
            } else if (r == c) {
                attReason[i] = "self-attestation";
            } else if (forked[r] && r != u) {
                attReason[i] = "attester's feed is forked";
            } else {
                double wt = norm[r];
                attWeight[i] = wt;
                if (wt == 0) {
                    attReason[i] = "attester has no trust from you";
                    continue;
                }
                switch (a.outcome()) {
                    case KEPT -> alpha[c] += wt;
                    case NOT_KEPT -> beta[c] += wt;
                    case PARTLY_KEPT -> {
                        alpha[c] += wt / 2;
                        beta[c] += wt / 2;
                    }
                }
            }
        }

        return new TrustResult(graph, names, u, p, norm, direct, distrusted, forked, iterations, converged,
                outStart, outDst, inStart, inSrc, inProb, inLevel, follow, alpha, beta, attStart, attByCommitter,
                attWeight, attReason);
    }
}
