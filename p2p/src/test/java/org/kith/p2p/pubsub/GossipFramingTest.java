package org.kith.p2p.pubsub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.p2p.wire.ProtocolException;

/**
 * {@code uvarint(len) ‖ RPC} framing. The decoder works on byte arrays (what a StreamReader
 * receives), so no Netty buffers are involved and there is nothing for a leak detector to track.
 */
class GossipFramingTest {

    private static final int CAP = GossipsubParams.DEFAULT_MAX_RPC_BYTES;

    @Test
    void framesWithAMinimalVarint() {
        assertEquals("00", HexFormat.of().formatHex(RpcFrameDecoder.frame(new byte[0])));
        assertEquals("8001", HexFormat.of().formatHex(RpcFrameDecoder.frame(new byte[128])).substring(0, 4));
    }

    @Test
    void decodesOneByteAtATimeAndTwoFramesInOneChunk() {
        byte[] a = RpcFrameDecoder.frame(new byte[] {1, 2, 3});
        byte[] b = RpcFrameDecoder.frame(new byte[300]);
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);

        RpcFrameDecoder d = new RpcFrameDecoder(CAP);
        List<byte[]> out = new ArrayList<>();
        for (byte x : both) {
            out.addAll(d.feed(new byte[] {x}));
        }
        assertEquals(2, out.size());
        assertArrayEquals(new byte[] {1, 2, 3}, out.get(0));
        assertEquals(300, out.get(1).length);
        assertEquals(0, d.buffered());

        List<byte[]> together = new RpcFrameDecoder(CAP).feed(both);
        assertEquals(2, together.size());
    }

    @Test
    void acceptsExactlyTheCapAndRejectsOneByteMoreBeforeBufferingIt() {
        RpcFrameDecoder d = new RpcFrameDecoder(CAP);
        assertEquals(1, d.feed(RpcFrameDecoder.frame(new byte[CAP])).size());
        RpcFrameDecoder over = new RpcFrameDecoder(CAP);
        // Only the length prefix of a CAP+1 frame: refused before any body arrives.
        byte[] prefix = new byte[] {(byte) 0x81, (byte) 0x80, 0x40};
        ProtocolException e = assertThrows(ProtocolException.class, () -> over.feed(prefix));
        assertTrue(e.reason().contains("exceeds limit"), e.reason());
        assertThrows(ProtocolException.class, () -> over.feed(new byte[] {0}), "dead after a failure");
    }

    @Test
    void rejectsNonMinimalAndOverlongVarints() {
        assertThrows(ProtocolException.class, () -> new RpcFrameDecoder(CAP).feed(new byte[] {(byte) 0x81, 0x00}));
        byte[] tenBytes = new byte[10];
        java.util.Arrays.fill(tenBytes, (byte) 0x80);
        assertThrows(ProtocolException.class, () -> new RpcFrameDecoder(CAP).feed(tenBytes));
    }

    @Test
    void waitsForATruncatedFrame() {
        RpcFrameDecoder d = new RpcFrameDecoder(CAP);
        byte[] f = RpcFrameDecoder.frame(new byte[] {9, 9, 9, 9});
        assertTrue(d.feed(java.util.Arrays.copyOf(f, 3)).isEmpty());
        assertEquals(3, d.buffered());
        assertEquals(1, d.feed(java.util.Arrays.copyOfRange(f, 3, f.length)).size());
    }
}
