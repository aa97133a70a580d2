package org.kith.p2p.noise;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import org.kith.protocol.identity.Ed25519PublicKey;
import org.kith.protocol.identity.KeyType;

/**
 * Decodes the remote {@code identity_key}: a libp2p {@code PublicKey} protobuf
 * ({@code Type = 1}, {@code Data = 2}; peer-ids spec). Kith accepts Ed25519 identities only, so
 * the type is read first to give a clear reason for RSA, secp256k1 and ECDSA keys.
 */
final class RemoteIdentity {

    private static final int TAG_TYPE = NoiseHandshakePayload.tag(1, WireFormat.WIRETYPE_VARINT);

    private RemoteIdentity() {
    }

    /**
     * @throws NoiseException {@code UNSUPPORTED_KEY_TYPE} for a non-Ed25519 key,
     *     {@code INVALID_IDENTITY_KEY} for anything that is not a canonical Ed25519 PublicKey
     */
    static Ed25519PublicKey decode(byte[] publicKeyProtobuf) throws NoiseException {
        Long type = readType(publicKeyProtobuf);
        if (type == null) {
            throw new NoiseException(NoiseException.Reason.INVALID_IDENTITY_KEY,
                    "identity_key is not a PublicKey protobuf with a key type");
        }
        if (type != KeyType.ED25519.number()) {
            KeyType known = KeyType.forNumber(type);
            throw new NoiseException(NoiseException.Reason.UNSUPPORTED_KEY_TYPE,
                    "identity key type " + (known == null ? Long.toUnsignedString(type) : known.name())
                            + " is not supported; only Ed25519");
        }
        try {
            return Ed25519PublicKey.fromProtobuf(publicKeyProtobuf);
        } catch (IllegalArgumentException e) {
            throw new NoiseException(NoiseException.Reason.INVALID_IDENTITY_KEY,
                    "identity_key is not a valid Ed25519 PublicKey: " + e.getMessage());
        }
    }

    /** The last Type field's value, or {@code null} if absent or the wire format is broken. */
    private static Long readType(byte[] bytes) {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        Long type = null;
        try {
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    return type;
                } else if (tag == TAG_TYPE) {
                    type = in.readUInt64();
                } else if (!in.skipField(tag)) {
                    return null;
                }
            }
        } catch (IOException e) {
            return null;
        }
    }
}
