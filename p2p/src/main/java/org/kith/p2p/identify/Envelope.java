package org.kith.p2p.identify;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.Ed25519PublicKey;
import org.kith.protocol.identity.UnsignedVarint;

/**
 * A libp2p signed envelope (RFC 0002): {@code public_key=1, payload_type=2, payload=3,
 * signature=5}. The signature covers {@code uvarint(len(domain)) ‖ domain ‖
 * uvarint(len(type)) ‖ type ‖ uvarint(len(payload)) ‖ payload}, so a signature made for one
 * domain is never valid in another. Only Ed25519 signers are accepted. Immutable.
 */
public final class Envelope {

    /** Largest envelope read. */
    public static final int MAX_BYTES = 4 * 1024;

    private final Ed25519PublicKey publicKey;
    private final byte[] payloadType;
    private final byte[] payload;
    private final byte[] signature;

    private Envelope(Ed25519PublicKey publicKey, byte[] payloadType, byte[] payload, byte[] signature) {
        this.publicKey = publicKey;
        this.payloadType = payloadType;
        this.payload = payload;
        this.signature = signature;
    }

    /** Signs {@code payload} for {@code domain}. */
    public static Envelope seal(Ed25519KeyPair key, String domain, byte[] payloadType, byte[] payload) {
        byte[] signature = key.sign(signingInput(domain, payloadType, payload));
        return new Envelope(key.publicKey(), payloadType.clone(), payload.clone(), signature);
    }

    /**
     * Decodes and verifies an envelope for {@code domain} and {@code expectedType}.
     *
     * @throws IllegalArgumentException if malformed, not Ed25519, of another type, or the
     *     signature does not verify
     */
    public static Envelope open(byte[] bytes, String domain, byte[] expectedType) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("envelope over " + MAX_BYTES + " bytes");
        }
        byte[] key = null;
        byte[] type = null;
        byte[] payload = null;
        byte[] signature = null;
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                boolean known = field == 1 || field == 2 || field == 3 || field == 5;
                if (known && WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    throw new IllegalArgumentException("envelope field " + field + " has the wrong wire type");
                }
                switch (field) {
                    case 1 -> key = in.readByteArray();
                    case 2 -> type = in.readByteArray();
                    case 3 -> payload = in.readByteArray();
                    case 5 -> signature = in.readByteArray();
                    default -> in.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed envelope: " + e.getMessage(), e);
        }
        if (key == null || type == null || payload == null || signature == null) {
            throw new IllegalArgumentException("envelope lacks a field");
        }
        if (!Arrays.equals(type, expectedType)) {
            throw new IllegalArgumentException("envelope payload type is not the expected one");
        }
        Ed25519PublicKey publicKey = Ed25519PublicKey.fromProtobuf(key);
        if (!publicKey.verify(signingInput(domain, type, payload), signature)) {
            throw new IllegalArgumentException("envelope signature does not verify");
        }
        return new Envelope(publicKey, type, payload, signature);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeByteArray(1, publicKey.toProtobuf());
            out.writeByteArray(2, payloadType);
            out.writeByteArray(3, payload);
            out.writeByteArray(5, signature);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static byte[] signingInput(String domain, byte[] type, byte[] payload) {
        byte[] d = domain.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(d.length + type.length + payload.length + 12);
        UnsignedVarint.write(d.length, out);
        out.writeBytes(d);
        UnsignedVarint.write(type.length, out);
        out.writeBytes(type);
        UnsignedVarint.write(payload.length, out);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    public byte[] payload() {
        return payload.clone();
    }
}
