package org.kith.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.protocol.record.RecordFixtures.ALICE;
import static org.kith.protocol.record.RecordFixtures.NOW;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of valid records. Reading is total: whatever the bytes, the result is
 * a verified record or an {@link InvalidRecordException}, never any other exception.
 */
class MutationFuzzTest {

    private static final int MUTATIONS = 5_000;
    private static final byte[] INTERESTING = {0x00, (byte) 0xFF, 0x0A, 0x12, 0x40, 0x7F, (byte) 0x80, (byte) 0xC0,
        (byte) 0xED, (byte) 0xEF, '"', '\\', '{', '}', '[', ']', ',', ':', '0', '1', '9', '-', '.', 'e', 'E', 'u',
        'n', 't', 'f', ' '};

    private static List<byte[]> payloads;
    private static List<byte[]> envelopes;

    @BeforeAll
    static void validRecords() {
        payloads = new ArrayList<>();
        envelopes = new ArrayList<>();
        for (var p : RecordFixtures.validPayloads().values()) {
            byte[] payload = RecordFixtures.json(p.get());
            payloads.add(payload);
            envelopes.add(RecordFixtures.signedEnvelope(payload, ALICE));
        }
    }

    /** One to three random edits: bit flips, byte insert/delete/overwrite, truncation, duplication. */
    static byte[] mutate(byte[] original, Random random) {
        byte[] b = original;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int op = random.nextInt(7);
            int at = b.length == 0 ? 0 : random.nextInt(b.length);
            switch (op) {
                case 0, 1 -> { // bit flip
                    if (b.length > 0) {
                        b = b.clone();
                        b[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 2 -> { // insert a byte
                    byte[] n = new byte[b.length + 1];
                    System.arraycopy(b, 0, n, 0, at);
                    n[at] = random.nextBoolean() ? (byte) random.nextInt(256)
                            : INTERESTING[random.nextInt(INTERESTING.length)];
                    System.arraycopy(b, at, n, at + 1, b.length - at);
                    b = n;
                }
                case 3 -> { // delete a byte
                    if (b.length > 0) {
                        byte[] n = new byte[b.length - 1];
                        System.arraycopy(b, 0, n, 0, at);
                        System.arraycopy(b, at + 1, n, at, b.length - at - 1);
                        b = n;
                    }
                }
                case 4 -> b = Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length)); // truncate
                case 5 -> { // overwrite with an interesting byte
                    if (b.length > 0) {
                        b = b.clone();
                        b[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                    }
                }
                default -> { // duplicate a short range in place
                    int len = Math.min(b.length - at, 1 + random.nextInt(16));
                    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + len);
                    out.write(b, 0, at + len);
                    out.write(b, at, len);
                    out.write(b, at + len, b.length - at - len);
                    b = out.toByteArray();
                }
            }
        }
        return b;
    }

