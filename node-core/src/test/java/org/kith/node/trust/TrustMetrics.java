package org.kith.node.trust;

import java.util.Arrays;

/** What the simulation measures in a result, for the tests and {@link TrustSimulation}. */
final class TrustMetrics {

    private TrustMetrics() {
    }

    /** Share of the walk mass outside the user that sybils "s0".."s{sybils-1}" hold. */
    static double sybilShare(TrustResult r, int sybils) {
        double sybil = 0;
        for (int i = 0; i < sybils; i++) {
            sybil += r.trust("s" + i);
        }
        double others = 1.0 - r.trust(r.user());
        return others <= 0 ? 0 : sybil / others;
    }

    /** Sybils with more trust than the median honest person (the user excluded). */
    static int sybilsAboveMedianHonest(TrustResult r, int honest, int sybils) {
        double[] h = new double[honest];
        int k = 0;
        for (int i = 0; i < honest; i++) {
            if (!("h" + i).equals(r.user())) {
                h[k++] = r.trust("h" + i);
            }
        }
        h = Arrays.copyOf(h, k);
        Arrays.sort(h);
        double median = h[k / 2];
        int above = 0;
        for (int i = 0; i < sybils; i++) {
            if (r.trust("s" + i) > median) {
                above++;
            }
        }
        return above;
    }

    /** Spearman correlation of computed expected reliability with the truth, honest people but the user. */
    static double reliabilitySpearman(TrustResult r, double[] truth) {
        double[] est = new double[truth.length];
        double[] tru = new double[truth.length];
        int k = 0;
        for (int i = 0; i < truth.length; i++) {
            if (!("h" + i).equals(r.user())) {
                est[k] = r.reliability("h" + i).expected();
                tru[k++] = truth[i];
            }
        }
        return spearman(Arrays.copyOf(est, k), Arrays.copyOf(tru, k));
    }

    /** Mean evidence (counted attestation weight) of "{prefix}0".."{prefix}{count-1}". */
    static double meanEvidence(TrustResult r, String prefix, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += r.reliability(prefix + i).evidence();
        }
        return sum / count;
    }

    /**
     * Spearman correlation of the honest people's unweighted kept share (partly-kept counting ½) with the
     * truth: every honest attestation counted equally, ignoring trust — the ceiling the sampling noise allows.
     */
    static double unweightedSpearman(TrustGraph g, double[] truth) {
        double[] kept = new double[truth.length];
        double[] all = new double[truth.length];
        for (TrustGraph.Attestation a : g.attestations()) {
            if (a.committer().startsWith("h") && a.attester().startsWith("h")) {
                int c = Integer.parseInt(a.committer().substring(1));
                all[c]++;
                kept[c] += switch (a.outcome()) {
                    case KEPT -> 1.0;
                    case PARTLY_KEPT -> 0.5;
                    case NOT_KEPT -> 0.0;
                };
            }
        }
        double[] share = new double[truth.length];
        for (int i = 0; i < truth.length; i++) {
            share[i] = all[i] == 0 ? 0.5 : kept[i] / all[i];
        }
        return spearman(share, truth);
    }

    /** Spearman rank correlation; ties get their mean rank. */
    static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0);
        double mb = Arrays.stream(rb).average().orElse(0);
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < ra.length; i++) {
            cov += (ra[i] - ma) * (rb[i] - mb);
            va += (ra[i] - ma) * (ra[i] - ma);
            vb += (rb[i] - mb) * (rb[i] - mb);
        }
        return cov / Math.sqrt(va * vb);
    }

    private static double[] ranks(double[] x) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(x[p], x[q]));
        double[] r = new double[x.length];
        for (int i = 0; i < x.length;) {
            int j = i;
            while (j + 1 < x.length && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                r[order[k]] = (i + j) / 2.0;
            }
            i = j + 1;
        }
        return r;
    }
}
