package org.kith.p2p.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class YamuxConfigTest {

    @Test
    void defaultsMatchGoAndJs() {
        YamuxConfig d = YamuxConfig.DEFAULT;
        assertEquals(256 * 1024, d.initialStreamWindowBytes());
        assertEquals(16 * 1024 * 1024, d.maxStreamWindowBytes());
        assertEquals(64 * 1024, d.maxDataFrameBytes());
        assertEquals(256, d.acceptBacklog());
        assertEquals(1000, d.maxStreams());
        assertEquals(Duration.ofSeconds(30), d.keepAliveInterval());
        assertEquals(Duration.ofSeconds(10), d.keepAliveTimeout());
        assertTrue(d.autoTuning());
        assertTrue(d.keepAliveEnabled());
        assertEquals("/yamux/1.0.0", Yamux.PROTOCOL_ID);
    }

    @Test
    void copiesChangeOneSetting() {
        YamuxConfig c = YamuxConfig.DEFAULT.withWindows(512 * 1024, 512 * 1024).withAcceptBacklog(3).withMaxStreams(7)
                .withMaxDataFrameBytes(2048).withKeepAlive(Duration.ZERO, Duration.ofSeconds(1));
        assertEquals(512 * 1024, c.initialStreamWindowBytes());
        assertFalse(c.autoTuning());
        assertFalse(c.keepAliveEnabled());
        assertEquals(3, c.acceptBacklog());
        assertEquals(7, c.maxStreams());
        assertEquals(2048, c.maxDataFrameBytes());
    }

    @Test
    void rejectsSettingsOutsideTheirBounds() {
        YamuxConfig d = YamuxConfig.DEFAULT;
        assertThrows(IllegalArgumentException.class, () -> d.withWindows(256 * 1024 - 1, 1 << 24));
        assertThrows(IllegalArgumentException.class, () -> d.withWindows(1 << 20, 1 << 19));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxDataFrameBytes(1023));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxDataFrameBytes(256 * 1024 + 1));
        assertThrows(IllegalArgumentException.class, () -> d.withAcceptBacklog(0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxStreams(0));
        assertThrows(IllegalArgumentException.class, () -> d.withKeepAlive(Duration.ofSeconds(-1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> d.withKeepAlive(Duration.ofSeconds(1), Duration.ZERO));
        assertThrows(NullPointerException.class, () -> d.withKeepAlive(null, Duration.ZERO));
    }
}
