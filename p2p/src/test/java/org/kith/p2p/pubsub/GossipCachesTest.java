package org.kith.p2p.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.protocol.identity.PeerId;

/** The message cache's windows and retransmission limit, and the seen cache's TTL. */
class GossipCachesTest {

    private static final PeerId PEER = SimNetwork.key(1).peerId();
    private static final PeerId OTHER = SimNetwork.key(2).peerId();

    private static Rpc.Message msg(int i) {
        return new Rpc.Message(null, new byte[] {(byte) i}, null, "t", null, null);
    }

    @Test
    void servesAnIdAtMostThreeTimesPerPeer() {
        MessageCache c = new MessageCache(5, 3, 3);
        c.put("a", msg(1), "t");
        for (int i = 0; i < 3; i++) {
            assertNotNull(c.serve("a", PEER));
        }
        assertNull(c.serve("a", PEER));
        assertNotNull(c.serve("a", OTHER), "counted per peer");
        assertNull(c.serve("unknown", PEER));
    }

    @Test
    void gossipsTheNewestWindowsAndForgetsAfterTheHistory() {
        MessageCache c = new MessageCache(5, 3, 3);
        c.put("a", msg(1), "t");
        c.put("x", msg(9), "other");
        c.shift();
        c.put("b", msg(2), "t");
        assertEquals(List.of("b", "a"), c.gossipIds("t"));
        c.shift();
        c.shift();
        assertEquals(List.of("b"), c.gossipIds("t"), "a is out of the 3 gossip windows");
        assertTrue(c.contains("a"), "but still served from the 5-window history");
        c.shift();
        c.shift();
        assertFalse(c.contains("a"));
        assertTrue(c.contains("b"));
        c.shift();
        assertEquals(0, c.size());
    }

    @Test
    void seenIdsExpireAfterTheTtlFromFirstSight() {
        SeenCache s = new SeenCache(120_000);
        assertTrue(s.add("a", 0));
        assertFalse(s.add("a", 60_000), "a repeat does not refresh");
        assertTrue(s.add("b", 60_000));
        s.expire(119_999);
        assertTrue(s.contains("a"));
        s.expire(120_000);
        assertFalse(s.contains("a"));
        assertTrue(s.contains("b"));
        assertEquals(1, s.size());
    }
}
