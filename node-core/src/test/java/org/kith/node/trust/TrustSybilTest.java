package org.kith.node.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kith.protocol.record.TrustLevel;

/** Sybil resistance on the simulated world: 1,000 honest and 1,000 sybils joined by g attack edges, from h0. */
class TrustSybilTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrustSybilTest.class);

    private static final TrustSim.Params WORLD = TrustSim.Params.DEFAULT;
    private static final long SEED = 1;
    private static final String USER = "h0";

    @Test
    void sybilsCaptureLittleTrustAndLessWithFewerAttackEdges() {
        TrustEngine engine = new TrustEngine();
        int[] gs = {0, 1, 10, 100};
        double[] shares = new double[gs.length];
        for (int i = 0; i < gs.length; i++) {
            TrustResult r = engine.compute(TrustSim.network(WORLD, SEED, gs[i]).graph(), USER);
            shares[i] = TrustMetrics.sybilShare(r, WORLD.sybils());
            int above = TrustMetrics.sybilsAboveMedianHonest(r, WORLD.honest(), WORLD.sybils());
            LOG.info(String.format(Locale.ROOT, "g=%d: sybil share %.4f %%, sybils above the median honest person"
                    + " %d, %d iterations", gs[i], 100 * shares[i], above, r.iterations()));
            if (gs[i] == 0) {
                assertEquals(0.0, shares[i]);
                for (int s = 0; s < WORLD.sybils(); s++) {
                    assertEquals(0.0, r.trust("s" + s), "sybils with no path get exactly 0");
                    assertEquals(0.0, r.reliability("s" + s).evidence(), "and their attestations weigh 0");
                }
            }
            if (gs[i] == 10) {
                assertTrue(shares[i] < 0.05, "sybil share at g=10: " + shares[i]);
                assertTrue(above < WORLD.sybils() / 100, "sybils above the median honest person: " + above);
            }
        }
        for (int i = 1; i < gs.length; i++) {
            assertTrue(shares[i - 1] < shares[i], "share must fall with g: " + Arrays.toString(shares));
        }
    }

    @Test
    void sybilsWithoutPathGetZeroEvenIfHonestPeopleAreVouchedForBySybils() {
        TrustGraph.Builder b = TrustSim.addHonest(TrustGraph.builder(), 1_000, 10, 0.1, new Random(1));
        TrustSim.addSybils(b, 1_000, 20, new Random(2));
        Random rnd = new Random(4);
        for (int i = 0; i < 200; i++) { // sybil → honest edges give sybils nothing
            b.vouch("s" + rnd.nextInt(1_000), "h" + rnd.nextInt(1_000), TrustLevel.HIGH);
        }
        TrustResult r = new TrustEngine().compute(b.build(), USER);
        for (int i = 0; i < 1_000; i++) {
            assertEquals(0.0, r.trust("s" + i));
        }
    }

    @Test
    void convergesOnTenThousandPeople() {
        TrustGraph g = TrustSim.benchmarkGraph(new Random(9));
        assertTrue(new TrustEngine().compute(g, "h0").converged());
    }
}
