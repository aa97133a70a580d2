package org.kith.node.trust;

import java.util.Locale;
import java.util.Random;

/**
 * Full recompute timing (a harness, not a test): 10k people, ~100k vouches, 50k attestations,
 * best of N runs in one JVM. Run with the node-core test class path:
 * {@code java -cp … org.kith.node.trust.TrustBenchmark [runs=5]}.
 */
public final class TrustBenchmark {

    private TrustBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        TrustGraph g = TrustSim.benchmarkGraph(new Random(9));
        TrustEngine engine = new TrustEngine();
        TrustResult r = null;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            r = engine.compute(g, "h0");
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf(Locale.ROOT, "trust full recompute (JDK %s): %d people, %d vouches, %d attestations: best of %d"
                + " %.1f ms, %d iterations, converged %s%n", Runtime.version(), g.size(), g.vouches().size(),
                g.attestations().size(), runs, best / 1e6, r.iterations(), r.converged());
    }
}
