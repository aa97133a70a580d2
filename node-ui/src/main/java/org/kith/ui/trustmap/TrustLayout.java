package org.kith.ui.trustmap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kith.protocol.record.TrustLevel;
import org.kith.ui.trustmap.TrustMapSource.Edge;
import org.kith.ui.trustmap.TrustMapSource.Graph;
import org.kith.ui.trustmap.TrustMapSource.Person;

/**
 * Where each person of a {@link Graph} goes: the user at the centre, everyone else on rings by
 * vouch distance from the user (people no positive vouch chain reaches, like those the user
 * distrusts, on an outer ring). On the first ring people go by trust; further out each person sits
 * near the person who brought them in (their most trusted voucher on the ring inside), so chains
 * read outward. Rings grow to keep circles apart. Deterministic (same graph, same picture) and pure:
 * run it off the FX thread for large graphs.
 */
public final class TrustLayout {

    /** Circle radius of the user, and of others from {@link #MIN_RADIUS} (no trust) to {@link #MAX_RADIUS}. */
    public static final double USER_RADIUS = 26;
    public static final double MIN_RADIUS = 9;
    public static final double MAX_RADIUS = 28;
    /** Distance between consecutive rings, at least. */
    public static final double RING_STEP = 130;
    /** Space between neighbouring circles on a ring. */
    public static final double GAP = 18;

    /** A placed person: centre, circle radius, ring (0 = the user). */
    public record Place(Person person, double x, double y, double radius, int ring) {
    }

    /** All places, in the graph's order; and the rings' radii (index = ring). */
    public record Layout(Map<String, Place> places, List<Double> ringRadii) {
        public Layout {
            places = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(places));
            ringRadii = List.copyOf(ringRadii);
        }

        public Place place(String peerId) {
            return places.get(peerId);
        }
    }

    private TrustLayout() {
    }

    /** Circle radius for normalised trust {@code t}: area grows with trust. */
    public static double radius(Person p) {
        return p.user() ? USER_RADIUS : MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(Math.max(0, Math.min(1,
                p.trust())));
    }

    public static Layout layout(Graph g) {
        Map<String, Person> people = new LinkedHashMap<>();
        g.people().forEach(p -> people.put(p.peerId(), p));
        Map<String, List<String>> out = new HashMap<>();
        Map<String, List<String>> in = new HashMap<>();
        for (Edge e : g.edges()) {
            if (e.level() == TrustLevel.SOME || e.level() == TrustLevel.HIGH) {
                out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
                in.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
            }
        }
        // Vouch distance from the user.
        Map<String, Integer> hop = new HashMap<>();
        hop.put(g.user(), 0);
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(g.user()));
        while (!queue.isEmpty()) {
            String a = queue.poll();
            for (String b : out.getOrDefault(a, List.of())) {
                if (people.containsKey(b) && !hop.containsKey(b)) {
                    hop.put(b, hop.get(a) + 1);
                    queue.add(b);
                }
            }
        }
        int outer = hop.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        Map<Integer, List<Person>> rings = new HashMap<>();
        for (Person p : people.values()) {
            rings.computeIfAbsent(hop.getOrDefault(p.peerId(), outer), k -> new ArrayList<>()).add(p);
        }
        int last = rings.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        Comparator<Person> byTrust = Comparator.comparingDouble(Person::trust).reversed().thenComparing(
                Person::peerId);
        Map<String, Place> places = new LinkedHashMap<>();
        Map<String, Double> angle = new HashMap<>();
        List<Double> radii = new ArrayList<>();
        radii.add(0.0);
        Person user = people.get(g.user());
        if (user != null) {
            places.put(user.peerId(), new Place(user, 0, 0, radius(user), 0));
            angle.put(user.peerId(), -Math.PI / 2);
        }
        double previous = 0;
        for (int ring = 1; ring <= last; ring++) {
            List<Person> members = rings.getOrDefault(ring, List.of());
            if (members.isEmpty()) {
                radii.add(previous + RING_STEP);
                previous += RING_STEP;
                continue;
            }
            // Desired angle: that of the most trusted voucher already placed (first ring: none).
            Map<String, Double> wish = new HashMap<>();
            for (Person p : members) {
                String best = null;
                for (String v : in.getOrDefault(p.peerId(), List.of())) {
                    if (angle.containsKey(v) && !v.equals(g.user()) && (best == null
                            || byTrust.compare(people.get(v), people.get(best)) < 0)) {
                        best = v;
                    }
                }
                wish.put(p.peerId(), best == null ? Double.NaN : angle.get(best));
            }
            List<Person> ordered = new ArrayList<>(members);
            ordered.sort(Comparator.<Person>comparingDouble(p -> Double.isNaN(wish.get(p.peerId())) ? 10
                    : normalise(wish.get(p.peerId()))).thenComparing(byTrust));
            double circumference = ordered.stream().mapToDouble(p -> 2 * radius(p) + GAP).sum();
            double r = Math.max(previous + RING_STEP, circumference / (2 * Math.PI));
            radii.add(r);
            previous = r;
            // Start where the first person wishes to be, so chains line up with their vouchers.
            double start = Double.isNaN(wish.get(ordered.get(0).peerId())) ? -Math.PI / 2
                    : wish.get(ordered.get(0).peerId());
            double used = 0;
            for (Person p : ordered) {
                double share = (2 * radius(p) + GAP) / circumference * 2 * Math.PI;
                double a = ordered.size() == 1 ? start : start + used + share / 2;
                used += share;
                places.put(p.peerId(), new Place(p, r * Math.cos(a), r * Math.sin(a), radius(p), ring));
                angle.put(p.peerId(), a);
            }
        }
        return new Layout(places, radii);
    }

    /** An angle in [0, 2π) measured from the top, so sorting goes clockwise from 12 o'clock. */
    private static double normalise(double a) {
        double t = (a + Math.PI / 2) % (2 * Math.PI);
        return t < 0 ? t + 2 * Math.PI : t;
    }
}
