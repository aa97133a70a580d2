package org.kith.p2p.pubsub;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.Ed25519PublicKey;
import org.kith.protocol.identity.PeerId;

/**
 * StrictSign (pubsub spec §"Message signing"; checklist §9 and pitfall 10). The signed bytes are
 * {@code "libp2p-pubsub:" ‖ Message protobuf without signature and key}; {@code key} is the
 * signer's PublicKey protobuf and, when present, must be the key {@code from} names. Stateless and
 * thread-safe.
 */
final class MessageAuth {

    static final byte[] SIGN_PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);
    static final int SEQNO_BYTES = 8;

    private MessageAuth() {
    }

    /** Why a received message failed authentication; each counts as an invalid delivery (P₄). */
    enum Failure {
        MISSING_FROM, BAD_FROM, MISSING_SEQNO, BAD_SEQNO_LENGTH, MISSING_SIGNATURE, KEY_MISMATCH, UNSUPPORTED_KEY,
        BAD_SIGNATURE, MISSING_TOPIC
    }

    /** A message that passed, or the reason it did not. */
    record Checked(PubsubMessage message, Failure failure) {
    }

    static Rpc.Message sign(Ed25519KeyPair key, PeerId from, byte[] data, long seqno, String topic) {
        Rpc.Message unsigned = new Rpc.Message(from.toBytes(), data, seqnoBytes(seqno), topic, null, null);
        byte[] signature = key.sign(signedBytes(unsigned));
        return unsigned.withAuth(signature, key.publicKey().toProtobuf());
    }

    static byte[] signedBytes(Rpc.Message m) {
        byte[] body = RpcCodec.encodeMessage(m.withoutAuth());
        byte[] out = Arrays.copyOf(SIGN_PREFIX, SIGN_PREFIX.length + body.length);
        System.arraycopy(body, 0, out, SIGN_PREFIX.length, body.length);
        return out;
    }

    /**
     * The structural StrictSign checks (topic, from, 8-byte seqno, signature present, key matching
     * {@code from}), cheap enough to run before the seen-cache lookup; the signature itself is
     * checked by {@link #verify}. {@code receivedFrom} is the propagation source.
     */
    static Checked parse(Rpc.Message m, PeerId receivedFrom) {
        if (m.topic() == null) {
            return fail(Failure.MISSING_TOPIC);
        }
        if (m.from() == null) {
            return fail(Failure.MISSING_FROM);
        }
        PeerId from;
        try {
            from = PeerId.fromBytes(m.from());
        } catch (IllegalArgumentException e) {
            return fail(Failure.BAD_FROM);
        }
        if (m.seqno() == null) {
            return fail(Failure.MISSING_SEQNO);
        }
        if (m.seqno().length != SEQNO_BYTES) {
            return fail(Failure.BAD_SEQNO_LENGTH);
        }
        if (m.signature() == null) {
            return fail(Failure.MISSING_SIGNATURE);
        }
        if (m.key() != null) {
            Ed25519PublicKey key;
            try {
                key = Ed25519PublicKey.fromProtobuf(m.key());
            } catch (RuntimeException e) {
                return fail(Failure.UNSUPPORTED_KEY);
            }
            if (!key.toPeerId().equals(from)) {
                return fail(Failure.KEY_MISMATCH);
            }
        } else if (from.ed25519Key().isEmpty()) {
            return fail(Failure.UNSUPPORTED_KEY);
        }
        byte[] data = m.data() == null ? new byte[0] : m.data();
        return new Checked(new PubsubMessage(from, data, seqno(m.seqno()), m.topic(), null, receivedFrom), null);
    }

    /** Verifies the signature of a message {@link #parse} accepted; null if good, else the failure. */
    static Failure verify(Rpc.Message m, PubsubMessage parsed) {
        Optional<Ed25519PublicKey> key = parsed.from().ed25519Key();
        if (key.isEmpty() && m.key() != null) {
            key = Optional.of(Ed25519PublicKey.fromProtobuf(m.key()));
        }
        if (key.isEmpty()) {
            return Failure.UNSUPPORTED_KEY;
        }
        if (m.signature().length != Ed25519PublicKey.SIGNATURE_BYTES
                || !key.get().verify(signedBytes(m), m.signature())) {
            return Failure.BAD_SIGNATURE;
        }
        return null;
    }

    /** {@link #parse} then {@link #verify}. */
    static Checked check(Rpc.Message m, PeerId receivedFrom) {
        Checked c = parse(m, receivedFrom);
        if (c.failure() != null) {
            return c;
        }
        Failure f = verify(m, c.message());
        return f == null ? c : fail(f);
    }

    private static Checked fail(Failure f) {
        return new Checked(null, f);
    }

    static byte[] seqnoBytes(long seqno) {
        byte[] b = new byte[SEQNO_BYTES];
        for (int i = 0; i < SEQNO_BYTES; i++) {
            b[i] = (byte) (seqno >>> (56 - 8 * i));
        }
        return b;
    }

    static long seqno(byte[] b) {
        long v = 0;
        for (int i = 0; i < SEQNO_BYTES; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }
}
