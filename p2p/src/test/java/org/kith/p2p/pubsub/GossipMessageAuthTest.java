package org.kith.p2p.pubsub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/** StrictSign: what is signed, and every way a received message can fail. */
class GossipMessageAuthTest {

    private static final Ed25519KeyPair KEY = seedKey(0);
    private static final Ed25519KeyPair OTHER = seedKey(100);

    private static Ed25519KeyPair seedKey(int first) {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) (first + i);
        }
        return Ed25519KeyPair.fromSeed(seed);
    }

    private static Rpc.Message signed() {
        return MessageAuth.sign(KEY, KEY.peerId(), "hi".getBytes(StandardCharsets.UTF_8), 0x0102030405060708L, "t");
    }

    @Test
    void signsPrefixPlusMessageWithoutSignatureAndKey() {
        Rpc.Message m = signed();
        byte[] body = RpcCodec.encodeMessage(new Rpc.Message(m.from(), m.data(), m.seqno(), m.topic(), null, null));
        byte[] expected = new byte[14 + body.length];
        System.arraycopy("libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII), 0, expected, 0, 14);
        System.arraycopy(body, 0, expected, 14, body.length);
        assertArrayEquals(expected, MessageAuth.signedBytes(m));
        assertArrayEquals(KEY.publicKey().toProtobuf(), m.key());
        assertEquals("0801122003a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8",
                HexFormat.of().formatHex(m.key()), "the toolchain-facts key vector (seed 00..1f)");
        assertArrayEquals(KEY.peerId().toBytes(), m.from());
        assertEquals("0102030405060708", HexFormat.of().formatHex(m.seqno()));
    }

    @Test
    void acceptsAGoodMessageWithOrWithoutTheKey() {
        MessageAuth.Checked c = MessageAuth.check(signed(), OTHER.peerId());
        assertNull(c.failure());
        assertEquals(KEY.peerId(), c.message().from());
        assertEquals(0x0102030405060708L, c.message().seqno());
        assertEquals(OTHER.peerId(), c.message().receivedFrom());
        Rpc.Message noKey = signed().withAuth(signed().signature(), null);
        assertNull(MessageAuth.check(noKey, OTHER.peerId()).failure(), "key recovered from the Ed25519 peer ID");
    }

    @Test
    void refusesEachBrokenField() {
        Rpc.Message m = signed();
        byte[] badSig = m.signature().clone();
        badSig[5] ^= 1;
        assertEquals(MessageAuth.Failure.BAD_SIGNATURE, fail(m.withAuth(badSig, m.key())));
        assertEquals(MessageAuth.Failure.KEY_MISMATCH, fail(m.withAuth(m.signature(), OTHER.publicKey().toProtobuf())));
        assertEquals(MessageAuth.Failure.UNSUPPORTED_KEY, fail(m.withAuth(m.signature(), new byte[] {8, 0})));
        assertEquals(MessageAuth.Failure.MISSING_SIGNATURE, fail(m.withAuth(null, m.key())));
        assertEquals(MessageAuth.Failure.MISSING_FROM,
                fail(new Rpc.Message(null, m.data(), m.seqno(), m.topic(), m.signature(), m.key())));
        assertEquals(MessageAuth.Failure.BAD_FROM,
                fail(new Rpc.Message(new byte[] {1, 2}, m.data(), m.seqno(), m.topic(), m.signature(), m.key())));
        assertEquals(MessageAuth.Failure.MISSING_SEQNO,
                fail(new Rpc.Message(m.from(), m.data(), null, m.topic(), m.signature(), m.key())));
        assertEquals(MessageAuth.Failure.BAD_SEQNO_LENGTH,
                fail(new Rpc.Message(m.from(), m.data(), new byte[7], m.topic(), m.signature(), m.key())));
        assertEquals(MessageAuth.Failure.MISSING_TOPIC,
                fail(new Rpc.Message(m.from(), m.data(), m.seqno(), null, m.signature(), m.key())));
        assertEquals(MessageAuth.Failure.BAD_SIGNATURE,
                fail(new Rpc.Message(m.from(), "tampered".getBytes(StandardCharsets.UTF_8), m.seqno(), m.topic(),
                        m.signature(), m.key())));
        Rpc.Message spoof = MessageAuth.sign(OTHER, KEY.peerId(), new byte[] {1}, 1, "t");
        assertEquals(MessageAuth.Failure.KEY_MISMATCH, fail(spoof));
        assertEquals(MessageAuth.Failure.BAD_SIGNATURE, fail(spoof.withAuth(spoof.signature(), null)));
    }

    private static MessageAuth.Failure fail(Rpc.Message m) {
        return MessageAuth.check(m, OTHER.peerId()).failure();
    }

    @Test
    void messageIdFunctions() {
        PubsubMessage m = new PubsubMessage(KEY.peerId(), new byte[] {1, 2, 3}, 5, "t", null, KEY.peerId());
        assertEquals("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81",
                HexFormat.of().formatHex(GossipsubConfig.SHA256_DATA_MESSAGE_ID.apply(m)));
        byte[] fromSeqno = GossipsubConfig.FROM_SEQNO_MESSAGE_ID.apply(m);
        PeerId from = KEY.peerId();
        assertEquals(from.toBytes().length + 8, fromSeqno.length);
        assertEquals(5, fromSeqno[fromSeqno.length - 1]);
    }
}
