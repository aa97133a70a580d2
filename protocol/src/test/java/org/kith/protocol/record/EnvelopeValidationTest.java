package org.kith.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.protocol.record.RecordFixtures.ALICE;
import static org.kith.protocol.record.RecordFixtures.concat;
import static org.kith.protocol.record.RecordFixtures.envelope;
import static org.kith.protocol.record.RecordFixtures.hex;
import static org.kith.protocol.record.RecordFixtures.verifyReason;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.protocol.identity.UnsignedVarint;

/** The SignedRecord envelope: only the canonical two-field protobuf is accepted. */
class EnvelopeValidationTest {

    private static byte[] payload;
    private static byte[] signature;
    private static byte[] valid;

    @BeforeAll
    static void signOne() throws Exception {
        VerifiedRecord r = RecordFixtures.signer(ALICE).sign("public", 1, null, Profile.named("Al"));
        payload = r.envelope().payload();
        signature = r.envelope().signature();
        valid = r.envelope().encode();
    }

    private static RejectReason decodeReason(byte[] bytes) {
        return assertThrows(InvalidRecordException.class, () -> SignedRecord.decode(bytes)).reason();
    }

    /** Asserts both the decoder and the verifier refuse with {@code expected}. */
    private static void assertRefused(RejectReason expected, byte[] bytes) {
        assertEquals(expected, decodeReason(bytes), "SignedRecord.decode");
        assertEquals(expected, verifyReason(bytes), "RecordVerifier.verify");
    }

    private static byte[] protobuf(ProtoWriter w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        w.write(cos);
        cos.flush();
        return out.toByteArray();
    }

    interface ProtoWriter {
        void write(CodedOutputStream cos) throws IOException;
    }

    /** The input is well-formed protobuf (so refusing it is about canonical form, not garbage). */
    private static void assertParsesAsProtobuf(byte[] bytes) throws IOException {
        UnknownFieldSet.parseFrom(bytes);
    }

    @Test
    void validEnvelopeVerifies() throws Exception {
        assertEquals(Profile.named("Al"), RecordFixtures.verifier().verify(valid).body());
    }

    @Test
    void emptyInputIsMalformed() {
        assertRefused(RejectReason.ENVELOPE_MALFORMED, new byte[0]);
    }

    @Test
    void garbageBytesAreMalformed() {
        assertRefused(RejectReason.ENVELOPE_MALFORMED, RecordFixtures.bytes("hello, world"));
        assertRefused(RejectReason.ENVELOPE_MALFORMED, new byte[] {0x0A});
        assertRefused(RejectReason.ENVELOPE_MALFORMED, new byte[100]);
        assertRefused(RejectReason.ENVELOPE_MALFORMED, RecordFixtures.json(RecordFixtures.payload("profile",
                RecordFixtures.obj("name", "bare payload, no envelope"))));
    }

