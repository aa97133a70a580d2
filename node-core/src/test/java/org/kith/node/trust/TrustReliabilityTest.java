package org.kith.node.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.kith.protocol.record.Outcome;

/**
 * Reliability accuracy on the simulated world of docs/benchmarks.md (1,000 honest + 1,000 sybils, 10 attack
 * edges, 30 attested commitments per person, 5 % misreports), from h0.
 */
class TrustReliabilityTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrustReliabilityTest.class);

    private static final TrustSim.Params WORLD = TrustSim.Params.DEFAULT;
    private static final long SEED = 11;
    private static final int ATTACK_EDGES = 10;

    @Test
    void computedReliabilityRanksLikeTheTruth() {
        TrustSim.Network net = TrustSim.network(WORLD, SEED, ATTACK_EDGES);
        TrustResult r = new TrustEngine().compute(net.graph(), "h0");
        double rho = TrustMetrics.reliabilitySpearman(r, net.truth());
        double honestEvidence = TrustMetrics.meanEvidence(r, "h", WORLD.honest());
        double sybilEvidence = TrustMetrics.meanEvidence(r, "s", WORLD.sybils());
        LOG.info(String.format(Locale.ROOT, "spearman %.3f (ceiling %.3f), mean evidence honest %.3f, sybil %.4f",
                rho, TrustMetrics.unweightedSpearman(net.graph(), net.truth()), honestEvidence, sybilEvidence));
        assertTrue(rho >= 0.8, "spearman " + rho);
        assertTrue(sybilEvidence < 0.01 * honestEvidence, "sybils' self-dealing attestations weigh little");
    }

    @Test
    void linearWeightingLeavesTheEstimateNearThePrior() {
        TrustSim.Network net = TrustSim.network(WORLD, SEED, ATTACK_EDGES);
        TrustEngine linear = new TrustEngine(TrustEngine.DEFAULT_RESTART, TrustEngine.DEFAULT_TOLERANCE,
                TrustEngine.DEFAULT_MAX_ITERATIONS, 1.0);
        TrustResult lin = linear.compute(net.graph(), "h0");
        TrustResult clipped = new TrustEngine().compute(net.graph(), "h0");
        // With weights relative to the top contact, 30 attestations weigh less than the prior (2).
        assertTrue(TrustMetrics.meanEvidence(lin, "h", WORLD.honest()) < TrustEngine.PRIOR_WEIGHT);
        assertTrue(TrustMetrics.reliabilitySpearman(lin, net.truth())
                < TrustMetrics.reliabilitySpearman(clipped, net.truth()));
    }

    @Test
    void selfAttestationsDoNotMoveAScore() {
        TrustGraph base = TrustSim.network(WORLD, 12, ATTACK_EDGES).graph();
        TrustResult before = new TrustEngine().compute(base, "h0");
        IncrementalTrust inc = new IncrementalTrust(new TrustEngine(), base, "h0");
        for (int i = 1; i <= 10; i++) {
            for (int k = 0; k < 50; k++) {
                inc.addAttestation(new TrustGraph.Attestation("h" + i, "h" + i, "self-" + i + "-" + k,
                        Outcome.KEPT, false));
            }
        }
        TrustResult after = new TrustEngine().compute(inc.result().graph(), "h0");
        for (int i = 1; i <= 10; i++) {
            assertEquals(before.reliability("h" + i), after.reliability("h" + i));
            assertEquals(50, after.explain("h" + i).ignoredAttestations().size());
        }
    }
}
