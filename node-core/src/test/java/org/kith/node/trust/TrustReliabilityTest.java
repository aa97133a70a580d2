package org.kith.node.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.TrustLevel;

/** Reliability accuracy on a simulated network with known true reliabilities. */
class TrustReliabilityTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrustReliabilityTest.class);

    private static final int HONEST = 1_000;
    private static final int SYBILS = 1_000;
    private static final int COMMITMENTS = 100;

    private static double[] ranks(double[] x) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
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

    private static TrustGraph.Builder network(double[] truth, Random rnd) {
        TrustGraph.Builder b = TrustSim.addHonest(TrustGraph.builder(), HONEST, 10, 0.1, rnd);
        TrustSim.addSybils(b, SYBILS, 20, rnd);
        for (int g = 0; g < 10; g++) {
            b.vouch("h" + (1 + rnd.nextInt(HONEST - 1)), "s" + rnd.nextInt(SYBILS), TrustLevel.SOME);
        }
        int c = 0;
        for (int i = 0; i < HONEST; i++) {
            truth[i] = 0.05 + 0.9 * rnd.nextDouble();
            for (int k = 0; k < COMMITMENTS; k++) {
                int a;
                do {
                    a = rnd.nextInt(HONEST);
                } while (a == i);
                double x = rnd.nextDouble();
                Outcome o = x < truth[i] ? Outcome.KEPT
                        : rnd.nextDouble() < 0.2 ? Outcome.PARTLY_KEPT : Outcome.NOT_KEPT;
                b.attestation("h" + a, "h" + i, "c" + c++, o);
            }
        }
        for (int i = 0; i < SYBILS; i++) { // sybils attest each other's commitments as kept
            for (int k = 0; k < COMMITMENTS; k++) {
                int a;
                do {
                    a = rnd.nextInt(SYBILS);
                } while (a == i);
                b.attestation("s" + a, "s" + i, "c" + c++, Outcome.KEPT);
            }
        }
        return b;
    }

    @Test
    void computedReliabilityRanksLikeTheTruth() {
        double[] truth = new double[HONEST];
        TrustGraph g = network(truth, new Random(11)).build();
        TrustResult r = new TrustEngine().compute(g, "h0");
        double[] est = new double[HONEST - 1];
        double[] tru = new double[HONEST - 1];
        double honestEvidence = 0;
        for (int i = 1; i < HONEST; i++) {
            est[i - 1] = r.reliability("h" + i).expected();
            tru[i - 1] = truth[i];
            honestEvidence += r.reliability("h" + i).evidence();
        }
        double rho = spearman(est, tru);
        double sybilEvidence = 0;
        for (int i = 0; i < SYBILS; i++) {
            sybilEvidence += r.reliability("s" + i).evidence();
        }
        LOG.info(String.format(java.util.Locale.ROOT, "spearman %.3f, mean evidence honest %.3f, sybil %.4f", rho,
                honestEvidence / (HONEST - 1), sybilEvidence / SYBILS));
        assertTrue(rho >= 0.8, "spearman " + rho);
        assertTrue(sybilEvidence / SYBILS < 0.1 * honestEvidence / (HONEST - 1),
                "sybils' self-dealing attestations weigh little");
    }

    @Test
    void selfAttestationsDoNotMoveAScore() {
        double[] truth = new double[HONEST];
        TrustGraph.Builder b = network(truth, new Random(12));
        TrustResult before = new TrustEngine().compute(b.build(), "h0");
        for (int i = 1; i <= 10; i++) {
            for (int k = 0; k < 50; k++) {
                b.attestation("h" + i, "h" + i, "self-" + i + "-" + k, Outcome.KEPT);
            }
        }
        TrustResult after = new TrustEngine().compute(b.build(), "h0");
        for (int i = 1; i <= 10; i++) {
            assertEquals(before.reliability("h" + i), after.reliability("h" + i));
            assertEquals(50, after.explain("h" + i).ignoredAttestations().size());
        }
    }
}
