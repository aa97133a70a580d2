package org.kith.p2p.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchGraphTest {

    /** What interop/lib/graph.mjs gives for (12, 4, 42): both benchmarks must run on the same graph. */
    private static final int[][] JS_12_4_42 = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 7}, {7, 8}, {8, 9}, {9, 10}, {10, 11}, {11, 0}, {0, 4}, {0, 3}, {0, 8}, {1, 6}, {1, 10}, {1, 7}, {2, 11}, {2, 10}, {2, 7}, {3, 8}, {3, 1}, {3, 9}, {4, 7}, {4, 6}, {4, 9}, {5, 3}, {5, 8}, {5, 2}, {6, 11}, {6, 0}, {6, 3}, {7, 9}, {7, 10}, {7, 0}, {8, 6}, {8, 1}, {8, 2}, {9, 1}, {9, 11}, {9, 5}, {10, 0}, {10, 5}, {10, 8}, {11, 5}, {11, 1}, {11, 8}};

    @Test
    void sameEdgesAsTheJsBenchmark() {
        List<int[]> edges = BenchGraph.edges(12, 4, 42);
        assertEquals(JS_12_4_42.length, edges.size());
        for (int i = 0; i < edges.size(); i++) {
            assertArrayEquals(JS_12_4_42[i], edges.get(i), "edge " + i);
        }
    }

    @Test
    void everyNodeIsOnTheRing() {
        List<int[]> edges = BenchGraph.edges(5, 1, 7);
        assertEquals(5, edges.size());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(new int[] {i, (i + 1) % 5}, edges.get(i));
        }
    }
}
