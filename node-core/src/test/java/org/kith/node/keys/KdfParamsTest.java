package org.kith.node.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KdfParamsTest {

    /** OWASP Password Storage Cheat Sheet, Argon2id: equivalent minimum (memory KiB, iterations) at p = 1. */
    private static final int[][] OWASP_MINIMUMS = {{47104, 1}, {19456, 2}, {12288, 3}, {9216, 4}, {7168, 5}};

    @Test
    void defaultMeetsAnOwaspMinimum() {
        KdfParams params = KdfParams.DEFAULT;
        boolean meets = false;
        for (int[] minimum : OWASP_MINIMUMS) {
            meets |= params.memoryKiB() >= minimum[0] && params.iterations() >= minimum[1];
        }
        assertTrue(meets, params.toString());
        assertEquals(new KdfParams(65536, 2, 1), params);
    }

    @Test
    void boundsAreInclusive() {
        assertEquals(8, new KdfParams(8, 1, 1).memoryKiB());
        KdfParams max = new KdfParams(KdfParams.MAX_MEMORY_KIB, KdfParams.MAX_ITERATIONS, KdfParams.MAX_PARALLELISM);
        assertEquals(1024 * 1024, max.memoryKiB());
    }

    @ParameterizedTest
    @CsvSource({
        "0, 1, 1, memoryKiB",
        "7, 1, 1, memoryKiB",
        "63, 1, 8, memoryKiB",
        "1048577, 1, 1, memoryKiB",
        "4194304, 1, 1, memoryKiB",
        "2147483647, 1, 1, memoryKiB",
        "-1, 1, 1, memoryKiB",
        "256, 0, 1, iterations",
        "256, 11, 1, iterations",
        "256, -5, 1, iterations",
        "256, 1, 0, parallelism",
        "256, 1, 9, parallelism",
    })
    void outOfBoundsParametersAreRejected(int memoryKiB, int iterations, int parallelism, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KdfParams(memoryKiB, iterations, parallelism));
        assertTrue(e.getMessage().startsWith(named), e.getMessage());
    }
}
