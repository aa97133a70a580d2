package org.kith.node.trust;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kith.node.store.StoreQueries;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.TrustLevel;
import org.kith.protocol.record.WireEnum;

/**
 * The trust engine's input read from a node's store (design §6), plus the attestations the store's rules keep
 * out of it, each with the reason (so that explanations can list them).
 *
 * <p>Rules:
 * <ul>
 *   <li>Vouches: general ones only (domain ''), the one in effect per (author, subject) as the derived table holds
 *       it; marked retracted when a retraction targets the vouch record. Domain vouches (for one skill) are not
 *       walk edges.</li>
 *   <li>Attestations go to the engine only when the attester took part in the commitment's project: wrote the
 *       proposal, or has a commitment of their own to the same proposal. Left out, with a reason: retracted
 *       attestations, attestations of a retracted commitment, of a commitment this node does not hold (its
 *       project cannot be checked), naming someone other than the commitment's author as the committer, and
 *       those by someone outside the project. What the engine then ignores (self-attestations, forked or
 *       untrusted attesters) it reports itself.</li>
 *   <li>Forked authors: anyone with {@code feeds.forked} set in any swarm.</li>
 * </ul>
 * Immutable once loaded; the load reads one snapshot of the store, one query per kind of row.
 */
public final class StoreTrustGraph {

    public static final String RETRACTED = "retracted by the attester";
    public static final String COMMITMENT_RETRACTED = "the commitment was retracted";
    public static final String COMMITMENT_UNKNOWN = "the commitment is not known to this node";
    public static final String WRONG_COMMITTER = "names someone other than the commitment's author";
    public static final String NOT_IN_PROJECT = "attester is not part of the project";

    /** An attestation kept out of the engine's input. */
    public record Excluded(String id, String attester, String committer, String commitmentId, Outcome outcome,
            String reason) {
    }

    private final TrustGraph graph;
    private final Map<String, List<Excluded>> excludedByCommitter;
    private final int excludedCount;

    private StoreTrustGraph(TrustGraph graph, Map<String, List<Excluded>> excludedByCommitter, int excludedCount) {
        this.graph = graph;
        this.excludedByCommitter = excludedByCommitter;
        this.excludedCount = excludedCount;
    }

    /** Reads the store's vouches, attestations and forked feeds; {@code user} is always a person of the graph. */
    public static StoreTrustGraph load(StoreQueries queries, String user) {
        TrustGraph.Builder b = TrustGraph.builder().person(user);
        Map<String, List<Excluded>> excluded = new HashMap<>();
        int[] count = {0};
        queries.trustInput(new StoreQueries.TrustRows() {
            @Override
            public void vouch(String author, String subject, String level, boolean retracted) {
                TrustLevel l = WireEnum.fromWire(TrustLevel.class, level);
                if (l != null) { // the ingest door admits known levels only
                    b.vouch(author, subject, l, retracted);
                }
            }

            @Override
            public void attestation(StoreQueries.TrustAttestation a) {
                Outcome o = WireEnum.fromWire(Outcome.class, a.outcome());
                if (o == null) {
                    return;
                }
                String reason = reason(a);
                if (reason == null) {
                    b.attestation(a.attester(), a.committer(), a.commitmentId(), o);
                } else {
                    b.person(a.attester()).person(a.committer());
                    excluded.computeIfAbsent(a.committer(), k -> new ArrayList<>())
                            .add(new Excluded(a.id(), a.attester(), a.committer(), a.commitmentId(), o, reason));
                    count[0]++;
                }
            }

            @Override
            public void forked(String author) {
                b.forked(author);
            }
        });
        return new StoreTrustGraph(b.build(), excluded, count[0]);
    }

    /** Why the store's rules keep {@code a} from the engine, or null if they do not. */
    static String reason(StoreQueries.TrustAttestation a) {
        if (a.retracted()) {
            return RETRACTED;
        }
        if (a.commitmentRetracted()) {
            return COMMITMENT_RETRACTED;
        }
        if (a.commitmentAuthor() == null) {
            return COMMITMENT_UNKNOWN;
        }
        if (!a.commitmentAuthor().equals(a.committer())) {
            return WRONG_COMMITTER;
        }
        return a.attesterTookPart() ? null : NOT_IN_PROJECT;
    }

    /** The engine's input. */
    public TrustGraph graph() {
        return graph;
    }

    /** Attestations about {@code committer}'s commitments kept out of the engine, oldest first. */
    public List<Excluded> excludedAbout(String committer) {
        return List.copyOf(excludedByCommitter.getOrDefault(committer, List.of()));
    }

    /** How many attestations were kept out of the engine in all. */
    public int excludedCount() {
        return excludedCount;
    }
}
