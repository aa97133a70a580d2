package org.kith.p2p.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/**
 * The {@code NoiseHandshakePayload} of the libp2p Noise spec ("The libp2p Handshake Payload"),
 * proto2:
 *
 * <pre>
 * message NoiseHandshakePayload {
 *   optional bytes identity_key = 1;
 *   optional bytes identity_sig = 2;
 *   optional NoiseExtensions extensions = 4;
 * }
 * </pre>
 *
 * Field 3 ({@code data}, from an older revision) is skipped like any unknown field. A repeated
 * singular field keeps its last value and repeated {@code extensions} merge, as protobuf does.
 *
 * @param identityKey the sender's libp2p {@code PublicKey} protobuf, or {@code null} if absent
 * @param identitySig signature over {@code "noise-libp2p-static-key:" ‖ static key}, or {@code null}
 * @param extensions the extensions, or {@code null} if absent
 */
record NoiseHandshakePayload(ByteString identityKey, ByteString identitySig, NoiseExtensions extensions) {

    static final int FIELD_IDENTITY_KEY = 1;
    static final int FIELD_IDENTITY_SIG = 2;
    static final int FIELD_EXTENSIONS = 4;
    /** Far above any key libp2p defines (RSA-8192's PKIX form is about 1.1 KB). */
    static final int MAX_IDENTITY_KEY_BYTES = 2048;
    /** Far above any signature libp2p defines (RSA-8192: 1024 bytes). */
    static final int MAX_IDENTITY_SIG_BYTES = 2048;

    private static final int TAG_IDENTITY_KEY =
            NoiseHandshakePayload.tag(FIELD_IDENTITY_KEY, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TAG_IDENTITY_SIG =
            NoiseHandshakePayload.tag(FIELD_IDENTITY_SIG, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TAG_EXTENSIONS =
            NoiseHandshakePayload.tag(FIELD_EXTENSIONS, WireFormat.WIRETYPE_LENGTH_DELIMITED);

    /** The deterministic encoding: present fields in field-number order. */
    byte[] toByteArray() {
        int extSize = extensions == null ? 0 : extensions.serializedSize();
        int size = 0;
        if (identityKey != null) {
            size += CodedOutputStream.computeBytesSize(FIELD_IDENTITY_KEY, identityKey);
        }
        if (identitySig != null) {
            size += CodedOutputStream.computeBytesSize(FIELD_IDENTITY_SIG, identitySig);
        }
        if (extensions != null) {
            size += CodedOutputStream.computeTagSize(FIELD_EXTENSIONS)
                    + CodedOutputStream.computeUInt32SizeNoTag(extSize) + extSize;
        }
        byte[] out = new byte[size];
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        try {
            if (identityKey != null) {
                cos.writeBytes(FIELD_IDENTITY_KEY, identityKey);
            }
            if (identitySig != null) {
                cos.writeBytes(FIELD_IDENTITY_SIG, identitySig);
            }
            if (extensions != null) {
                cos.writeTag(FIELD_EXTENSIONS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                cos.writeUInt32NoTag(extSize);
                extensions.writeTo(cos);
            }
            cos.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("protobuf size computation was wrong", e);
        }
        return out;
    }

    /**
     * Decodes a payload.
     *
     * @throws NoiseException {@code MALFORMED_PAYLOAD} on bad wire format or a broken limit
     */
    static NoiseHandshakePayload parse(byte[] bytes) throws NoiseException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        ByteString key = null;
        ByteString sig = null;
        NoiseExtensions.Accumulator ext = null;
        try {
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                } else if (tag == TAG_IDENTITY_KEY) {
                    key = ByteString.copyFrom(readBounded(in, MAX_IDENTITY_KEY_BYTES, "identity_key"));
                } else if (tag == TAG_IDENTITY_SIG) {
                    sig = ByteString.copyFrom(readBounded(in, MAX_IDENTITY_SIG_BYTES, "identity_sig"));
                } else if (tag == TAG_EXTENSIONS) {
                    if (ext == null) {
                        ext = new NoiseExtensions.Accumulator();
                    }
                    ext.merge(readBounded(in, bytes.length, "extensions"));
                } else {
                    skipUnknown(in, tag);
                }
            }
        } catch (NoiseException e) {
            throw e;
        } catch (IOException e) {
            throw malformed("NoiseHandshakePayload: " + e.getMessage());
        }
        return new NoiseHandshakePayload(key, sig, ext == null ? null : ext.build());
    }

    /** Reads a length-delimited value after checking its length against {@code max}. */
    static byte[] readBounded(CodedInputStream in, int max, String field) throws IOException, NoiseException {
        int length = in.readRawVarint32();
        if (length < 0 || length > max) {
            throw malformed(field + " of " + Integer.toUnsignedString(length) + " bytes exceeds " + max);
        }
        return in.readRawBytes(length);
    }

    /** Skips an unknown field; a stray end-group tag is malformed (protobuf-java agrees). */
    static void skipUnknown(CodedInputStream in, int tag) throws IOException {
        if (!in.skipField(tag)) {
            throw new InvalidProtocolBufferException("unexpected end-group tag");
        }
    }

    /** A protobuf tag: field number and wire type (protobuf encoding spec, "Message Structure"). */
    static int tag(int fieldNumber, int wireType) {
        return (fieldNumber << 3) | wireType;
    }

    static NoiseException malformed(String detail) {
        return new NoiseException(NoiseException.Reason.MALFORMED_PAYLOAD, detail);
    }
}
