package org.kith.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.protocol.record.RecordFixtures.ALICE;
import static org.kith.protocol.record.RecordFixtures.BOB;
import static org.kith.protocol.record.RecordFixtures.COMMITMENT_ID;
import static org.kith.protocol.record.RecordFixtures.EMOJI;
import static org.kith.protocol.record.RecordFixtures.NOW;
import static org.kith.protocol.record.RecordFixtures.PNG_MAGIC;
import static org.kith.protocol.record.RecordFixtures.PREV_ID;
import static org.kith.protocol.record.RecordFixtures.PROPOSAL_ID;
import static org.kith.protocol.record.RecordFixtures.json;
import static org.kith.protocol.record.RecordFixtures.signer;
import static org.kith.protocol.record.RecordFixtures.verifier;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.kith.protocol.identity.Base32;

/** Valid records of every type sign, encode, decode, verify, and re-encode byte for byte. */
class RecordRoundTripTest {

    static Stream<Arguments> typedBodies() {
        Proposal.Role builder = new Proposal.Role("builder", List.of("carpentry", "joinery"), "2 days");
        return Stream.of(
                Arguments.of("profile, full", new Profile("Alice " + EMOJI, "Gardener.\nAsk me.", List.of("gardening"),
                        List.of("seedlings"), List.of("a van"), List.of("mutual aid"),
                        List.of("https://example.org/alice"), "Leeds",
                        Base64.getEncoder().encodeToString(PNG_MAGIC))),
                Arguments.of("profile, name only", Profile.named("Al")),
                Arguments.of("proposal, project", new Proposal(ProposalKind.PROJECT, "Community garden",
                        "Turn the lot into a garden.", "Phase 1.\nPhase 2.", List.of(builder),
                        new Proposal.When("2026-04-01", "2026-06-30", "Lot 7"), List.of("garden"),
                        ProposalStatus.OPEN, null)),
                Arguments.of("proposal, gathering", new Proposal(ProposalKind.GATHERING, "Planting day",
                        "Bring gloves.", null, List.of(),
                        new Proposal.When("2026-04-04T10:00:00+01:00", "2026-04-04T16:00Z", null), List.of(),
                        ProposalStatus.FORMING, null)),
                Arguments.of("proposal, update with of", new Proposal(ProposalKind.PROJECT, "Community garden",
                        "Now active.", null, List.of(), null, List.of(), ProposalStatus.ACTIVE, PROPOSAL_ID)),
                Arguments.of("commitment", new Commitment(PROPOSAL_ID, "builder", "Build three beds",
                        LocalDate.of(2026, 4, 15), "2 days")),
                Arguments.of("commitment-update, delivered",
                        new CommitmentUpdate(COMMITMENT_ID, CommitmentStatus.DELIVERED, null, "Done.")),
                Arguments.of("commitment-update, withdrawn",
                        new CommitmentUpdate(COMMITMENT_ID, CommitmentStatus.WITHDRAWN, null, null)),
                Arguments.of("commitment-update, renegotiated", new CommitmentUpdate(COMMITMENT_ID,
                        CommitmentStatus.RENEGOTIATED, LocalDate.of(2026, 5, 1), "Rain.")),
                Arguments.of("attestation", new Attestation(COMMITMENT_ID, BOB.peerId(), Outcome.PARTLY_KEPT,
                        "Two of three beds.")),
                Arguments.of("vouch", new Vouch(BOB.peerId(), TrustLevel.HIGH, "carpentry", "Known for years.")),
                Arguments.of("comment", new Comment(PROPOSAL_ID, "Count me in " + EMOJI)),
                Arguments.of("retraction", new Retraction(PREV_ID, "Posted twice.")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typedBodies")
    void everyTypeSignsEncodesDecodesAndVerifies(String label, RecordBody body) throws Exception {
        VerifiedRecord signed = signer(ALICE).sign("public", 1, null, body);
        byte[] envelope = signed.envelope().encode();

        SignedRecord decoded = SignedRecord.decode(envelope);
        assertEquals(signed.envelope(), decoded);
        VerifiedRecord verified = verifier().verify(envelope);

        assertEquals(signed.id(), verified.id());
        assertEquals(body, verified.body());
        assertEquals(body.typeName(), verified.type());
        assertEquals(ALICE.peerId(), verified.author());
        assertEquals("public", verified.swarm());
        assertEquals(1, verified.seq());
        assertNull(verified.payload().prev());
        assertEquals(NOW, verified.payload().timestampMillis());
        assertEquals(body.typeName(), verified.payload().knownType().orElseThrow().wire());
        // Decoding and encoding again gives the same bytes (one record, one envelope).
        assertArrayEquals(envelope, decoded.encode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typedBodies")
    void idIsSha256OfPayloadAs52LowerCaseBase32(String label, RecordBody body) throws Exception {
        VerifiedRecord signed = signer(ALICE).sign("public", 1, null, body);
        byte[] payload = signed.envelope().payload();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(payload);

        assertEquals(RecordId.fromBytes(digest), signed.id());
        assertEquals(Base32.encode(digest), signed.id().toString());
        assertTrue(signed.id().toString().matches("[a-z2-7]{52}"), signed.id().toString());
        assertEquals(signed.id(), RecordId.parse(signed.id().toString()));
        assertArrayEquals(digest, signed.id().toBytes());
        assertEquals(signed.id(), signed.envelope().id());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typedBodies")
    void writeThenParseGivesAnEqualPayloadAndParseThenWriteTheSameBytes(String label, RecordBody body)
            throws Exception {
        RecordPayload p = new RecordPayload(body.typeName(), ALICE.peerId(), "abcdefghijklmnop", 7, PREV_ID,
                NOW - 5, body);
        byte[] written = PayloadCodec.write(p);
        RecordPayload parsed = PayloadCodec.parse(written, NOW);
        assertEquals(p, parsed);
        assertArrayEquals(written, PayloadCodec.write(parsed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typedBodies")
    void envelopeIsCanonicalProtobufWithPayloadField1AndSignatureField2(String label, RecordBody body)
            throws Exception {
        VerifiedRecord signed = signer(ALICE).sign("public", 1, null, body);
        byte[] envelope = signed.envelope().encode();
        byte[] payload = signed.envelope().payload();
        byte[] signature = signed.envelope().signature();

        UnknownFieldSet fields = UnknownFieldSet.parseFrom(envelope);
        assertEquals(Set.of(1, 2), fields.asMap().keySet());
        assertEquals(List.of(ByteString.copyFrom(payload)), fields.getField(1).getLengthDelimitedList());
        assertEquals(List.of(ByteString.copyFrom(signature)), fields.getField(2).getLengthDelimitedList());
        assertTrue(fields.getField(1).getVarintList().isEmpty());
        assertEquals(64, signature.length);

        // Read tag by tag: exactly field 1 (bytes) then field 2 (bytes), then the end.
        CodedInputStream in = CodedInputStream.newInstance(envelope);
        int tag = in.readTag();
        assertEquals(1, WireFormat.getTagFieldNumber(tag));
        assertEquals(WireFormat.WIRETYPE_LENGTH_DELIMITED, WireFormat.getTagWireType(tag));
        assertEquals(ByteString.copyFrom(payload), in.readBytes());
        tag = in.readTag();
        assertEquals(2, WireFormat.getTagFieldNumber(tag));
        assertEquals(WireFormat.WIRETYPE_LENGTH_DELIMITED, WireFormat.getTagWireType(tag));
        assertEquals(ByteString.copyFrom(signature), in.readBytes());
        assertEquals(0, in.readTag());
        assertTrue(in.isAtEnd());

        // protobuf-java's own serialization of the same message is byte-identical.
        assertArrayEquals(protobufJava(payload, signature), envelope);
    }

    static byte[] protobufJava(byte[] payload, byte[] signature) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        cos.writeBytes(1, ByteString.copyFrom(payload));
        cos.writeBytes(2, ByteString.copyFrom(signature));
        cos.flush();
        return out.toByteArray();
    }

    @Test
    void signatureCoversPrefixAndPayload() throws Exception {
        VerifiedRecord signed = signer(ALICE).sign("public", 1, null, Profile.named("Al"));
        byte[] payload = signed.envelope().payload();
        assertTrue(ALICE.publicKey().verify(SignedRecord.signingInput(payload), signed.envelope().signature()));
        assertFalse(ALICE.publicKey().verify(payload, signed.envelope().signature()));
        assertArrayEquals("kith-record:v1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                SignedRecord.SIGNING_PREFIX);
    }

    @Test
    void opaqueUnknownTypeVerifiesAndIsRelayedByteForByte() throws Exception {
        byte[] payload = json(RecordFixtures.payload("poll", RecordFixtures.opaqueBody()));
        SignedRecord record = RecordSigner.signRaw(payload, ALICE);
        byte[] envelope = record.encode();

        VerifiedRecord verified = verifier().verify(envelope);
        assertInstanceOf(OpaqueBody.class, verified.body());
        assertEquals("poll", verified.body().typeName());
        assertEquals("poll", verified.type());
        assertTrue(verified.payload().knownType().isEmpty());
        assertArrayEquals(payload, verified.envelope().payload());
        assertArrayEquals(envelope, verified.envelope().encode());
        assertEquals(RecordId.ofPayload(payload), verified.id());
        // Opaque bodies are never re-serialized: only relayed as signed.
        assertThrows(UnsupportedOperationException.class, () -> PayloadCodec.write(verified.payload()));
    }

    @Test
    void everyFixturePayloadVerifiesThroughTheFullPath() throws Exception {
        for (var e : RecordFixtures.validPayloads().entrySet()) {
            byte[] payload = json(e.getValue().get());
            VerifiedRecord v = verifier().verify(RecordSigner.signRaw(payload, ALICE).encode());
            assertEquals(e.getValue().get().get("type").textValue(), v.type(), e.getKey());
            assertEquals(v.payload(), PayloadCodec.parse(payload, NOW), e.getKey());
        }
    }

    @ParameterizedTest
    @EnumSource(CommitmentStatus.class)
    void eachCommitmentUpdateStatusRoundTrips(CommitmentStatus status) throws Exception {
        LocalDate due = status == CommitmentStatus.RENEGOTIATED ? LocalDate.of(2026, 5, 1) : null;
        CommitmentUpdate body = new CommitmentUpdate(COMMITMENT_ID, status, due, null);
        VerifiedRecord v = verifier().verify(signer(ALICE).sign("public", 1, null, body).envelope().encode());
        assertEquals(body, v.body());
        String json = new String(v.envelope().payload(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.contains("\"status\":\"" + status.wire() + "\""), json);
    }

    @Test
    void gatheringKeepsItsDateTimesAsWritten() throws Exception {
        byte[] payload = json(RecordFixtures.payload("proposal", RecordFixtures.gatheringBody()));
        Proposal p = (Proposal) PayloadCodec.parse(payload, NOW).body();
        assertEquals(ProposalKind.GATHERING, p.kind());
        assertEquals("2026-04-04T10:00:00+01:00", p.when().start());
        assertEquals("2026-04-04T16:00:00+01:00", p.when().end());
        assertFalse(p.isUpdate());
    }

    @Test
    void proposalUpdateCarriesOf() throws Exception {
        byte[] payload = json(RecordFixtures.payload("proposal", RecordFixtures.proposalUpdateBody()));
        Proposal p = (Proposal) PayloadCodec.parse(payload, NOW).body();
        assertTrue(p.isUpdate());
        assertEquals(PROPOSAL_ID, p.of());
        assertEquals(ProposalStatus.ACTIVE, p.status());
    }

    @Test
    void laterSeqWithPrevInPrivateSwarmRoundTrips() throws Exception {
        String swarm = SwarmId.fromKey(new byte[32]);
        VerifiedRecord v = signer(ALICE).sign(swarm, 2, PREV_ID, Profile.named("Al"));
        VerifiedRecord again = verifier().verify(v.envelope().encode());
        assertEquals(swarm, again.swarm());
        assertEquals(2, again.seq());
        assertEquals(PREV_ID, again.payload().prev());
        assertEquals(v, again);
    }

    @Test
    void distinctPayloadsHaveDistinctIdsAndEnvelopes() throws Exception {
        VerifiedRecord a = signer(ALICE).sign("public", 1, null, Profile.named("Al"));
        VerifiedRecord b = signer(ALICE).sign("public", 1, null, Profile.named("Alf"));
        assertNotEquals(a.id(), b.id());
        assertNotEquals(a.envelope(), b.envelope());
        // Ed25519 is deterministic: signing the same record twice gives the same envelope.
        assertArrayEquals(a.envelope().encode(),
                signer(ALICE).sign("public", 1, null, Profile.named("Al")).envelope().encode());
    }
}
