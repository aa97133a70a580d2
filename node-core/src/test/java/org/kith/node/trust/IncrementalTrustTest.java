package org.kith.node.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.TrustLevel;

/** Incremental updates equal a full recompute of the same records, over seeded random sequences of changes. */
class IncrementalTrustTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IncrementalTrustTest.class);

    private static final int HONEST = 200;
    private static final int SYBILS = 50;
    private static final int STEPS = 300;
    /** Walk masses: both runs stop within the default tolerance (1e-10 L1) of the same fixed point. */
    private static final double TRUST_EPS = 1e-9;
    /** Normalised trust and Beta parameters inherit the walk's error, scaled by 1 / max p and by the weighting. */
    private static final double DERIVED_EPS = 1e-6;

    private final TrustEngine engine = new TrustEngine();

    /** Mirrors every change into a builder, so a full recompute of the same records can be compared. */
    private static final class Mirror {
        final TrustGraph.Builder builder;
        final IncrementalTrust inc;

        Mirror(TrustGraph.Builder builder, TrustEngine engine, String user) {
            this.builder = builder;
            this.inc = new IncrementalTrust(engine, builder.build(), user);
        }

        void vouch(String a, String s, TrustLevel l, boolean retracted) {
            builder.vouch(a, s, l, retracted);
            inc.addVouch(new TrustGraph.Vouch(a, s, l, retracted));
        }

        void attest(String a, String c, String id, Outcome o, boolean retracted) {
            builder.attestation(a, c, id, o, retracted);
            inc.addAttestation(new TrustGraph.Attestation(a, c, id, o, retracted));
        }

        void fork(String a) {
            builder.forked(a);
            inc.markForked(a);
        }
    }

    private static TrustGraph.Builder network(Random rnd) {
        TrustGraph.Builder b = TrustSim.addHonest(TrustGraph.builder(), HONEST, 6, 0.1, rnd);
        TrustSim.addSybils(b, SYBILS, 5, rnd);
        b.vouch("h7", "s0", TrustLevel.SOME);
        for (int i = 0; i < 1_000; i++) {
            b.attestation(person(rnd), person(rnd), "c" + i, outcome(rnd));
        }
        return b;
    }

    private static String person(Random rnd) {
        int i = rnd.nextInt(HONEST + SYBILS);
        return i < HONEST ? "h" + i : "s" + (i - HONEST);
    }

    private static Outcome outcome(Random rnd) {
        return Outcome.values()[rnd.nextInt(Outcome.values().length)];
    }

    private static TrustLevel level(Random rnd) {
        return TrustLevel.values()[rnd.nextInt(TrustLevel.values().length)];
    }

    /** Asserts {@code inc} equals {@code full} within the tolerances; returns the largest trust difference. */
    private static double assertClose(TrustResult full, TrustResult inc, TrustGraph g) {
        assertEquals(g.vouches(), inc.graph().vouches());
        assertEquals(g.attestations(), inc.graph().attestations());
        assertEquals(g.forked(), inc.graph().forked());
        double worst = 0;
        for (String p : g.people()) {
            worst = Math.max(worst, Math.abs(full.trust(p) - inc.trust(p)));
            assertEquals(full.trust(p), inc.trust(p), TRUST_EPS, p);
            assertEquals(full.normalizedTrust(p), inc.normalizedTrust(p), DERIVED_EPS, p);
            assertEquals(full.reliability(p).alpha(), inc.reliability(p).alpha(), DERIVED_EPS, p);
            assertEquals(full.reliability(p).beta(), inc.reliability(p).beta(), DERIVED_EPS, p);
            assertEquals(full.directLevel(p), inc.directLevel(p), p);
            assertEquals(full.distrustedByUser(p), inc.distrustedByUser(p), p);
        }
        String last = g.attestations().get(g.attestations().size() - 1).committer();
        assertEquals(full.explain(last).ignoredAttestations(), inc.explain(last).ignoredAttestations(), last);
        return worst;
    }

    @Test
    void randomChangesMatchFullRecompute() {
        for (long seed = 1; seed <= 3; seed++) {
            Random rnd = new Random(seed);
            Mirror m = new Mirror(network(rnd), engine, "h0");
            double worst = 0;
            int newPeople = 0;
            for (int step = 0; step < STEPS; step++) {
                int kind = rnd.nextInt(10);
                String a = rnd.nextInt(8) == 0 ? "h0" : person(rnd); // the user's own records too
                String b = rnd.nextInt(20) == 0 ? "new" + newPeople++ : person(rnd);
                switch (kind) {
                    case 0, 1, 2 -> m.attest(a, b, "n" + step, outcome(rnd), false);
                    case 3 -> m.attest(a, b, "c" + rnd.nextInt(1_000), outcome(rnd), rnd.nextBoolean());
                    case 4, 5, 6 -> m.vouch(a, b, level(rnd), false);
                    case 7 -> m.vouch(a, b, level(rnd), true);
                    case 8 -> m.vouch("h0", b, rnd.nextBoolean() ? TrustLevel.DISTRUST : TrustLevel.HIGH, false);
                    default -> m.fork(person(rnd));
                }
                TrustGraph g = m.builder.build();
                worst = Math.max(worst, assertClose(engine.compute(g, "h0"), m.inc.result(), g));
            }
            LOG.info(String.format(Locale.ROOT, "seed %d: %d changes, largest trust difference %.2e", seed, STEPS,
                    worst));
        }
    }

    @Test
    void attestationChangesOnlyTheCommittersReliability() {
        Random rnd = new Random(5);
        IncrementalTrust inc = new IncrementalTrust(engine, network(rnd).build(), "h0");
        TrustResult before = inc.result();
        TrustResult after = inc.addAttestation(new TrustGraph.Attestation("h1", "h9", "x1", Outcome.NOT_KEPT,
                false));
        assertSame(after, inc.result());
        assertSame(before.walk(), after.walk(), "no walk ran");
        for (String p : after.graph().people()) {
            assertEquals(before.trust(p), after.trust(p), p);
            if (!p.equals("h9")) {
                assertEquals(before.reliability(p), after.reliability(p), p);
            }
        }
        assertTrue(after.reliability("h9").beta() > before.reliability("h9").beta());
    }

    @Test
    void warmStartNeedsFewerIterationsThanACold() {
        Random rnd = new Random(6);
        IncrementalTrust inc = new IncrementalTrust(engine, network(rnd).build(), "h0");
        int cold = inc.result().iterations();
        int warm = 0;
        int changes = 20;
        for (int i = 0; i < changes; i++) {
            warm += inc.addVouch(new TrustGraph.Vouch(person(rnd), person(rnd), TrustLevel.HIGH, false))
                    .iterations();
        }
        LOG.info("cold walk {} iterations, warm-started walks {} on average", cold, (double) warm / changes);
        assertTrue(warm < changes * cold, "warm " + warm + " vs cold " + cold + " per change");
    }

    @Test
    void userWithoutRecordsThenWithSome() {
        Mirror m = new Mirror(network(new Random(7)), engine, "me");
        m.attest("h3", "h4", "y1", Outcome.KEPT, false); // nobody trusted: weight 0
        m.vouch("me", "h1", TrustLevel.HIGH, false);     // the user appears
        m.attest("me", "h4", "y2", Outcome.KEPT, false);
        m.attest("h1", "newcomer", "y3", Outcome.NOT_KEPT, false);
        TrustGraph g = m.builder.build();
        assertClose(engine.compute(g, "me"), m.inc.result(), g);
        assertTrue(m.inc.result().trust("h1") > 0);
    }
}
