package org.kith.p2p.mdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerNamesTest {

    @Test
    void namesAreOneLowerCaseAlphanumericLabelOf32To63Characters() {
        Random random = new Random(7);
        Set<Integer> lengths = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            String name = PeerNames.random(random);
            assertTrue(name.matches("[a-z0-9]{32,63}"), name);
            lengths.add(name.length());
        }
        assertEquals(32, lengths.size(), "every length from 32 to 63 occurs");
    }
}
