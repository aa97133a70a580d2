package org.kith.ui.trustmap;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.kith.protocol.record.TrustLevel;

/**
 * What the Trust map needs of the node: the user's trust network as it stands, and word when it
 * may have changed. {@link #load} runs off the FX thread and completes on a node thread.
 */
public interface TrustMapSource {

    /**
     * A person on the map. {@code trust} is normalised to [0, 1] (the user has 1); {@code direct}
     * is the user's own vouch level for them, or null.
     */
    record Person(String peerId, String name, double trust, boolean user, boolean forked, boolean distrusted,
            TrustLevel direct) {

        /** The name, or a shortened peer ID when they have no profile here. */
        public String label() {
            return name != null && !name.isBlank() ? name
                    : peerId.length() <= 14 ? peerId : peerId.substring(0, 6) + "…" + peerId.substring(peerId.length() - 4);
        }
    }

    /** A vouch in effect between two people on the map: SOME or HIGH, or the user's own DISTRUST. */
    record Edge(String from, String to, TrustLevel level) {
    }

    /**
     * The map: the user first, then the most trusted people (at most the limit asked) and anyone the
     * user distrusts; {@code trusted} counts everyone with positive trust, shown or not.
     */
    record Graph(String user, List<Person> people, List<Edge> edges, int trusted) {
        public Graph {
            people = List.copyOf(people);
            edges = List.copyOf(edges);
        }

        /** Whether people with positive trust were left out to respect the limit. */
        public boolean capped() {
            return people.stream().filter(p -> !p.user() && p.trust() > 0).count() < trusted;
        }
    }

    /** The user's trust network, capped to the {@code limit} most trusted people. */
    CompletableFuture<Graph> load(int limit);

    /** Calls {@code listener} (on any thread) whenever a record arrives that may change trust. */
    void onChange(Runnable listener);
}
