package org.kith.p2p.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReceiveWindowTest {

    private static final int KIB = 1024;
    private static final long MS = 1_000_000L;

    @Test
    void startsWithTheProtocolWindowAndRefusesMore() {
        ReceiveWindow w = new ReceiveWindow(256 * KIB, 16 * 1024 * KIB, 0);
        assertEquals(256 * KIB, w.credit());
        assertFalse(w.onData(256 * KIB + 1));
        assertEquals(256 * KIB, w.credit());
        assertTrue(w.onData(256 * KIB));
        assertEquals(0, w.credit());
        assertFalse(w.onData(1));
    }

    @Test
    void largerInitialWindowIsGrantedByTheFirstForcedUpdate() {
        ReceiveWindow w = new ReceiveWindow(1024 * KIB, 1024 * KIB, 0);
        assertEquals(768 * KIB, w.takeUpdate(true, 0, -1));
        assertEquals(1024 * KIB, w.credit());
    }

    @Test
    void noUpdateUntilHalfTheWindowIsConsumed() {
        ReceiveWindow w = new ReceiveWindow(256 * KIB, 256 * KIB, 0);
        assertTrue(w.onData(200 * KIB));
        assertEquals(0, w.takeUpdate(false, 0, -1), "buffered bytes still count against the window");
        w.onConsumed(128 * KIB - 1);
        assertEquals(0, w.takeUpdate(false, 0, -1));
        w.onConsumed(1);
        assertEquals(128 * KIB, w.takeUpdate(false, 0, -1));
        assertEquals(56 * KIB + 128 * KIB, w.credit());
        assertEquals(72 * KIB, w.buffered());
    }

    @Test
    void forcedUpdateGoesOutEvenWithNothingToGrant() {
        ReceiveWindow w = new ReceiveWindow(256 * KIB, 256 * KIB, 0);
        assertEquals(0, w.takeUpdate(true, 0, -1));
        assertTrue(w.onData(10));
        w.onConsumed(10);
        assertEquals(10, w.takeUpdate(true, 0, -1));
    }

    @Test
    void doublesWhenAWindowIsConsumedWithinFourRoundTrips() {
        ReceiveWindow w = new ReceiveWindow(256 * KIB, 1024 * KIB, 0);
        assertTrue(w.onData(256 * KIB));
        w.onConsumed(256 * KIB);
        // 4 ms after the start, RTT 1 ms: fast enough, the window doubles.
        assertEquals(512 * KIB, w.takeUpdate(false, 4 * MS, MS));
        assertEquals(512 * KIB, w.window());
        assertTrue(w.onData(512 * KIB));
        w.onConsumed(512 * KIB);
        assertEquals(1024 * KIB, w.takeUpdate(false, 5 * MS, MS));
        assertTrue(w.onData(1024 * KIB));
        w.onConsumed(1024 * KIB);
        assertEquals(1024 * KIB, w.takeUpdate(false, 6 * MS, MS), "capped at the maximum");
        assertEquals(1024 * KIB, w.window());
    }

    @Test
    void doesNotGrowWhenSlowOrRttUnknown() {
        ReceiveWindow w = new ReceiveWindow(256 * KIB, 1024 * KIB, 0);
        assertTrue(w.onData(256 * KIB));
        w.onConsumed(256 * KIB);
        assertEquals(256 * KIB, w.takeUpdate(false, 5 * MS, MS), "5 ms > 4 RTT");
        assertTrue(w.onData(256 * KIB));
        w.onConsumed(256 * KIB);
        assertEquals(256 * KIB, w.takeUpdate(false, 5 * MS, -1), "RTT unknown");
        assertEquals(256 * KIB, w.window());
    }

    @Test
    void forcedUpdatesNeverGrowTheWindow() {
        ReceiveWindow w = new ReceiveWindow(256 * KIB, 1024 * KIB, 0);
        assertTrue(w.onData(256 * KIB));
        w.onConsumed(256 * KIB);
        assertEquals(256 * KIB, w.takeUpdate(true, 0, 0));
        assertEquals(256 * KIB, w.window());
    }

    @Test
    void unsignedMaximumWindowDoesNotWrap() {
        ReceiveWindow w = new ReceiveWindow(256 * KIB, YamuxFrame.MAX_UINT32, 0);
        long granted = 0;
        for (int i = 0; i < 20; i++) {
            long credit = w.credit();
            assertTrue(w.onData(credit));
            w.onConsumed(credit);
            granted = w.takeUpdate(false, 0, 0);
            assertTrue(granted > 0 && granted <= YamuxFrame.MAX_UINT32);
            assertTrue(w.window() <= YamuxFrame.MAX_UINT32);
        }
        assertEquals(YamuxFrame.MAX_UINT32, w.window());
        assertEquals(YamuxFrame.MAX_UINT32, granted);
    }

    @Test
    void rejectsInconsistentSizesAndOverConsumption() {
        assertThrows(IllegalArgumentException.class, () -> new ReceiveWindow(1024, 1 << 20, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReceiveWindow(512 * KIB, 256 * KIB, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReceiveWindow(256 * KIB, 1L << 32, 0));
        ReceiveWindow w = new ReceiveWindow(256 * KIB, 256 * KIB, 0);
        assertThrows(IllegalStateException.class, () -> w.onConsumed(1));
    }
}
