package org.kith.node.trust;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntSupplier;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.TrustLevel;

/**
 * Trust engine timings (a harness, not a test) on the shape: 10k people, ~100k vouches, 50k
 * attestations ({@link TrustSim#benchmarkGraph}), from h0, in one JVM after untimed warm-up runs:
 * a full recompute; an incremental update after one new attestation; after one new vouch (warm-started walk).
 * Prints median and best of {@code --runs} (default 20) for each. Run by {@code scripts/bench-trust.sh perf}.
 */
public final class TrustBenchmark {

    private static final int PEOPLE = 10_000;
    private static final int WARMUP_RUNS = 5;

    private TrustBenchmark() {
    }

    public static void main(String[] args) {
        int runs = 20;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--dir" -> { } // passed by scripts/lib/node-bench.sh; nothing is written
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        TrustGraph g = TrustSim.benchmarkGraph(new Random(9));
        TrustEngine engine = new TrustEngine();
        System.out.printf(Locale.ROOT, "trust benchmark (JDK %s, %d available processors): %d people, %d vouches,"
                + " %d attestations, user h0%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                g.size(), g.vouches().size(), g.attestations().size());

        report("full recompute", runs, () -> engine.compute(g, "h0").iterations());

        IncrementalTrust inc = new IncrementalTrust(engine, g, "h0");
        Random rnd = new Random(10);
        int[] serial = {0};
        report("incremental: one new attestation", runs, () -> {
            inc.addAttestation(new TrustGraph.Attestation(person(rnd), person(rnd), "bench-" + serial[0]++,
                    Outcome.values()[rnd.nextInt(3)], false));
            return 0;
        });
        report("incremental: one new vouch", runs, () -> inc.addVouch(new TrustGraph.Vouch(person(rnd),
                person(rnd), rnd.nextBoolean() ? TrustLevel.HIGH : TrustLevel.SOME, false)).iterations());
    }

    private static String person(Random rnd) {
        return "h" + rnd.nextInt(PEOPLE);
    }

    /** Times {@code op} (which returns walk iterations) after warm-up; prints median and best. */
    private static void report(String what, int runs, IntSupplier op) {
        for (int i = 0; i < WARMUP_RUNS; i++) {
            op.getAsInt();
        }
        long[] ns = new long[runs];
        int iterations = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            iterations += op.getAsInt();
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "%-34s median %8.3f ms, best %8.3f ms, worst %8.3f ms of %d runs"
                + " (walk iterations per run %.1f)%n", what, ns[runs / 2] / 1e6, ns[0] / 1e6, ns[runs - 1] / 1e6,
                runs, (double) iterations / runs);
    }
}
