package org.kith.protocol.record;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.kith.protocol.identity.Ed25519PublicKey;
import org.kith.protocol.identity.UnsignedVarint;

/**
 * The envelope every record travels and rests in: {@code SignedRecord { bytes payload = 1;
 * bytes signature = 2; }} (proto3 wire format). The signature is Ed25519 over
 * {@link #SIGNING_PREFIX} ‖ payload.
 *
 * <p>Only the canonical encoding is accepted — field 1 then field 2, each once, minimal
 * lengths, a 64-byte signature, nothing else — so one record has exactly one envelope, and
 * sha256 of the envelope (the gossip message id) is a function of the record.
 *
 * <p>This class checks the envelope's shape only; {@link RecordVerifier} checks the content.
 */
public final class SignedRecord {

    /** Domain separation for record signatures. */
    public static final byte[] SIGNING_PREFIX = "kith-record:v1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final int TAG_PAYLOAD = 0x0A;
    private static final int TAG_SIGNATURE = 0x12;

    private final byte[] payload;
    private final byte[] signature;

    private SignedRecord(byte[] payload, byte[] signature) {
        this.payload = payload;
        this.signature = signature;
    }

    /**
     * @throws IllegalArgumentException if the payload is over the limit or the signature is not
     *     64 bytes
     */
    public static SignedRecord of(byte[] payload, byte[] signature) {
        if (payload.length > Limits.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload over " + Limits.MAX_PAYLOAD_BYTES + " bytes");
        }
        if (signature.length != Ed25519PublicKey.SIGNATURE_BYTES) {
            throw new IllegalArgumentException("signature must be 64 bytes");
        }
        return new SignedRecord(payload.clone(), signature.clone());
    }

    /** Decodes a canonical envelope. */
    public static SignedRecord decode(byte[] bytes) throws InvalidRecordException {
        if (bytes.length > Limits.MAX_ENVELOPE_BYTES) {
            throw new InvalidRecordException(RejectReason.ENVELOPE_TOO_LARGE,
                    bytes.length + " bytes, limit " + Limits.MAX_ENVELOPE_BYTES);
        }
        if (bytes.length < 2 || (bytes[0] & 0xFF) != TAG_PAYLOAD) {
            throw new InvalidRecordException(RejectReason.ENVELOPE_MALFORMED, "must start with the payload field");
        }
        UnsignedVarint.Decoded length;
        try {
            length = UnsignedVarint.decode(bytes, 1);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(RejectReason.ENVELOPE_MALFORMED, "payload length: " + e.getMessage());
        }
        if (length.value() > Limits.MAX_PAYLOAD_BYTES) {
            throw new InvalidRecordException(RejectReason.PAYLOAD_TOO_LARGE,
                    length.value() + " bytes, limit " + Limits.MAX_PAYLOAD_BYTES);
        }
        int payloadStart = 1 + length.length();
        int payloadEnd = payloadStart + (int) length.value();
        int expectedTotal = payloadEnd + 2 + Ed25519PublicKey.SIGNATURE_BYTES;
        if (bytes.length != expectedTotal || (bytes[payloadEnd] & 0xFF) != TAG_SIGNATURE
                || (bytes[payloadEnd + 1] & 0xFF) != Ed25519PublicKey.SIGNATURE_BYTES) {
            throw new InvalidRecordException(RejectReason.ENVELOPE_MALFORMED,
                    "expected exactly a payload field followed by a 64-byte signature field");
        }
        return new SignedRecord(Arrays.copyOfRange(bytes, payloadStart, payloadEnd),
                Arrays.copyOfRange(bytes, payloadEnd + 2, expectedTotal));
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 72);
        out.write(TAG_PAYLOAD);
        UnsignedVarint.write(payload.length, out);
        out.writeBytes(payload);
        out.write(TAG_SIGNATURE);
        out.write(signature.length);
        out.writeBytes(signature);
        return out.toByteArray();
    }

    /** The signed payload bytes (a copy). */
    public byte[] payload() {
        return payload.clone();
    }

    /** The 64-byte signature (a copy). */
    public byte[] signature() {
        return signature.clone();
    }

    int payloadLength() {
        return payload.length;
    }

    byte[] payloadUnsafe() {
        return payload;
    }

    byte[] signatureUnsafe() {
        return signature;
    }

    public RecordId id() {
        return RecordId.ofPayload(payload);
    }

    /** The bytes an Ed25519 signature covers: {@link #SIGNING_PREFIX} ‖ payload. */
    public static byte[] signingInput(byte[] payload) {
        byte[] message = new byte[SIGNING_PREFIX.length + payload.length];
        System.arraycopy(SIGNING_PREFIX, 0, message, 0, SIGNING_PREFIX.length);
        System.arraycopy(payload, 0, message, SIGNING_PREFIX.length, payload.length);
        return message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedRecord other && Arrays.equals(payload, other.payload)
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(payload) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignedRecord[" + id() + ", " + payload.length + " bytes]";
    }
}
