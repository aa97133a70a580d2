package org.kith.node.trust;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Sybil-resistance and reliability-accuracy simulation (a harness with a main, not a test; the tests assert the
 * goals on one seeded instance). For each seed it builds the {@link TrustSim} world, joins the sybil region by
 * g = 1, 10, 100 attack edges (nested), and computes trust from several honest viewpoints (h0 and others who are
 * not attack-edge sources), with the default attester weighting and, for comparison, the linear one. Prints the
 * parameters, the seeds and a table of means over seeds × viewpoints. Run by {@code scripts/bench-trust.sh}.
 *
 * <pre>TrustSimulation [--seeds N] [--seed FIRST] [--viewpoints V] [--honest N] [--sybils N]
 *                 [--commitments C] [--noise P] [--full-weight-trust K]</pre>
 */
public final class TrustSimulation {

    private static final int[] ATTACK_EDGES = {1, 10, 100};
    private static final long VIEWPOINT_STREAM = 0x71E3_901DL;

    private TrustSimulation() {
    }

    /** Per (g, weighting) sums over the runs. */
    private static final class Row {
        int runs;
        double share;
        double shareMax;
        double above;
        int aboveMax;
        double rho;
        double rhoMin = 1;
        double sybilEvidence;
        double honestEvidence;

        void add(TrustResult r, TrustSim.Params p, double[] truth) {
            runs++;
            double s = TrustMetrics.sybilShare(r, p.sybils());
            share += s;
            shareMax = Math.max(shareMax, s);
            int a = TrustMetrics.sybilsAboveMedianHonest(r, p.honest(), p.sybils());
            above += a;
            aboveMax = Math.max(aboveMax, a);
            double q = TrustMetrics.reliabilitySpearman(r, truth);
            rho += q;
            rhoMin = Math.min(rhoMin, q);
            sybilEvidence += TrustMetrics.meanEvidence(r, "s", p.sybils());
            honestEvidence += TrustMetrics.meanEvidence(r, "h", p.honest());
        }
    }

    public static void main(String[] args) {
        TrustSim.Params d = TrustSim.Params.DEFAULT;
        int seeds = 3;
        long first = 1;
        int viewpoints = 5;
        int honest = d.honest();
        int sybils = d.sybils();
        int commitments = d.commitments();
        double noise = d.noise();
        double fullWeightTrust = TrustEngine.DEFAULT_FULL_WEIGHT_TRUST;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(v);
                case "--seed" -> first = Long.parseLong(v);
                case "--viewpoints" -> viewpoints = Integer.parseInt(v);
                case "--honest" -> honest = Integer.parseInt(v);
                case "--sybils" -> sybils = Integer.parseInt(v);
                case "--commitments" -> commitments = Integer.parseInt(v);
                case "--noise" -> noise = Double.parseDouble(v);
                case "--full-weight-trust" -> fullWeightTrust = Double.parseDouble(v);
                case "--dir" -> { } // passed by scripts/lib/node-bench.sh; nothing is written
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        TrustSim.Params p = new TrustSim.Params(honest, d.degree(), d.rewire(), sybils, d.sybilDegree(),
                commitments, noise);
        TrustEngine chosen = new TrustEngine(TrustEngine.DEFAULT_RESTART, TrustEngine.DEFAULT_TOLERANCE,
                TrustEngine.DEFAULT_MAX_ITERATIONS, fullWeightTrust);
        TrustEngine linear = new TrustEngine(TrustEngine.DEFAULT_RESTART, TrustEngine.DEFAULT_TOLERANCE,
                TrustEngine.DEFAULT_MAX_ITERATIONS, 1.0);
        System.out.printf(Locale.ROOT, "trust simulation (JDK %s): %s%n", Runtime.version(), p);
        System.out.printf(Locale.ROOT, "seeds %d..%d, %d viewpoints each, attester weighting min(1, t / %.2f)"
                + " vs linear (t)%n", first, first + seeds - 1, viewpoints, chosen.fullWeightTrust());

        Row[][] rows = new Row[ATTACK_EDGES.length][2];
        double ceiling = 0;
        for (long seed = first; seed < first + seeds; seed++) {
            List<String> views = viewpoints(p, seed, viewpoints);
            System.out.printf(Locale.ROOT, "seed %d: viewpoints %s%n", seed, views);
            for (int gi = 0; gi < ATTACK_EDGES.length; gi++) {
                TrustSim.Network net = TrustSim.network(p, seed, ATTACK_EDGES[gi]);
                if (gi == 0) {
                    ceiling += TrustMetrics.unweightedSpearman(net.graph(), net.truth());
                }
                for (String user : views) {
                    for (int w = 0; w < 2; w++) {
                        if (rows[gi][w] == null) {
                            rows[gi][w] = new Row();
                        }
                        rows[gi][w].add((w == 0 ? chosen : linear).compute(net.graph(), user), p, net.truth());
                    }
                }
            }
        }
        System.out.println();
        System.out.println("| g | weighting | sybil share of trust (mean, max) | sybils above median honest (mean, max)"
                + " | reliability Spearman (mean, min) | evidence per sybil / per honest |");
        System.out.println("|---|---|---|---|---|---|");
        for (int gi = 0; gi < ATTACK_EDGES.length; gi++) {
            for (int w = 0; w < 2; w++) {
                Row r = rows[gi][w];
                System.out.printf(Locale.ROOT, "| %d | %s | %.3f %%, %.3f %% | %.1f, %d | %.3f, %.3f | %.4f / %.2f |%n",
                        ATTACK_EDGES[gi], w == 0 ? "clipped" : "linear", 100 * r.share / r.runs,
                        100 * r.shareMax, r.above / r.runs, r.aboveMax, r.rho / r.runs, r.rhoMin,
                        r.sybilEvidence / r.runs, r.honestEvidence / r.runs);
            }
        }
        System.out.printf(Locale.ROOT, "%nceiling (every honest attestation counted equally, no trust): Spearman %.3f%n",
                ceiling / seeds);
    }

    /** h0, then honest people who are not sources of the seed's attack edges (so nobody here was fooled). */
    private static List<String> viewpoints(TrustSim.Params p, long seed, int count) {
        Set<Integer> sources = new HashSet<>();
        for (int[] e : TrustSim.attackEdges(p, seed, ATTACK_EDGES[ATTACK_EDGES.length - 1])) {
            sources.add(e[0]);
        }
        Random rnd = new Random(seed + VIEWPOINT_STREAM);
        List<String> out = new ArrayList<>(List.of("h0"));
        while (out.size() < count) {
            int h = rnd.nextInt(p.honest());
            if (!sources.contains(h) && !out.contains("h" + h)) {
                out.add("h" + h);
            }
        }
        return out;
    }
}
