package org.kith.node.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.TrustLevel;
import org.kith.protocol.record.WireEnum;

/** Tiny graphs with hand-computed expectations. */
class TrustEngineTest {

    private static final double EPS = 1e-9;
    private final TrustEngine engine = new TrustEngine();

    private static double sum(TrustResult r, TrustGraph g) {
        return g.people().stream().mapToDouble(r::trust).sum();
    }

    @Test
    void chain() {
        TrustGraph g = TrustGraph.builder()
                .vouch("u", "a", TrustLevel.SOME)
                .vouch("a", "b", TrustLevel.HIGH)
                .build();
        TrustResult r = engine.compute(g, "u");
        // p_u = 0.15 + 0.85 p_b (b dangles), p_a = 0.85 p_u, p_b = 0.85 p_a, sum 1.
        double pu = 1 / (1 + 0.85 + 0.85 * 0.85);
        assertTrue(r.converged());
        assertEquals(pu, r.trust("u"), EPS);
        assertEquals(0.85 * pu, r.trust("a"), EPS);
        assertEquals(0.85 * 0.85 * pu, r.trust("b"), EPS);
        assertEquals(1.0, sum(r, g), EPS);
        assertEquals(1.0, r.normalizedTrust("a"), EPS);
        assertEquals(0.85, r.normalizedTrust("b"), EPS);
        assertEquals(TrustLevel.SOME, r.directLevel("a"));
        assertNull(r.directLevel("b"));

        TrustResult.Explanation x = r.explain("b");
        assertEquals(1, x.topPaths().size());
        TrustResult.PathContribution pc = x.topPaths().get(0);
        assertEquals("a", pc.from());
        assertEquals(TrustLevel.HIGH, pc.level());
        assertEquals(1.0, pc.share(), EPS);
        assertEquals(r.trust("b"), pc.contribution(), EPS);
        assertEquals(List.of("u", "a"), pc.pathFromUser());
    }

    @Test
    void starWeightsByLevel() {
        TrustGraph g = TrustGraph.builder()
                .vouch("u", "a", TrustLevel.HIGH)
                .vouch("u", "b", TrustLevel.SOME)
                .vouch("u", "c", TrustLevel.SOME)
                .vouch("u", "n", TrustLevel.NEUTRAL)
                .build();
        TrustResult r = engine.compute(g, "u");
        double pu = 1 / 1.85; // everyone else dangles
        assertEquals(pu, r.trust("u"), EPS);
        assertEquals(0.85 * pu * 2 / 4, r.trust("a"), EPS);
        assertEquals(0.85 * pu / 4, r.trust("b"), EPS);
        assertEquals(0.5, r.normalizedTrust("c"), EPS);
        assertEquals(0.0, r.trust("n"));
        assertEquals(TrustLevel.NEUTRAL, r.directLevel("n"));
        assertEquals(List.of("a", "b", "c"),
                r.ranking(10).stream().map(TrustResult.Score::person).toList());
    }

    @Test
    void ownDistrustZeroesAndBlocks_othersDistrustNotPropagated() {
        TrustGraph g = TrustGraph.builder()
                .vouch("u", "a", TrustLevel.HIGH)
                .vouch("a", "b", TrustLevel.HIGH)
                .vouch("b", "d", TrustLevel.HIGH)
                .vouch("u", "b", TrustLevel.DISTRUST)
                .vouch("u", "c", TrustLevel.SOME)
                .vouch("a", "c", TrustLevel.DISTRUST)
                .build();
        TrustResult r = engine.compute(g, "u");
        assertEquals(0.0, r.trust("b"));
        assertEquals(0.0, r.trust("d"));
        assertTrue(r.distrustedByUser("b"));
        assertTrue(r.explain("b").distrustedByUser());
        // a's distrust of c is not propagated: c is as trusted as without it.
        TrustGraph without = TrustGraph.builder()
                .vouch("u", "a", TrustLevel.HIGH)
                .vouch("u", "c", TrustLevel.SOME)
                .build();
        TrustResult w = engine.compute(without, "u");
        assertEquals(w.trust("c"), r.trust("c"), EPS);
        assertEquals(w.trust("a"), r.trust("a"), EPS);
        assertFalse(r.distrustedByUser("c"));
    }

