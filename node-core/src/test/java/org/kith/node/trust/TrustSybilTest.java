package org.kith.node.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kith.protocol.record.TrustLevel;

/** Sybil resistance: an honest small world (1,000) and a sybil region (1,000) joined by g attack edges. */
class TrustSybilTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrustSybilTest.class);

    private static final int HONEST = 1_000;
    private static final int SYBILS = 1_000;
    private static final String USER = "h0";

    /** Attack edges honest → sybil, seeded; the first g are used, so the sets are nested. */
    private static List<int[]> attackEdges(int count, long seed) {
        Random rnd = new Random(seed);
        List<int[]> out = new ArrayList<>();
        while (out.size() < count) {
            int h = 1 + rnd.nextInt(HONEST - 1); // the user themself is not fooled
            out.add(new int[] {h, rnd.nextInt(SYBILS)});
        }
        return out;
    }

    private static TrustGraph graph(int g) {
        TrustGraph.Builder b = TrustSim.addHonest(TrustGraph.builder(), HONEST, 10, 0.1, new Random(1));
        TrustSim.addSybils(b, SYBILS, 20, new Random(2));
        for (int[] e : attackEdges(g, 3)) {
            b.vouch("h" + e[0], "s" + e[1], TrustLevel.SOME);
        }
        return b.build();
    }

    private record Stats(double sybilShare, int sybilsAboveMedianHonest, int sybilsWithTrust) {
    }

    private static Stats stats(TrustResult r) {
        double sybil = 0;
        double others = 0;
        double[] honest = new double[HONEST - 1];
        for (int i = 1; i < HONEST; i++) {
            honest[i - 1] = r.trust("h" + i);
            others += honest[i - 1];
        }
        int withTrust = 0;
        double[] sy = new double[SYBILS];
        for (int i = 0; i < SYBILS; i++) {
            sy[i] = r.trust("s" + i);
            sybil += sy[i];
            others += sy[i];
            if (sy[i] > 0) {
                withTrust++;
            }
        }
        Arrays.sort(honest);
        double median = honest[honest.length / 2];
        int above = (int) Arrays.stream(sy).filter(s -> s > median).count();
        return new Stats(others == 0 ? 0 : sybil / others, above, withTrust);
    }

    @Test
    void sybilsCaptureLittleTrustAndLessWithFewerAttackEdges() {
        TrustEngine engine = new TrustEngine();
        int[] gs = {0, 1, 10, 100};
        double[] shares = new double[gs.length];
        for (int i = 0; i < gs.length; i++) {
            TrustResult r = engine.compute(graph(gs[i]), USER);
            Stats s = stats(r);
            shares[i] = s.sybilShare();
            LOG.info(String.format(java.util.Locale.ROOT, "g=%d: sybil share %.4f %%, sybils above the median honest"
                    + " person %d, sybils with trust %d, %d iterations", gs[i], 100 * s.sybilShare(),
                    s.sybilsAboveMedianHonest(), s.sybilsWithTrust(), r.iterations()));
            if (gs[i] == 0) {
                assertEquals(0.0, s.sybilShare());
                assertEquals(0, s.sybilsWithTrust(), "sybils with no path get exactly 0");
            }
            if (gs[i] == 10) {
                assertTrue(s.sybilShare() < 0.05, "sybil share at g=10: " + s.sybilShare());
            }
        }
        for (int i = 1; i < gs.length; i++) {
            assertTrue(shares[i - 1] < shares[i], "share must fall with g: " + Arrays.toString(shares));
        }
    }

    @Test
    void sybilsWithoutPathGetZeroEvenIfHonestPeopleAreVouchedForBySybils() {
        TrustGraph.Builder b = TrustSim.addHonest(TrustGraph.builder(), HONEST, 10, 0.1, new Random(1));
        TrustSim.addSybils(b, SYBILS, 20, new Random(2));
        Random rnd = new Random(4);
        for (int i = 0; i < 200; i++) { // sybil → honest edges give sybils nothing
            b.vouch("s" + rnd.nextInt(SYBILS), "h" + rnd.nextInt(HONEST), TrustLevel.HIGH);
        }
        TrustResult r = new TrustEngine().compute(b.build(), USER);
        for (int i = 0; i < SYBILS; i++) {
            assertEquals(0.0, r.trust("s" + i));
        }
    }

    @Test
    void convergesOnTenThousandPeople() {
        TrustGraph g = TrustSim.benchmarkGraph(new Random(9));
        assertTrue(new TrustEngine().compute(g, "h0").converged());
    }
}
