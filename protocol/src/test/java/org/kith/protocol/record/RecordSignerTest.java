package org.kith.protocol.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.protocol.record.RecordFixtures.ALICE;
import static org.kith.protocol.record.RecordFixtures.EMOJI;
import static org.kith.protocol.record.RecordFixtures.PREV_ID;
import static org.kith.protocol.record.RecordFixtures.signer;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The signer refuses, with the same reasons a peer would use, anything a peer would refuse. */
class RecordSignerTest {

    private static RejectReason signReason(String swarm, long seq, RecordId prev, RecordBody body) {
        return assertThrows(InvalidRecordException.class, () -> signer(ALICE).sign(swarm, seq, prev, body)).reason();
    }

    @Test
    void bodyWithinEveryFieldLimitButOverThePayloadLimitIsPayloadTooLargeNotAnUncheckedException() {
        // Astral characters are 4 UTF-8 bytes: 20,000 emoji of details are within the details
        // limit (20,000 characters) but make an ~80 KB payload.
        Proposal big = new Proposal(ProposalKind.PROJECT, "Big", EMOJI.repeat(Limits.MAX_SUMMARY_CHARS),
                EMOJI.repeat(Limits.MAX_DETAILS_CHARS), List.of(), null, List.of(), ProposalStatus.OPEN, null);
        RecordPayload p = new RecordPayload("proposal", ALICE.peerId(), "public", 1, null, RecordFixtures.NOW, big);
        assertTrue(PayloadCodec.write(p).length > Limits.MAX_PAYLOAD_BYTES);
        assertEquals(RejectReason.PAYLOAD_TOO_LARGE, signReason("public", 1, null, big));
    }

    @Test
    void astralCharactersAreWrittenAsFourUtf8BytesNotEscapes() {
        Proposal p = new Proposal(ProposalKind.PROJECT, "Fest " + EMOJI, "s", null, List.of(), null, List.of(),
                ProposalStatus.OPEN, null);
        byte[] payload = PayloadCodec.write(new RecordPayload("proposal", ALICE.peerId(), "public", 1, null,
                RecordFixtures.NOW, p));
        String text = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("Fest " + EMOJI), text);
        assertFalse(text.contains("\\u"), text);
    }

    @Test
    void signerAppliesFieldRules() {
        assertEquals(RejectReason.TOO_LONG, signReason("public", 1, null, Profile.named("a".repeat(65))));
        assertEquals(RejectReason.EMPTY, signReason("public", 1, null, Profile.named("")));
        assertEquals(RejectReason.BAD_TEXT, signReason("public", 1, null, Profile.named(" Al")));
        assertEquals(RejectReason.SELF_VOUCH, signReason("public", 1, null,
                new Vouch(ALICE.peerId(), TrustLevel.HIGH, null, null)));
        assertEquals(RejectReason.SELF_ATTESTATION, signReason("public", 1, null,
                new Attestation(RecordFixtures.COMMITMENT_ID, ALICE.peerId(), Outcome.KEPT, null)));
        assertEquals(RejectReason.MISSING_FIELD, signReason("public", 1, null,
                new CommitmentUpdate(RecordFixtures.COMMITMENT_ID, CommitmentStatus.RENEGOTIATED, null, null)));
    }

    @Test
    void signerAppliesHeaderRules() {
        Profile al = Profile.named("Al");
        assertEquals(RejectReason.PREV_UNEXPECTED, signReason("public", 1, PREV_ID, al));
        assertEquals(RejectReason.PREV_MISSING, signReason("public", 2, null, al));
        assertEquals(RejectReason.OUT_OF_RANGE, signReason("public", 0, null, al));
        assertEquals(RejectReason.OUT_OF_RANGE, signReason("public", Limits.MAX_SEQ + 1, PREV_ID, al));
        assertEquals(RejectReason.BAD_SWARM_ID, signReason("Public", 1, null, al));
    }

    @Test
    void loneSurrogateInABodyIsNotUtf8() {
        // The writer escapes the lone surrogate; the validation of the written bytes refuses it.
        assertEquals(RejectReason.NOT_UTF8, signReason("public", 1, null, Profile.named("Al\uD800")));
    }

    @Test
    void timestampComesFromTheSignersClock() throws Exception {
        assertEquals(RecordFixtures.NOW, signer(ALICE).sign("public", 1, null, Profile.named("Al")).payload()
                .timestampMillis());
    }

    @Test
    void signRawSignsArbitraryBytesWithoutValidating() throws Exception {
        byte[] junk = RecordFixtures.bytes("not json");
        SignedRecord r = RecordSigner.signRaw(junk, ALICE);
        assertTrue(ALICE.publicKey().verify(SignedRecord.signingInput(junk), r.signature()));
        assertEquals(RejectReason.JSON_MALFORMED, RecordFixtures.verifyReason(r.encode()));
    }
}
