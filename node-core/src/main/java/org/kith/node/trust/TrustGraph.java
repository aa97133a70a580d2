package org.kith.node.trust;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.TrustLevel;

/**
 * Immutable input of the trust engine: people, vouches, attestations and forked authors, as plain values.
 *
 * <p>People are named by any string (in practice the peer id in text form, as in {@code Views.Vouch#author}).
 * Levels and outcomes are the protocol enums; an adapter from the store maps the wire names with
 * {@code WireEnum.fromWire}. Records are kept as given (including retracted ones and self-vouches), so that
 * explanations can say why something was not counted; the engine decides what counts.
 *
 * <p>When one author has several vouches for the same subject, the last one added wins (the caller adds them
 * oldest first). The same holds for several attestations by one attester of one commitment.
 */
public final class TrustGraph {

    /** A vouch as recorded. */
    public record Vouch(String author, String subject, TrustLevel level, boolean retracted) {
        public Vouch {
            Objects.requireNonNull(author, "author");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(level, "level");
        }
    }

    /** An attestation as recorded: {@code attester}'s verdict on {@code committer}'s commitment. */
    public record Attestation(String attester, String committer, String commitmentId, Outcome outcome,
            boolean retracted) {
        public Attestation {
            Objects.requireNonNull(attester, "attester");
            Objects.requireNonNull(committer, "committer");
            Objects.requireNonNull(commitmentId, "commitmentId");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    private final List<String> people;
    private final Map<String, Integer> index;
    private final List<Vouch> vouches;
    private final List<Attestation> attestations;
    private final Set<String> forked;

    private TrustGraph(List<String> people, Map<String, Integer> index, List<Vouch> vouches,
            List<Attestation> attestations, Set<String> forked) {
        this.people = people;
        this.index = index;
        this.vouches = vouches;
        this.attestations = attestations;
        this.forked = forked;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Everyone mentioned, in order of first mention; the position is the person's dense index. */
    public List<String> people() {
        return people;
    }

    /** Dense index of {@code person}, or -1 if unknown. */
    public int indexOf(String person) {
        Integer i = index.get(person);
        return i == null ? -1 : i;
    }

    public int size() {
        return people.size();
    }

    /** Effective vouches: the last per (author, subject), in order of addition; retracted ones included. */
    public List<Vouch> vouches() {
        return vouches;
    }

    /** Effective attestations: the last per (attester, commitment), in order of addition. */
    public List<Attestation> attestations() {
        return attestations;
    }

    /** Authors with fork evidence: their feeds cannot be relied on. */
    public Set<String> forked() {
        return forked;
    }

    public boolean isForked(String person) {
        return forked.contains(person);
    }

    /** A builder holding this graph's records, to derive later graphs from (see {@link IncrementalTrust}). */
    Builder toBuilder() {
        Builder b = new Builder();
        people.forEach(b::person);
        vouches.forEach(v -> b.vouch(v.author(), v.subject(), v.level(), v.retracted()));
        attestations.forEach(a -> b.attestation(a.attester(), a.committer(), a.commitmentId(), a.outcome(),
                a.retracted()));
        forked.forEach(b::forked);
        b.built = this; // the replay reproduces this graph exactly: share all of it until something changes
        b.peopleChanged = false;
        b.vouchesChanged = false;
        b.attestationsChanged = false;
        b.forkedChanged = false;
        return b;
    }

    /** Collects records; not thread-safe. */
    public static final class Builder {
        private final List<String> people = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();
        private final LinkedHashMap<String, Vouch> vouches = new LinkedHashMap<>();
        private final LinkedHashMap<String, Attestation> attestations = new LinkedHashMap<>();
        private final Set<String> forked = new TreeSet<>();
        /** The last graph built, whose unchanged parts the next {@link #build()} shares; null before. */
        private TrustGraph built;
        private boolean peopleChanged = true;
        private boolean vouchesChanged = true;
        private boolean attestationsChanged = true;
        private boolean forkedChanged = true;

        private Builder() {
        }

        /** Mentions a person (no records needed). */
        public Builder person(String person) {
            Objects.requireNonNull(person, "person");
            index.computeIfAbsent(person, p -> {
                people.add(p);
                peopleChanged = true;
                return people.size() - 1;
            });
            return this;
        }

        public Builder vouch(String author, String subject, TrustLevel level) {
            return vouch(author, subject, level, false);
        }

        public Builder vouch(String author, String subject, TrustLevel level, boolean retracted) {
            Vouch v = new Vouch(author, subject, level, retracted);
            person(author).person(subject);
            String key = author + '\u0000' + subject;
            vouches.remove(key); // re-insert so the order is that of the effective record
            vouches.put(key, v);
            vouchesChanged = true;
            return this;
        }

        public Builder attestation(String attester, String committer, String commitmentId, Outcome outcome) {
            return attestation(attester, committer, commitmentId, outcome, false);
        }

        public Builder attestation(String attester, String committer, String commitmentId, Outcome outcome,
                boolean retracted) {
            Attestation a = new Attestation(attester, committer, commitmentId, outcome, retracted);
            person(attester).person(committer);
            String key = attester + '\u0000' + commitmentId;
            attestations.remove(key);
            attestations.put(key, a);
            attestationsChanged = true;
            return this;
        }

        /** The effective attestation by {@code attester} of {@code commitmentId}, or null. */
        Attestation attestation(String attester, String commitmentId) {
            return attestations.get(attester + '\u0000' + commitmentId);
        }

        /** Marks {@code author}'s feed as forked. */
        public Builder forked(String author) {
            person(author);
            forkedChanged |= forked.add(author);
            return this;
        }

        /**
         * The graph of the records collected so far. Parts unchanged since the previous {@code build()} of this
         * builder are shared with that graph (they are immutable), so building again after one more record
         * copies only the kind of record that changed.
         */
        public TrustGraph build() {
            TrustGraph prev = built;
            built = new TrustGraph(
                    peopleChanged ? List.copyOf(people) : prev.people,
                    peopleChanged ? Map.copyOf(index) : prev.index,
                    vouchesChanged ? List.copyOf(vouches.values()) : prev.vouches,
                    attestationsChanged ? List.copyOf(attestations.values()) : prev.attestations,
                    forkedChanged ? Collections.unmodifiableSet(new TreeSet<>(forked)) : prev.forked);
            peopleChanged = false;
            vouchesChanged = false;
            attestationsChanged = false;
            forkedChanged = false;
            return built;
        }
    }
}
