package org.kith.p2p.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The gossip benchmark's topology, identical to interop/lib/graph.mjs for the same inputs: a
 * ring (so the graph is connected) plus, for every node, random extra links until it has dialed
 * {@code degree}, drawn from a 32-bit xorshift generator seeded with {@code seed}.
 */
public final class BenchGraph {

    private BenchGraph() {
    }

    /** Undirected edges {dialer, listener}, each once. */
    public static List<int[]> edges(int hosts, int degree, int seed) {
        int[] x = {seed == 0 ? 1 : seed};
        List<int[]> edges = new ArrayList<>();
        Set<Long> has = new HashSet<>();
        for (int i = 0; i < hosts && hosts > 1; i++) {
            add(edges, has, i, (i + 1) % hosts);
        }
        for (int i = 0; i < hosts; i++) {
            int dialed = 1;
            int tries = 0;
            while (dialed < degree && tries < 100 * degree) {
                tries++;
                int next = next(x);
                if (add(edges, has, i, (int) (Integer.toUnsignedLong(next) % hosts))) {
                    dialed++;
                }
            }
        }
        return edges;
    }

    private static int next(int[] state) {
        int v = state[0];
        v ^= v << 13;
        v ^= v >>> 17;
        v ^= v << 5;
        state[0] = v;
        return v;
    }

    private static boolean add(List<int[]> edges, Set<Long> has, int a, int b) {
        if (a == b) {
            return false;
        }
        long key = ((long) Math.min(a, b) << 32) | Math.max(a, b);
        if (!has.add(key)) {
            return false;
        }
        edges.add(new int[] {a, b});
        return true;
    }
}