    @Test
    void laterVouchReplacesEarlier() {
        TrustGraph g = TrustGraph.builder()
                .vouch("u", "a", TrustLevel.HIGH)
                .vouch("u", "a", TrustLevel.DISTRUST)
                .build();
        assertEquals(1, g.vouches().size());
        TrustResult r = engine.compute(g, "u");
        assertEquals(0.0, r.trust("a"));
        assertEquals(TrustLevel.DISTRUST, r.directLevel("a"));
    }

    @Test
    void forkedAuthorsEdgesDropped() {
        TrustGraph g = TrustGraph.builder()
                .vouch("u", "a", TrustLevel.HIGH)
                .vouch("a", "b", TrustLevel.HIGH)
                .forked("a")
                .build();
        TrustResult r = engine.compute(g, "u");
        assertTrue(r.trust("a") > 0, "a forked feed can still be vouched for");
        assertEquals(0.0, r.trust("b"));
        assertTrue(r.explain("a").forked());
        assertFalse(r.explain("b").forked());

        // The user's own feed is always the user's view.
        TrustResult own = engine.compute(TrustGraph.builder().vouch("u", "a", TrustLevel.SOME).forked("u").build(),
                "u");
        assertTrue(own.trust("a") > 0);
    }

    @Test
    void retractedAndSelfVouchesIgnored() {
        TrustGraph g = TrustGraph.builder()
                .vouch("u", "a", TrustLevel.SOME)
                .vouch("u", "b", TrustLevel.HIGH, true)
                .vouch("a", "a", TrustLevel.HIGH)
                .vouch("u", "u", TrustLevel.HIGH)
                .build();
        TrustResult r = engine.compute(g, "u");
        TrustResult base = engine.compute(TrustGraph.builder().vouch("u", "a", TrustLevel.SOME).build(), "u");
        assertEquals(0.0, r.trust("b"));
        assertNull(r.directLevel("b"));
        assertEquals(base.trust("a"), r.trust("a"), EPS);
        assertEquals(base.trust("u"), r.trust("u"), EPS);
    }

    @Test
    void unknownUserTrustsNoOne() {
        TrustGraph g = TrustGraph.builder().vouch("a", "b", TrustLevel.HIGH).build();
        TrustResult r = engine.compute(g, "stranger");
        assertEquals(1.0, r.trust("stranger"), EPS);
        assertEquals(0.0, r.trust("a"));
        assertEquals(0.0, r.trust("b"));
        assertTrue(r.ranking(10).isEmpty());
    }

    /** Linear attester weighting (full weight only at the top contact's trust), for hand-computed weights. */
    private static final TrustEngine LINEAR = new TrustEngine(TrustEngine.DEFAULT_RESTART,
            TrustEngine.DEFAULT_TOLERANCE, TrustEngine.DEFAULT_MAX_ITERATIONS, 1.0);

    @Test
    void reliabilityWeightsByAttesterTrust() {
        TrustGraph g = TrustGraph.builder()
                .vouch("u", "x", TrustLevel.HIGH)
                .vouch("u", "h", TrustLevel.SOME)
                .attestation("u", "a", "c1", Outcome.KEPT)           // weight 1
                .attestation("h", "a", "c2", Outcome.NOT_KEPT)       // weight 0.5
                .attestation("x", "a", "c3", Outcome.PARTLY_KEPT)    // weight 1, half each
                .attestation("a", "a", "c4", Outcome.KEPT)           // self: ignored
                .attestation("x", "a", "c5", Outcome.KEPT, true)     // retracted: ignored
                .attestation("s", "a", "c6", Outcome.KEPT)           // no trust: weight 0
                .build();
        TrustResult r = LINEAR.compute(g, "u");
        TrustResult.Reliability rel = r.reliability("a");
        assertEquals(2.5, rel.alpha(), EPS);
        assertEquals(2.0, rel.beta(), EPS);
        assertEquals(2.5 / 4.5, rel.expected(), EPS);
        assertEquals(2.5, rel.evidence(), EPS);
        assertEquals(2.5 / 4.5, rel.confidence(), EPS);

        TrustResult.Explanation x = r.explain("a");
        assertEquals(List.of("c1", "c3", "c2"),
                x.topAttestations().stream().map(TrustResult.AttestationContribution::commitmentId).toList());
        assertEquals(3, x.ignoredAttestations().size());
        assertTrue(x.ignoredAttestations().stream()
                .anyMatch(a -> a.retracted() && a.ignoredReason().equals("retracted")));
        assertTrue(x.ignoredAttestations().stream().anyMatch(a -> a.ignoredReason().equals("self-attestation")));

        TrustResult.Reliability none = r.reliability("x");
        assertEquals(0.5, none.expected(), EPS);
        assertEquals(0.0, none.confidence(), EPS);
    }

