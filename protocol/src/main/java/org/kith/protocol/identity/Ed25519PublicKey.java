package org.kith.protocol.identity;

import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key (RFC 8032), with the libp2p {@code PublicKey} protobuf encoding.
 *
 * <p>Immutable and thread-safe. The decoded curve point is computed once at construction, so
 * verifying many signatures by one author does not decode the key again.
 */
public final class Ed25519PublicKey {

    public static final int KEY_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;
    /** Length of the libp2p PublicKey protobuf of an Ed25519 key: {@code 08 01 12 20 ‖ key}. */
    public static final int PROTOBUF_BYTES = 4 + KEY_BYTES;

    private final byte[] raw;
    private final Ed25519PublicKeyParameters params;

    private Ed25519PublicKey(byte[] raw) {
        this.raw = raw;
        try {
            this.params = new Ed25519PublicKeyParameters(raw, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid Ed25519 point", e);
        }
    }

    /**
     * @throws IllegalArgumentException if not 32 bytes or not a valid point encoding
     */
    public static Ed25519PublicKey fromRaw(byte[] raw) {
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, got " + raw.length);
        }
        // The parameters' constructor decodes (and so validates) the point once.
        return new Ed25519PublicKey(raw.clone());
    }

    /**
     * Decodes the libp2p PublicKey protobuf. Only the canonical, deterministic encoding is
     * accepted (type then data, both present, nothing else), as the peer-ids spec requires.
     *
     * @throws IllegalArgumentException for any other key type or encoding
     */
    public static Ed25519PublicKey fromProtobuf(byte[] encoded) {
        if (encoded.length < 4) {
            throw new IllegalArgumentException("PublicKey protobuf truncated");
        }
        if ((encoded[0] & 0xFF) != 0x08) {
            throw new IllegalArgumentException("PublicKey protobuf must start with the Type field");
        }
        UnsignedVarint.Decoded type = UnsignedVarint.decode(encoded, 1);
        KeyType keyType = KeyType.forNumber(type.value());
        if (keyType != KeyType.ED25519) {
            throw new IllegalArgumentException("unsupported key type " + (keyType == null ? type.value() : keyType));
        }
        int p = 1 + type.length();
        if (encoded.length != PROTOBUF_BYTES || p != 2 || (encoded[2] & 0xFF) != 0x12
                || (encoded[3] & 0xFF) != KEY_BYTES) {
            throw new IllegalArgumentException("Ed25519 PublicKey protobuf must be 08 01 12 20 followed by 32 bytes");
        }
        return fromRaw(Arrays.copyOfRange(encoded, 4, PROTOBUF_BYTES));
    }

    /** The 32 raw key bytes (a copy). */
    public byte[] raw() {
        return raw.clone();
    }

    /** The libp2p PublicKey protobuf: {@code 08 01 12 20 ‖ key}. */
    public byte[] toProtobuf() {
        byte[] out = new byte[PROTOBUF_BYTES];
        out[0] = 0x08;
        out[1] = (byte) KeyType.ED25519.number();
        out[2] = 0x12;
        out[3] = KEY_BYTES;
        System.arraycopy(raw, 0, out, 4, KEY_BYTES);
        return out;
    }

    public PeerId toPeerId() {
        return PeerId.fromPublicKey(this);
    }

    /** Verifies a plain RFC 8032 signature (no prehash, no context) over {@code message}. */
    public boolean verify(byte[] message, byte[] signature) {
        return verify(message, 0, message.length, signature);
    }

    public boolean verify(byte[] message, int offset, int length, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        return params.verify(Ed25519.Algorithm.Ed25519, null, message, offset, length, signature, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + toPeerId() + "]";
    }
}
