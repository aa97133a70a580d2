package org.kith.node.trust;

import java.util.Random;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.TrustLevel;

/**
 * Seeded simulation graphs for the trust tests and benchmarks: an honest small world "h0".."h{n-1}", a sybil
 * region "s0".."s{n-1}", attack edges from honest people to sybils, and attestations drawn from each honest
 * person's true reliability. docs/benchmarks.md ("Trust") describes the model.
 */
final class TrustSim {

    /** Seed offset of the attack-edge stream, so the edges do not disturb the rest of the network. */
    private static final long ATTACK_STREAM = 0x5EED_A77AC4L;
    /** True reliabilities are uniform on [MIN_RELIABILITY, MIN_RELIABILITY + RELIABILITY_SPAN]. */
    private static final double MIN_RELIABILITY = 0.05;
    private static final double RELIABILITY_SPAN = 0.9;
    /** Share of unkept commitments attested partly-kept (the rest not-kept). */
    private static final double PARTLY_KEPT_SHARE = 0.2;

    /**
     * The simulated world: {@code honest} people in a Watts–Strogatz ring (each vouching for {@code degree}
     * neighbours, rewired with probability {@code rewire}); {@code sybils} fakes each vouching HIGH for
     * {@code sybilDegree} others; {@code commitments} attested commitments per person; an honest attester
     * misreports kept ↔ not-kept with probability {@code noise}.
     */
    record Params(int honest, int degree, double rewire, int sybils, int sybilDegree, int commitments,
            double noise) {

        /** The benchmark's world: 1,000 + 1,000 people, 30 attested commitments each, 5 % misreports. */
        static final Params DEFAULT = new Params(1_000, 10, 0.1, 1_000, 20, 30, 0.05);
    }

    /** A generated network and each honest person's true reliability (by index). */
    record Network(TrustGraph graph, double[] truth) {
    }

    private TrustSim() {
    }

    /** Builds the world of {@code p} from {@code seed}, joined by the first {@code attackEdges} attack edges. */
    static Network network(Params p, long seed, int attackEdges) {
        Random rnd = new Random(seed);
        TrustGraph.Builder b = addHonest(TrustGraph.builder(), p.honest(), p.degree(), p.rewire(), rnd);
        double[] truth = new double[p.honest()];
        int c = 0;
        for (int i = 0; i < p.honest(); i++) {
            truth[i] = MIN_RELIABILITY + RELIABILITY_SPAN * rnd.nextDouble();
            for (int k = 0; k < p.commitments(); k++) {
                int a = other(rnd, p.honest(), i);
                b.attestation("h" + a, "h" + i, "c" + c++, outcome(truth[i], p.noise(), rnd));
            }
        }
        addSybils(b, p.sybils(), p.sybilDegree(), rnd);
        for (int i = 0; i < p.sybils(); i++) { // sybils attest each other's commitments as kept
            for (int k = 0; k < p.commitments(); k++) {
                b.attestation("s" + other(rnd, p.sybils(), i), "s" + i, "c" + c++, Outcome.KEPT);
            }
        }
        int[][] attack = attackEdges(p, seed, attackEdges);
        for (int[] e : attack) {
            b.vouch("h" + e[0], "s" + e[1], TrustLevel.SOME);
        }
        return new Network(b.build(), truth);
    }

    /**
     * The first {@code count} attack edges {honest, sybil} of {@code seed}: nested (the first g of a larger
     * count are the same), from honest people other than h0.
     */
    static int[][] attackEdges(Params p, long seed, int count) {
        Random rnd = new Random(seed + ATTACK_STREAM);
        int[][] out = new int[count][];
        for (int i = 0; i < count; i++) {
            out[i] = new int[] {1 + rnd.nextInt(p.honest() - 1), rnd.nextInt(p.sybils())};
        }
        return out;
    }

    private static int other(Random rnd, int n, int not) {
        int a;
        do {
            a = rnd.nextInt(n);
        } while (a == not);
        return a;
    }

    /** An honest attester's verdict on a commitment of someone with true reliability {@code truth}. */
    private static Outcome outcome(double truth, double noise, Random rnd) {
        Outcome o = rnd.nextDouble() < truth ? Outcome.KEPT
                : rnd.nextDouble() < PARTLY_KEPT_SHARE ? Outcome.PARTLY_KEPT : Outcome.NOT_KEPT;
        if (rnd.nextDouble() < noise) {
            return switch (o) {
                case KEPT -> Outcome.NOT_KEPT;
                case NOT_KEPT -> Outcome.KEPT;
                case PARTLY_KEPT -> o;
            };
        }
        return o;
    }

    /** Watts–Strogatz ring of {@code n} honest people "h0".."h{n-1}", each vouching for {@code k} others. */
    static TrustGraph.Builder honest(int n, int k, double rewire, long seed) {
        return addHonest(TrustGraph.builder(), n, k, rewire, new Random(seed));
    }

    static TrustGraph.Builder addHonest(TrustGraph.Builder b, int n, int k, double rewire, Random rnd) {
        for (int i = 0; i < n; i++) {
            b.person("h" + i);
        }
        for (int i = 0; i < n; i++) {
            for (int d = 1; d <= k / 2; d++) {
                for (int side : new int[] {1, -1}) {
                    int j = Math.floorMod(i + side * d, n);
                    if (rnd.nextDouble() < rewire) {
                        j = other(rnd, n, i);
                    }
                    b.vouch("h" + i, "h" + j, rnd.nextBoolean() ? TrustLevel.HIGH : TrustLevel.SOME);
                }
            }
        }
        return b;
    }

    /** {@code n} sybils "s0".. each vouching HIGH for {@code k} random other sybils. */
    static TrustGraph.Builder addSybils(TrustGraph.Builder b, int n, int k, Random rnd) {
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < k; d++) {
                b.vouch("s" + i, "s" + other(rnd, n, i), TrustLevel.HIGH);
            }
        }
        return b;
    }

    /** The performance shape of issue 6: 10,000 people, ~100,000 vouches, 50,000 attestations. */
    static TrustGraph benchmarkGraph(Random rnd) {
        TrustGraph.Builder b = addHonest(TrustGraph.builder(), 10_000, 10, 0.1, rnd);
        for (int i = 0; i < 50_000; i++) {
            int c = rnd.nextInt(10_000);
            int a = rnd.nextInt(10_000);
            b.attestation("h" + a, "h" + c, "c" + i, Outcome.values()[rnd.nextInt(3)]);
        }
        return b.build();
    }
}