    @Test
    void attesterWeightScalesTrustAndClipsAtOne() {
        TrustGraph g = TrustGraph.builder()
                .vouch("u", "x", TrustLevel.HIGH)                    // normalised trust 1
                .vouch("u", "h", TrustLevel.SOME)                    // normalised trust 0.5
                .attestation("x", "a", "c1", Outcome.KEPT)
                .attestation("h", "a", "c2", Outcome.NOT_KEPT)
                .attestation("s", "a", "c3", Outcome.KEPT)           // no trust: still weight 0
                .build();
        TrustEngine engine = new TrustEngine(TrustEngine.DEFAULT_RESTART, TrustEngine.DEFAULT_TOLERANCE,
                TrustEngine.DEFAULT_MAX_ITERATIONS, 0.6);
        TrustResult r = engine.compute(g, "u");
        assertEquals(1.0, engine.attesterWeight(0.9), EPS);
        assertEquals(0.5 / 0.6, engine.attesterWeight(0.5), EPS);
        assertEquals(0.0, engine.attesterWeight(0.0));
        assertEquals(2.0, r.reliability("a").alpha(), EPS);
        assertEquals(1.0 + 0.5 / 0.6, r.reliability("a").beta(), EPS);
        TrustResult.Explanation x = r.explain("a");
        assertEquals(List.of(1.0, 0.5 / 0.6),
                x.topAttestations().stream().map(TrustResult.AttestationContribution::weight).toList());
        assertEquals("attester has no trust from you", x.ignoredAttestations().get(0).ignoredReason());
        assertEquals(0.0, x.ignoredAttestations().get(0).weight());

        // The default weighting counts the user's contacts fully.
        TrustResult d = new TrustEngine().compute(g, "u");
        assertEquals(1.0, d.explain("a").topAttestations().get(1).weight(), EPS);
        assertThrows(IllegalArgumentException.class, () -> new TrustEngine(0.15, 1e-9, 10, 0.0));
    }

    @Test
    void forkedAttesterIgnored() {
        TrustGraph g = TrustGraph.builder()
                .vouch("u", "x", TrustLevel.HIGH)
                .attestation("x", "a", "c1", Outcome.NOT_KEPT)
                .forked("x")
                .build();
        TrustResult r = engine.compute(g, "u");
        assertEquals(0.0, r.reliability("a").evidence(), EPS);
        assertEquals("attester's feed is forked", r.explain("a").ignoredAttestations().get(0).ignoredReason());
    }

    @Test
    void wireNamesMapToEnums() {
        assertEquals(TrustLevel.HIGH, WireEnum.fromWire(TrustLevel.class, "high"));
        assertEquals(Outcome.PARTLY_KEPT, WireEnum.fromWire(Outcome.class, "partly-kept"));
        assertThrows(IllegalArgumentException.class, () -> new TrustEngine(1.0, 1e-9, 10));
    }

    @Test
    void deterministic() {
        TrustGraph g = TrustSim.honest(300, 6, 0.1, 7).build();
        TrustResult a = engine.compute(g, "h0");
        TrustResult b = engine.compute(g, "h0");
        for (String p : g.people()) {
            assertEquals(a.trust(p), b.trust(p));
        }
        assertEquals(1.0, sum(a, g), 1e-8);
    }
}
