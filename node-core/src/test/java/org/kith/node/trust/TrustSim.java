package org.kith.node.trust;

import java.util.Random;
import org.kith.protocol.record.TrustLevel;

/** Seeded simulation graphs for the trust tests: honest small world, sybil region, attack edges. */
final class TrustSim {

    private TrustSim() {
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
                        do {
                            j = rnd.nextInt(n);
                        } while (j == i);
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
                int j;
                do {
                    j = rnd.nextInt(n);
                } while (j == i);
                b.vouch("s" + i, "s" + j, TrustLevel.HIGH);
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
            b.attestation("h" + a, "h" + c, "c" + i, org.kith.protocol.record.Outcome.values()[rnd.nextInt(3)]);
        }
        return b.build();
    }
}
