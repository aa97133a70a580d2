package org.kith.p2p.pubsub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.p2p.wire.ProtocolException;

/** The RPC protobuf codec: byte layout per checklist §9, strict and total decoding. */
class GossipRpcCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    private static Rpc full() {
        Rpc.Message m = new Rpc.Message(new byte[] {0, 1, 2}, new byte[] {3}, new byte[8], "t", new byte[] {4},
                new byte[] {5});
        Rpc.Control c = new Rpc.Control(
                List.of(new Rpc.IHave("t", List.of(new byte[] {(byte) 0xFF, 0x00}, new byte[] {1}))),
                List.of(new Rpc.IWant(List.of(new byte[] {(byte) 0x80}))),
                List.of(new Rpc.Graft("t")),
                List.of(new Rpc.Prune("t", List.of(new Rpc.PeerInfo(new byte[] {7}, new byte[] {8}),
                        new Rpc.PeerInfo(new byte[] {9}, null)), 60L)));
        return new Rpc(List.of(new Rpc.SubOpts(true, "t"), new Rpc.SubOpts(false, "u")), List.of(m), c);
    }

    @Test
    void roundTripsEveryFieldIncludingBinaryIdsAndFrom() {
        Rpc rpc = full();
        Rpc back = RpcCodec.decode(RpcCodec.encode(rpc));
        assertEquals(rpc.subscriptions(), back.subscriptions());
        assertEquals(rpc.publish(), back.publish());
        assertArrayEquals(new byte[] {(byte) 0xFF, 0x00}, back.control().ihave().get(0).messageIds().get(0));
        assertArrayEquals(new byte[] {(byte) 0x80}, back.control().iwant().get(0).messageIds().get(0));
        assertEquals("t", back.control().graft().get(0).topic());
        Rpc.Prune p = back.control().prune().get(0);
        assertEquals(60L, p.backoffSeconds());
        assertEquals(2, p.peers().size());
        assertNull(p.peers().get(1).signedPeerRecord());
        assertArrayEquals(RpcCodec.encode(rpc), RpcCodec.encode(back));
    }

    @Test
    void encodesTheExactLayout() {
        // SubOpts{subscribe=true, topicid="t"} inside RPC.subscriptions (field 1).
        assertEquals("0a05080112017" + "4", HEX.formatHex(RpcCodec.encode(
                new Rpc(List.of(new Rpc.SubOpts(true, "t")), List.of(), null))));
        // Message fields in number order: from=1 (bytes), data=2, seqno=3, topic=4, signature=5, key=6.
        assertEquals("0a01aa1201bb1a080000000000000001220174" + "2a01cc" + "3201dd", HEX.formatHex(
                RpcCodec.encodeMessage(new Rpc.Message(new byte[] {(byte) 0xAA}, new byte[] {(byte) 0xBB},
                        MessageAuth.seqnoBytes(1), "t", new byte[] {(byte) 0xCC}, new byte[] {(byte) 0xDD}))));
        // Prune{topicID=1, peers=2{peerID=1}, backoff=3 varint} inside ControlMessage.prune (4), inside RPC.control (3).
        assertEquals("1a0c" + "220a" + "0a0174" + "12030a0101" + "183c", HEX.formatHex(RpcCodec.encode(Rpc.ofControl(
                new Rpc.Control(List.of(), List.of(), List.of(), List.of(new Rpc.Prune("t",
                        List.of(new Rpc.PeerInfo(new byte[] {1}, null)), 60L)))))));
        // IHave{topicID=1, messageIDs=2 bytes}, IWant{messageIDs=1}, Graft{topicID=1}.
        assertEquals("1a12" + "0a060a0174" + "1201ff" + "12030a0180" + "1a030a0174", HEX.formatHex(RpcCodec.encode(
                Rpc.ofControl(new Rpc.Control(List.of(new Rpc.IHave("t", List.of(new byte[] {(byte) 0xFF}))),
                        List.of(new Rpc.IWant(List.of(new byte[] {(byte) 0x80}))), List.of(new Rpc.Graft("t")),
                        List.of())))));
        assertEquals("", HEX.formatHex(RpcCodec.encode(Rpc.EMPTY)));
    }

    @Test
    void keepsAbsentDistinctFromEmpty() {
        Rpc.Message absent = new Rpc.Message(new byte[] {1}, null, null, null, null, null);
        Rpc.Message empty = new Rpc.Message(new byte[] {1}, new byte[0], null, "", null, null);
        assertNull(RpcCodec.decodeMessage(RpcCodec.encodeMessage(absent)).data());
        assertNull(RpcCodec.decodeMessage(RpcCodec.encodeMessage(absent)).topic());
        assertEquals(0, RpcCodec.decodeMessage(RpcCodec.encodeMessage(empty)).data().length);
        assertEquals("", RpcCodec.decodeMessage(RpcCodec.encodeMessage(empty)).topic());
    }

    @Test
    void skipsUnknownFieldsIncludingExtensionsAndIDontWant() {
        byte[] known = RpcCodec.encode(full());
        // RPC field 10 (bytes), field 4000 (varint), field 11 (fixed64), field 12 (fixed32); ControlMessage idontwant=5.
        byte[] extra = HEX.parseHex("5203010203" + "80fa0101" + "590102030405060708" + "6501020304"
                + "1a04" + "2a020a00");
        byte[] both = new byte[known.length + extra.length];
        System.arraycopy(known, 0, both, 0, known.length);
        System.arraycopy(extra, 0, both, known.length, extra.length);
        Rpc back = RpcCodec.decode(both);
        assertEquals(full().subscriptions(), back.subscriptions());
        assertEquals(1, back.control().graft().size(), "a second control field merges into the first");
        assertEquals(1, back.control().prune().size());
    }

    @Test
    void refusesKnownFieldsWithTheWrongWireType() {
        // RPC.subscriptions as a varint.
        ProtocolException e = assertThrows(ProtocolException.class, () -> RpcCodec.decode(HEX.parseHex("0801")));
        assertTrue(e.reason().contains("RPC.subscriptions"), e.reason());
        // SubOpts.subscribe as bytes.
        assertThrows(ProtocolException.class, () -> RpcCodec.decode(HEX.parseHex("0a030a0101")));
        // Prune.backoff as bytes.
        assertThrows(ProtocolException.class, () -> RpcCodec.decode(HEX.parseHex("1a05220318" + "0100")));
    }

    @Test
    void refusesTruncatedAndMalformedInput() {
        byte[] good = RpcCodec.encode(full());
        for (int cut = 1; cut < good.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(good, cut);
            try {
                RpcCodec.decode(truncated);
            } catch (ProtocolException expected) {
                continue;
            }
            // A cut that falls between two top-level fields is a shorter but valid RPC.
            assertTrue(RpcCodec.encode(RpcCodec.decode(truncated)).length <= cut);
        }
        assertThrows(ProtocolException.class, () -> RpcCodec.decode(HEX.parseHex("0a05")), "length past the end");
        assertThrows(ProtocolException.class, () -> RpcCodec.decode(HEX.parseHex("0a0312" + "01ff")),
                "invalid UTF-8 topic");
        assertThrows(ProtocolException.class, () -> RpcCodec.decode(HEX.parseHex("0c")), "stray end-group");
        assertThrows(ProtocolException.class, () -> RpcCodec.decode(HEX.parseHex("00")), "field number 0");
        assertThrows(ProtocolException.class, () -> RpcCodec.decode(HEX.parseHex("0affffffffffffffffff01")),
                "length varint overflow");
    }

    @Test
    void everyByteStringDecodesOrFailsCleanly() {
        java.util.Random r = new java.util.Random(7);
        byte[] good = RpcCodec.encode(full());
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] mutated = good.clone();
            mutated[r.nextInt(mutated.length)] = (byte) r.nextInt(256);
            try {
                RpcCodec.decode(mutated);
                decoded++;
            } catch (ProtocolException expected) {
                assertTrue(expected.reason() != null);
            }
        }
        assertTrue(decoded > 0);
    }
}