    @Test
    void mutatedEnvelopesVerifyOnlyIfUnchangedAndOtherwiseFailWithInvalidRecordException() {
        Random random = new Random(20260301L);
        RecordVerifier verifier = RecordFixtures.verifier();
        Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
        int unchanged = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] original = envelopes.get(i % envelopes.size());
            byte[] mutated = mutate(original, random);
            try {
                VerifiedRecord v = verifier.verify(mutated);
                assertArrayEquals(original, mutated, "mutation " + i + " changed the bytes yet verified");
                assertArrayEquals(original, v.envelope().encode());
                unchanged++;
            } catch (InvalidRecordException e) {
                assertTrue(!Arrays.equals(original, mutated), "mutation " + i + ": unchanged bytes refused: " + e);
                reasons.merge(e.reason(), 1, Integer::sum);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("mutation " + i + " threw " + e, e);
            }
        }
        assertEquals(MUTATIONS, unchanged + reasons.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(reasons.containsKey(RejectReason.ENVELOPE_MALFORMED), reasons.toString());
        assertTrue(reasons.containsKey(RejectReason.BAD_SIGNATURE), reasons.toString());
        assertTrue(reasons.size() >= 5, "mutations should reach several layers: " + reasons);
    }

    @Test
    void mutatedPayloadsSignedByTheAuthorVerifyOrFailWithInvalidRecordException() {
        // Re-signing each mutant gets it past the signature, so the content checks are fuzzed.
        Random random = new Random(0x5EED_CAFEL);
        RecordVerifier verifier = RecordFixtures.verifier();
        Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
        int accepted = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] mutated = mutate(payloads.get(i % payloads.size()), random);
            byte[] envelope = RecordFixtures.signedEnvelope(mutated, ALICE);
            RejectReason parseReason = null;
            RecordPayload parsed = null;
            try {
                parsed = PayloadCodec.parse(mutated, NOW);
            } catch (InvalidRecordException e) {
                parseReason = e.reason();
            } catch (RuntimeException | Error e) {
                throw new AssertionError("parse of mutation " + i + " threw " + e, e);
            }
            try {
                VerifiedRecord v = verifier.verify(envelope);
                assertEquals(parsed, v.payload(), "mutation " + i);
                assertEquals(ALICE.peerId(), v.author(), "only Alice's key signed: mutation " + i);
                assertEquals(RecordId.ofPayload(mutated), v.id());
                accepted++;
            } catch (InvalidRecordException e) {
                if (parseReason != null) {
                    assertEquals(parseReason, e.reason(), "verifier and codec agree: mutation " + i);
                } else {
                    // Parsed, so only the signature can fail: the author was mutated to someone else.
                    assertEquals(RejectReason.BAD_SIGNATURE, e.reason(), "mutation " + i);
                    assertTrue(!parsed.author().equals(ALICE.peerId()), "mutation " + i);
                }
                reasons.merge(e.reason(), 1, Integer::sum);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("verify of mutation " + i + " threw " + e, e);
            }
        }
        assertTrue(accepted > 0, "some mutants (e.g. inside text) remain valid records");
        assertTrue(reasons.size() >= 8, "mutations should hit many rules: " + reasons);
    }

    /** Typed fields and a generator of plausible-but-hostile text for each. */
    private static final String[][] TYPED_FIELDS = {
        {"commitment", "body.due", "0123456789-+:TZtz.W "},
        {"proposal", "body.when.start", "0123456789-+:TZtz.W "},
        {"proposal", "body.when.end", "0123456789-+:TZtz.W "},
        {"attestation", "body.committer", "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0OIlbkzQm"},
        {"vouch", "body.subject", "12D3KooWbafzk0OIl"},
        {"comment", "body.target", "abcdefghijklmnopqrstuvwxyz234567ABC018="},
        {"profile", "body.links[0]", "htps:/[]@?#%.:-_~exampl0123456789 \u00e9"},
        {"profile", "body.avatar", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ iVBORw0KGgo"},
        {"proposal", "body.kind", "projectgathering- "},
        {"vouch", "body.level", "distrustneutralsomehigh- "},
        {"poll", "type", "abcxyz-019ABZ_ ."},
        {"comment", "swarm", "publicabcdefghijklmnopqrstuvwxyz234567PUBLIC18"},
    };

    @Test
    void randomTextInTypedFieldsIsAcceptedOrRefusedNeverThrown() {
        Random random = new Random(0xF1E1D5L);
        Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
        for (int i = 0; i < MUTATIONS; i++) {
            String[] f = TYPED_FIELDS[i % TYPED_FIELDS.length];
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(random.nextBoolean() ? 12 : 70);
            for (int c = 0; c < len; c++) {
                sb.append(f[2].charAt(random.nextInt(f[2].length())));
            }
            var body = f[0].equals("poll") ? RecordFixtures.opaqueBody()
                    : RecordFixtures.knownBodies().get(f[0]).get();
            if (f[0].equals("proposal") && f[1].equals("body.kind")) {
                body.remove("when");
            }
            byte[] payload = RecordFixtures.json(RecordFixtures.set(RecordFixtures.payload(f[0], body), f[1],
                    sb.toString()));
            try {
                PayloadCodec.parse(payload, NOW);
            } catch (InvalidRecordException e) {
                reasons.merge(e.reason(), 1, Integer::sum);
            } catch (RuntimeException | Error e) {
                throw new AssertionError(f[1] + " = \"" + sb + "\" threw " + e, e);
            }
        }
        assertTrue(reasons.size() >= 8, reasons.toString());
    }

    @Test
    void mutationIsDeterministicForASeed() {
        byte[] a = mutate(payloads.get(0), new Random(7));
        byte[] b = mutate(payloads.get(0), new Random(7));
        assertArrayEquals(a, b);
    }
}
