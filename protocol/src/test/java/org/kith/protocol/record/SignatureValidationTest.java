package org.kith.protocol.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.kith.protocol.record.RecordFixtures.ALICE;
import static org.kith.protocol.record.RecordFixtures.BOB;
import static org.kith.protocol.record.RecordFixtures.NOW;
import static org.kith.protocol.record.RecordFixtures.bytes;
import static org.kith.protocol.record.RecordFixtures.envelope;
import static org.kith.protocol.record.RecordFixtures.indexOf;
import static org.kith.protocol.record.RecordFixtures.json;
import static org.kith.protocol.record.RecordFixtures.obj;
import static org.kith.protocol.record.RecordFixtures.payload;
import static org.kith.protocol.record.RecordFixtures.verifyReason;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Ed25519 signature over "kith-record:v1\n" ‖ payload, under the author's key. */
class SignatureValidationTest {

    private static byte[] payload;
    private static byte[] signature;

    @BeforeAll
    static void signOne() throws Exception {
        payload = json(payload("comment", obj("target", RecordFixtures.PROPOSAL_ID.toString(), "text", "hello")));
        signature = ALICE.sign(SignedRecord.signingInput(payload));
        RecordFixtures.verifier().verify(envelope(payload, signature));
    }

    @Test
    void everySingleBitFlipInThePayloadIsRefusedAndAnyThatStillParsesIsBadSignature() {
        Map<RejectReason, Integer> seen = new EnumMap<>(RejectReason.class);
        for (int i = 0; i < payload.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = payload.clone();
                flipped[i] ^= (byte) (1 << bit);
                RejectReason expected;
                try {
                    PayloadCodec.parse(flipped, NOW);
                    expected = RejectReason.BAD_SIGNATURE;
                } catch (InvalidRecordException e) {
                    expected = e.reason(); // the content check runs before the signature check
                } catch (RuntimeException e) {
                    throw new AssertionError("byte " + i + " bit " + bit + ": " + e, e);
                }
                RejectReason actual = verifyReason(envelope(flipped, signature));
                assertEquals(expected, actual, "byte " + i + " bit " + bit);
                seen.merge(actual, 1, Integer::sum);
            }
        }
        assertEquals(payload.length * 8, seen.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(seen.getOrDefault(RejectReason.BAD_SIGNATURE, 0) > 0, seen.toString());
        assertTrue(seen.size() > 3, "flips should break parsing in several ways: " + seen);
    }

    @Test
    void bitFlipInsideAStringValueThatStaysValidIsBadSignature() {
        int at = indexOf(payload, bytes("\"hello\"")) + 5; // the 'o'
        byte[] flipped = payload.clone();
        flipped[at] ^= 0x01; // 'o' -> 'n': "helln" is still a valid comment
        assertTrue(new String(flipped, StandardCharsets.UTF_8).contains("\"helln\""));
        assertEquals(RejectReason.BAD_SIGNATURE, verifyReason(envelope(flipped, signature)));
    }

    @Test
    void everySingleBitFlipInTheSignatureIsBadSignature() {
        for (int i = 0; i < signature.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] sig = signature.clone();
                sig[i] ^= (byte) (1 << bit);
                assertEquals(RejectReason.BAD_SIGNATURE, verifyReason(envelope(payload, sig)),
                        "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void allZeroAndAllOnesSignaturesAreBadSignature() {
        assertEquals(RejectReason.BAD_SIGNATURE, verifyReason(envelope(payload, new byte[64])));
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 0xFF);
        assertEquals(RejectReason.BAD_SIGNATURE, verifyReason(envelope(payload, ones)));
    }

    @Test
    void malleatedSignatureWithSPlusGroupOrderIsBadSignature() {
        // S' = S + L encodes the same scalar mod L; RFC 8032 requires S < L, so no second envelope.
        BigInteger order = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
        BigInteger s = new BigInteger(1, reverse(Arrays.copyOfRange(signature, 32, 64)));
        byte[] sPlusL = reverse(toFixed32(s.add(order)));
        byte[] malleated = signature.clone();
        System.arraycopy(sPlusL, 0, malleated, 32, 32);
        assertEquals(RejectReason.BAD_SIGNATURE, verifyReason(envelope(payload, malleated)));
    }

    @Test
    void payloadNamingBobSignedByAliceIsBadSignature() {
        byte[] bobs = json(payload("comment", BOB, obj("target", RecordFixtures.PROPOSAL_ID.toString(),
                "text", "hello")));
        byte[] sig = ALICE.sign(SignedRecord.signingInput(bobs));
        assertEquals(RejectReason.BAD_SIGNATURE, verifyReason(envelope(bobs, sig)));
        // ...and Bob's own signature over the same bytes is fine.
        try {
            RecordFixtures.verifier().verify(RecordSigner.signRaw(bobs, BOB));
        } catch (InvalidRecordException e) {
            fail(e.getMessage());
        }
    }

    @Test
    void signatureOverThePayloadWithoutThePrefixIsBadSignature() {
        byte[] noPrefix = ALICE.sign(payload);
        assertEquals(RejectReason.BAD_SIGNATURE, verifyReason(envelope(payload, noPrefix)));
    }

    @Test
    void signatureUnderAnotherDomainPrefixIsBadSignature() {
        for (String prefix : new String[] {"kith-record:v2\n", "kith-record:v1", "kith-swarm-id:v1\n", ""}) {
            byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
            byte[] message = new byte[p.length + payload.length];
            System.arraycopy(p, 0, message, 0, p.length);
            System.arraycopy(payload, 0, message, p.length, payload.length);
            assertEquals(RejectReason.BAD_SIGNATURE, verifyReason(envelope(payload, ALICE.sign(message))),
                    "prefix " + prefix.replace("\n", "\\n"));
        }
    }

    @Test
    void signatureOfAnotherRecordIsBadSignature() throws Exception {
        byte[] other = RecordFixtures.signer(ALICE).sign("public", 1, null, Profile.named("Al")).envelope()
                .signature();
        assertEquals(RejectReason.BAD_SIGNATURE, verifyReason(envelope(payload, other)));
    }

    @Test
    void verifierWithCachedKeyStillChecksEverySignature() throws Exception {
        RecordVerifier verifier = RecordFixtures.verifier();
        verifier.verify(envelope(payload, signature)); // caches Alice's key
        byte[] sig = signature.clone();
        sig[0] ^= 1;
        InvalidRecordException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidRecordException.class,
                () -> verifier.verify(envelope(payload, sig)));
        assertEquals(RejectReason.BAD_SIGNATURE, e.reason());
        verifier.verify(envelope(payload, signature));
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private static byte[] toFixed32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
