package org.kith.node.trust;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kith.node.store.StoreQueries;
import org.kith.protocol.record.Outcome;

/**
 * Trust as the user of one node sees it: the store read by {@link StoreTrustGraph}, computed by
 * {@link TrustEngine}, and explained with both the engine's and the store's reasons. A snapshot: compute again
 * to see newer records. Immutable; any thread.
 */
public final class PersonalTrust {

    /** Counted attestations about a person, by outcome. */
    public record Counts(int kept, int partlyKept, int notKept) {
        public int total() {
            return kept + partlyKept + notKept;
        }
    }

    /** An attestation that did not count, with the reason (the store's or the engine's). */
    public record Ignored(String attester, String commitmentId, Outcome outcome, String reason) {
    }

    /** The engine's explanation, every ignored attestation, and the counted ones by outcome. */
    public record Report(TrustResult.Explanation explanation, Counts counts, List<Ignored> ignored) {
    }

    private final String user;
    private final StoreTrustGraph input;
    private final TrustResult result;
    private Map<String, List<TrustGraph.Attestation>> byCommitter;

    private PersonalTrust(String user, StoreTrustGraph input, TrustResult result) {
        this.user = user;
        this.input = input;
        this.result = result;
    }

    /** Reads the store and computes trust from {@code user}'s point of view. */
    public static PersonalTrust compute(StoreQueries queries, String user) {
        return of(StoreTrustGraph.load(queries, user), user, new TrustEngine());
    }

    public static PersonalTrust of(StoreTrustGraph input, String user, TrustEngine engine) {
        return new PersonalTrust(user, input, engine.compute(input.graph(), user));
    }

    public String user() {
        return user;
    }

    public StoreTrustGraph input() {
        return input;
    }

    public TrustResult result() {
        return result;
    }

    /** Whether {@code person} appears in the trust input at all (vouched, vouching, attested, attesting, forked). */
    public boolean mentions(String person) {
        return input.graph().indexOf(person) >= 0;
    }

    /** {@code person}'s score with its top {@code k} paths and counted attestations, and every ignored one. */
    public Report explain(String person, int k) {
        TrustResult.Explanation e = result.explain(person, k);
        List<Ignored> ignored = new ArrayList<>();
        Set<String> ignoredKeys = new HashSet<>();
        for (TrustResult.AttestationContribution a : e.ignoredAttestations()) {
            ignored.add(new Ignored(a.attester(), a.commitmentId(), a.outcome(), a.ignoredReason()));
            ignoredKeys.add(a.attester() + '\u0000' + a.commitmentId());
        }
        for (StoreTrustGraph.Excluded x : input.excludedAbout(person)) {
            ignored.add(new Ignored(x.attester(), x.commitmentId(), x.outcome(), x.reason()));
        }
        int kept = 0;
        int partly = 0;
        int not = 0;
        for (TrustGraph.Attestation a : attestationsAbout(person)) {
            if (ignoredKeys.contains(a.attester() + '\u0000' + a.commitmentId())) {
                continue;
            }
            switch (a.outcome()) {
                case KEPT -> kept++;
                case PARTLY_KEPT -> partly++;
                case NOT_KEPT -> not++;
            }
        }
        return new Report(e, new Counts(kept, partly, not), List.copyOf(ignored));
    }

    private synchronized List<TrustGraph.Attestation> attestationsAbout(String person) {
        if (byCommitter == null) {
            byCommitter = new HashMap<>();
            for (TrustGraph.Attestation a : input.graph().attestations()) {
                byCommitter.computeIfAbsent(a.committer(), c -> new ArrayList<>()).add(a);
            }
        }
        return byCommitter.getOrDefault(person, List.of());
    }
}
