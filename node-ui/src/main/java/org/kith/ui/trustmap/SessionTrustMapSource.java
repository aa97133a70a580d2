package org.kith.ui.trustmap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.kith.node.KithNode;
import org.kith.node.store.StoreQueries;
import org.kith.node.trust.TrustResult;
import org.kith.protocol.record.Attestation;
import org.kith.protocol.record.Commitment;
import org.kith.protocol.record.Retraction;
import org.kith.protocol.record.TrustLevel;
import org.kith.protocol.record.Vouch;
import org.kith.protocol.record.WireEnum;
import org.kith.ui.app.NodeSession;

/**
 * {@link TrustMapSource} over a {@link NodeSession}: scores from its live trust, vouch edges and
 * forked feeds from the store's trust input (the rows the trust engine reads), names from profiles.
 */
public final class SessionTrustMapSource implements TrustMapSource {

    private final NodeSession session;

    public SessionTrustMapSource(NodeSession session) {
        this.session = session;
    }

    @Override
    public CompletableFuture<Graph> load(int limit) {
        return session.call(node -> graph(node, session.self(), session.trust().result(), limit));
    }

    static Graph graph(KithNode node, String user, TrustResult result, int limit) {
        StoreQueries q = node.queries();
        List<Edge> vouches = new ArrayList<>();
        Set<String> forked = new HashSet<>();
        q.trustInput(new StoreQueries.TrustRows() {
            @Override
            public void vouch(String author, String subject, String level, boolean retracted) {
                if (!retracted && !author.equals(subject)) {
                    vouches.add(new Edge(author, subject, WireEnum.fromWire(TrustLevel.class, level)));
                }
            }

            @Override
            public void attestation(StoreQueries.TrustAttestation a) {
            }

            @Override
            public void forked(String author) {
                forked.add(author);
            }
        });
        List<TrustResult.Score> ranking = result.ranking(Integer.MAX_VALUE);
        Map<String, Double> shown = new LinkedHashMap<>();
        shown.put(user, 1.0);
        for (TrustResult.Score s : ranking.subList(0, Math.min(limit, ranking.size()))) {
            shown.put(s.person(), s.normalizedTrust());
        }
        for (Edge e : vouches) {
            if (e.from().equals(user) && e.level() == TrustLevel.DISTRUST) {
                shown.putIfAbsent(e.to(), 0.0);
            }
        }
        List<Person> people = new ArrayList<>();
        for (Map.Entry<String, Double> p : shown.entrySet()) {
            String id = p.getKey();
            people.add(new Person(id, q.person(id).map(v -> v.name()).orElse(null), p.getValue(), id.equals(user),
                    forked.contains(id), result.distrustedByUser(id), id.equals(user) ? null : result.directLevel(id)));
        }
        List<Edge> edges = new ArrayList<>();
        for (Edge e : vouches) {
            boolean both = shown.containsKey(e.from()) && shown.containsKey(e.to());
            boolean drawn = e.level() == TrustLevel.SOME || e.level() == TrustLevel.HIGH
                    || (e.level() == TrustLevel.DISTRUST && e.from().equals(user));
            if (both && drawn) {
                edges.add(e);
            }
        }
        return new Graph(user, people, edges, ranking.size());
    }

    /** Vouches, attestations, commitments, retractions and forks can change the map; profiles its names. */
    @Override
    public void onChange(Runnable listener) {
        session.onRecord(r -> {
            var body = r.body();
            if (body instanceof Vouch || body instanceof Attestation || body instanceof Commitment
                    || body instanceof Retraction || body instanceof org.kith.protocol.record.Profile) {
                listener.run();
            }
        });
    }
}
