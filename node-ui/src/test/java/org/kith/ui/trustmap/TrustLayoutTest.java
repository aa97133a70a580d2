package org.kith.ui.trustmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kith.protocol.record.TrustLevel;
import org.kith.ui.trustmap.TrustLayout.Layout;
import org.kith.ui.trustmap.TrustLayout.Place;
import org.kith.ui.trustmap.TrustMapSource.Edge;
import org.kith.ui.trustmap.TrustMapSource.Graph;
import org.kith.ui.trustmap.TrustMapSource.Person;

/** The trust map's layout: rings by vouch distance, chains outward, no overlaps, deterministic. */
class TrustLayoutTest {

    static Person person(String id, double trust) {
        return new Person(id, id.toUpperCase(), trust, false, false, false, null);
    }

    static Graph small() {
        Person me = new Person("me", "Me", 1, true, false, false, null);
        List<Person> people = List.of(me, person("bo", 1), person("cy", 0.6), person("eve", 0.3),
                new Person("dee", "Dee", 0, false, false, true, TrustLevel.DISTRUST));
        List<Edge> edges = List.of(new Edge("me", "bo", TrustLevel.HIGH), new Edge("bo", "cy", TrustLevel.HIGH),
                new Edge("cy", "eve", TrustLevel.SOME), new Edge("me", "dee", TrustLevel.DISTRUST));
        return new Graph("me", people, edges, 3);
    }

    /** {@code n} people, each vouched for by the user or by an earlier person (seeded). */
    static Graph random(int n, long seed) {
        Random r = new Random(seed);
        List<Person> people = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        people.add(new Person("me", "Me", 1, true, false, false, null));
        for (int i = 0; i < n; i++) {
            String id = "p" + i;
            people.add(person(id, r.nextDouble()));
            String from = i < 6 || r.nextInt(5) == 0 ? "me" : "p" + r.nextInt(i);
            edges.add(new Edge(from, id, r.nextBoolean() ? TrustLevel.HIGH : TrustLevel.SOME));
            if (i > 0 && r.nextInt(3) == 0) {
                edges.add(new Edge(id, "p" + r.nextInt(i), TrustLevel.SOME));
            }
        }
        return new Graph("me", people, edges, n);
    }

    @Test
    void theUserIsInTheCentreAndRingsFollowVouchDistance() {
        Layout l = TrustLayout.layout(small());
        Place me = l.place("me");
        assertEquals(0, me.x());
        assertEquals(0, me.y());
        assertEquals(1, l.place("bo").ring());
        assertEquals(2, l.place("cy").ring());
        assertEquals(3, l.place("eve").ring());
        assertEquals(4, l.place("dee").ring(), "no positive chain reaches the distrusted: the outer ring");
        for (Place p : l.places().values()) {
            assertEquals(l.ringRadii().get(p.ring()), Math.hypot(p.x(), p.y()), 1e-9, p.toString());
        }
        assertTrue(l.place("bo").radius() > l.place("eve").radius(), "more trust, bigger circle");
    }

    @Test
    void aChainReadsOutwardFromItsVoucher() {
        Layout l = TrustLayout.layout(small());
        double bo = Math.atan2(l.place("bo").y(), l.place("bo").x());
        double cy = Math.atan2(l.place("cy").y(), l.place("cy").x());
        assertEquals(bo, cy, 1e-9, "alone on its ring, Cy sits right behind Bo");
    }

    @Test
    void circlesNeverOverlapAndTheSameGraphGivesTheSamePicture() {
        Graph g = random(150, 42);
        Layout l = TrustLayout.layout(g);
        assertEquals(151, l.places().size());
        List<Place> all = new ArrayList<>(l.places().values());
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                Place a = all.get(i);
                Place b = all.get(j);
                double d = Math.hypot(a.x() - b.x(), a.y() - b.y());
                assertTrue(d >= a.radius() + b.radius() - 1e-6, a + " overlaps " + b);
            }
        }
        assertEquals(l, TrustLayout.layout(random(150, 42)));
    }

    @Test
    void aUserAloneIsJustTheCentre() {
        Layout l = TrustLayout.layout(new Graph("me", List.of(new Person("me", null, 1, true, false, false, null)),
                List.of(), 0));
        assertEquals(1, l.places().size());
        assertEquals(List.of(0.0), l.ringRadii());
    }
}