    @Test
    void seededRandomGarbageIsRefusedWithEnvelopeReasons() {
        Random random = new Random(0xE17E10FEL);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            if (random.nextBoolean() && bytes.length > 0) {
                bytes[0] = 0x0A; // get past the first check more often
            }
            RejectReason reason = decodeReason(bytes);
            assertTrue(reason == RejectReason.ENVELOPE_MALFORMED || reason == RejectReason.PAYLOAD_TOO_LARGE,
                    "iteration " + i + ": " + reason);
        }
    }

    @Test
    void everyStrictPrefixOfAValidEnvelopeIsMalformed() {
        for (int length = 0; length < valid.length; length++) {
            byte[] prefix = Arrays.copyOf(valid, length);
            assertEquals(RejectReason.ENVELOPE_MALFORMED, decodeReason(prefix), "prefix of " + length + " bytes");
            assertEquals(RejectReason.ENVELOPE_MALFORMED, verifyReason(prefix), "prefix of " + length + " bytes");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x0A, 0x12, 0xFF})
    void trailingByteIsMalformed(int extra) {
        assertRefused(RejectReason.ENVELOPE_MALFORMED, concat(valid, new byte[] {(byte) extra}));
    }

    @Test
    void fieldsInReverseOrderAreMalformedThoughValidProtobuf() throws Exception {
        byte[] reversed = protobuf(cos -> {
            cos.writeBytes(2, ByteString.copyFrom(signature));
            cos.writeBytes(1, ByteString.copyFrom(payload));
        });
        assertParsesAsProtobuf(reversed);
        assertEquals(valid.length, reversed.length);
        assertRefused(RejectReason.ENVELOPE_MALFORMED, reversed);
    }

    @Test
    void unknownExtraFieldIsMalformedWhereverItIs() throws Exception {
        byte[] after = protobuf(cos -> {
            cos.writeBytes(1, ByteString.copyFrom(payload));
            cos.writeBytes(2, ByteString.copyFrom(signature));
            cos.writeUInt64(3, 1);
        });
        byte[] before = protobuf(cos -> {
            cos.writeUInt64(3, 1);
            cos.writeBytes(1, ByteString.copyFrom(payload));
            cos.writeBytes(2, ByteString.copyFrom(signature));
        });
        byte[] between = protobuf(cos -> {
            cos.writeBytes(1, ByteString.copyFrom(payload));
            cos.writeString(15, "x");
            cos.writeBytes(2, ByteString.copyFrom(signature));
        });
        for (byte[] b : new byte[][] {after, before, between}) {
            assertParsesAsProtobuf(b);
            assertRefused(RejectReason.ENVELOPE_MALFORMED, b);
        }
    }

    @Test
    void repeatedFieldsAreMalformed() throws Exception {
        byte[] twoPayloads = protobuf(cos -> {
            cos.writeBytes(1, ByteString.copyFrom(payload));
            cos.writeBytes(1, ByteString.copyFrom(payload));
            cos.writeBytes(2, ByteString.copyFrom(signature));
        });
        byte[] twoSignatures = protobuf(cos -> {
            cos.writeBytes(1, ByteString.copyFrom(payload));
            cos.writeBytes(2, ByteString.copyFrom(signature));
            cos.writeBytes(2, ByteString.copyFrom(signature));
        });
        assertRefused(RejectReason.ENVELOPE_MALFORMED, twoPayloads);
        assertRefused(RejectReason.ENVELOPE_MALFORMED, twoSignatures);
    }

    @Test
    void missingSignatureFieldIsMalformed() throws Exception {
        byte[] onlyPayload = protobuf(cos -> cos.writeBytes(1, ByteString.copyFrom(payload)));
        byte[] onlySignature = protobuf(cos -> cos.writeBytes(2, ByteString.copyFrom(signature)));
        assertRefused(RejectReason.ENVELOPE_MALFORMED, onlyPayload);
        assertRefused(RejectReason.ENVELOPE_MALFORMED, onlySignature);
    }

    @Test
    void nonMinimalPayloadLengthVarintIsMalformed() throws Exception {
        // The same value with one more (zero) 7-bit group: valid LEB128, but not minimal.
        byte[] minimal = UnsignedVarint.encode(payload.length);
        byte[] padded = Arrays.copyOf(minimal, minimal.length + 1);
        padded[minimal.length - 1] |= (byte) 0x80;
        byte[] bytes = concat(new byte[] {0x0A}, padded, payload, new byte[] {0x12, 0x40}, signature);
        assertParsesAsProtobuf(bytes); // protobuf itself tolerates padded varints
        assertRefused(RejectReason.ENVELOPE_MALFORMED, bytes);
    }

    @Test
    void nonMinimalSignatureLengthVarintIsMalformed() throws Exception {
        byte[] bytes = concat(Arrays.copyOf(valid, valid.length - 65), new byte[] {(byte) 0xC0, 0x00}, signature);
        assertParsesAsProtobuf(bytes);
        assertRefused(RejectReason.ENVELOPE_MALFORMED, bytes);
    }

    @Test
    void wrongWireTypeForPayloadIsMalformed() {
        // Field 1 as a varint (tag 0x08) instead of length-delimited bytes.
        byte[] bytes = concat(new byte[] {0x08, 0x01}, new byte[] {0x12, 0x40}, signature);
        assertRefused(RejectReason.ENVELOPE_MALFORMED, bytes);
    }

    @Test
    void signatureOf63Or65BytesIsMalformed() {
        assertRefused(RejectReason.ENVELOPE_MALFORMED, envelope(payload, Arrays.copyOf(signature, 63)));
        assertRefused(RejectReason.ENVELOPE_MALFORMED, envelope(payload, Arrays.copyOf(signature, 65)));
        assertRefused(RejectReason.ENVELOPE_MALFORMED, envelope(payload, new byte[0]));
        // Declared 64 but the signature is 63 bytes long: the total length gives it away.
        byte[] shortSig = Arrays.copyOf(valid, valid.length - 1);
        assertRefused(RejectReason.ENVELOPE_MALFORMED, shortSig);
        assertThrows(IllegalArgumentException.class, () -> SignedRecord.of(payload, Arrays.copyOf(signature, 63)));
        assertThrows(IllegalArgumentException.class, () -> SignedRecord.of(payload, Arrays.copyOf(signature, 65)));
    }

    @Test
    void hugeDeclaredPayloadLengthInTinyBufferIsRefusedWithoutAllocating() {
        // Lengths up to 2^63 - 1: any attempt to allocate them would throw an Error, not refuse.
        byte[] max = concat(new byte[] {0x0A}, UnsignedVarint.encode(Long.MAX_VALUE));
        byte[] justOver = concat(new byte[] {0x0A}, UnsignedVarint.encode(Limits.MAX_PAYLOAD_BYTES + 1L));
        byte[] intOverflow = concat(new byte[] {0x0A}, UnsignedVarint.encode(0xFFFF_FFFFL), new byte[] {0x12});
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertRefused(RejectReason.PAYLOAD_TOO_LARGE, max);
            assertRefused(RejectReason.PAYLOAD_TOO_LARGE, justOver);
            assertRefused(RejectReason.PAYLOAD_TOO_LARGE, intOverflow);
        });
    }

    @Test
    void declaredPayloadLengthAtTheLimitInTinyBufferIsMalformed() {
        byte[] bytes = concat(new byte[] {0x0A}, UnsignedVarint.encode(Limits.MAX_PAYLOAD_BYTES), new byte[] {1, 2});
        assertRefused(RejectReason.ENVELOPE_MALFORMED, bytes);
    }

    @Test
    void payloadLengthVarintLongerThanAllowedIsMalformed() {
        byte[] tenBytes = hex("0A FF FF FF FF FF FF FF FF FF 01");
        assertRefused(RejectReason.ENVELOPE_MALFORMED, tenBytes);
        assertRefused(RejectReason.ENVELOPE_MALFORMED, hex("0A 80")); // truncated varint
    }

    @Test
    void envelopeOverMaxEnvelopeBytesIsTooLarge() {
        byte[] over = new byte[Limits.MAX_ENVELOPE_BYTES + 1];
        over[0] = 0x0A;
        assertRefused(RejectReason.ENVELOPE_TOO_LARGE, over);
        // Even when well-formed: the size check comes first.
        byte[] wellFormed = envelope(new byte[Limits.MAX_ENVELOPE_BYTES], signature);
        assertRefused(RejectReason.ENVELOPE_TOO_LARGE, wellFormed);
    }

    @Test
    void envelopeOfExactlyMaxEnvelopeBytesIsNotTooLarge() {
        byte[] atLimit = new byte[Limits.MAX_ENVELOPE_BYTES];
        atLimit[0] = 0x0A;
        assertRefused(RejectReason.ENVELOPE_MALFORMED, atLimit);
    }

    @Test
    void wellFormedEnvelopeWithPayloadOverLimitIsPayloadTooLarge() {
        byte[] big = new byte[Limits.MAX_PAYLOAD_BYTES + 1];
        byte[] bytes = envelope(big, signature);
        assertTrue(bytes.length <= Limits.MAX_ENVELOPE_BYTES);
        assertRefused(RejectReason.PAYLOAD_TOO_LARGE, bytes);
        assertThrows(IllegalArgumentException.class, () -> SignedRecord.of(big, signature));
    }

    @Test
    void largestPossibleEnvelopeFitsTheEnvelopeLimit() {
        int largest = 1 + UnsignedVarint.encodedLength(Limits.MAX_PAYLOAD_BYTES) + Limits.MAX_PAYLOAD_BYTES + 2 + 64;
        assertTrue(largest <= Limits.MAX_ENVELOPE_BYTES, largest + " > " + Limits.MAX_ENVELOPE_BYTES);
        assertEquals(largest, SignedRecord.of(new byte[Limits.MAX_PAYLOAD_BYTES], signature).encode().length);
    }

    @Test
    void emptyPayloadFieldDecodesButIsNotJson() throws Exception {
        byte[] bytes = envelope(new byte[0], signature);
        assertEquals(0, SignedRecord.decode(bytes).payload().length);
        assertEquals(RejectReason.JSON_MALFORMED, verifyReason(bytes));
    }

    @Test
    void decodeCopiesAndEncodeRestoresTheExactBytes() throws Exception {
        byte[] copy = valid.clone();
        SignedRecord r = SignedRecord.decode(copy);
        Arrays.fill(copy, (byte) 0);
        assertArrayEquals(payload, r.payload());
        assertArrayEquals(signature, r.signature());
        assertArrayEquals(valid, r.encode());
        // Accessors hand out copies.
        r.payload()[0] ^= 1;
        assertArrayEquals(payload, r.payload());
    }
}
