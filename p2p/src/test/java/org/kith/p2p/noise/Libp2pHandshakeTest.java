package org.kith.p2p.noise;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.p2p.noise.NoiseTestSupport.EMPTY;
import static org.kith.p2p.noise.NoiseTestSupport.HEX;
import static org.kith.p2p.noise.NoiseTestSupport.MPLEX;
import static org.kith.p2p.noise.NoiseTestSupport.YAMUX;
import static org.kith.p2p.noise.NoiseTestSupport.identity;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kith.p2p.noise.NoiseTestSupport.ScriptedPeer;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/** The libp2p handshake logic without Netty: payloads, signatures, peer IDs, muxer choice. */
class Libp2pHandshakeTest {

    private static final Ed25519KeyPair ALICE = identity(0x00);
    private static final Ed25519KeyPair BOB = identity(0x20);
    private static final Ed25519KeyPair MALLORY = identity(0x40);

    private static Libp2pHandshake initiator(PeerId expected, List<String> muxers) {
        return new Libp2pHandshake(true, ALICE, NoiseTestSupport.staticKey("alice static"), expected, muxers,
                new FixedRandom("alice ephemeral"));
    }

    private static Libp2pHandshake responder(List<String> muxers) {
        return new Libp2pHandshake(false, BOB, NoiseTestSupport.staticKey("bob static"), null, muxers,
                new FixedRandom("bob ephemeral"));
    }

    /** Runs a full handshake between two honest peers. */
    private static void run(Libp2pHandshake i, Libp2pHandshake r) throws NoiseException {
        byte[] m1 = i.start();
        byte[] m2 = r.receive(m1);
        byte[] m3 = i.receive(m2);
        assertNull(r.receive(m3));
        assertTrue(i.isComplete() && r.isComplete());
    }

    @Test
    void bothSidesLearnTheOthersIdentityKeyAndPeerId() throws Exception {
        Libp2pHandshake i = initiator(BOB.peerId(), List.of());
        Libp2pHandshake r = responder(List.of());
        run(i, r);
        assertEquals(BOB.peerId(), i.session().remotePeerId());
        assertEquals(BOB.publicKey(), i.session().remoteIdentityKey(), "the identity key, not the static key");
        assertEquals(ALICE.peerId(), r.session().remotePeerId());
        assertEquals(ALICE.publicKey(), r.session().remoteIdentityKey());
        assertArrayEquals(i.handshakeHash(), r.handshakeHash());
        byte[] data = "ping".getBytes(US_ASCII);
        assertArrayEquals(data, r.receiver().decryptWithAd(EMPTY, i.sender().encryptWithAd(EMPTY, data)));
        assertArrayEquals(data, i.receiver().decryptWithAd(EMPTY, r.sender().encryptWithAd(EMPTY, data)));
    }

    @Test
    void withoutAnExpectedPeerTheInitiatorAcceptsAnyone() throws Exception {
        Libp2pHandshake i = initiator(null, List.of());
        run(i, responder(List.of()));
        assertEquals(BOB.peerId(), i.session().remotePeerId());
    }

    static Stream<Arguments> muxerCases() {
        return Stream.of(
                Arguments.of(List.of(YAMUX), List.of(YAMUX), YAMUX),
                Arguments.of(List.of(MPLEX, YAMUX), List.of(YAMUX), YAMUX),
                Arguments.of(List.of(YAMUX, MPLEX), List.of(MPLEX, YAMUX), YAMUX),
                Arguments.of(List.of(MPLEX, YAMUX), List.of(YAMUX, MPLEX), MPLEX),
                Arguments.of(List.of(YAMUX), List.of(MPLEX), null),
                Arguments.of(List.of(), List.of(YAMUX), null),
                Arguments.of(List.of(YAMUX), List.of(), null),
                Arguments.of(List.of(), List.of(), null));
    }

    @ParameterizedTest(name = "initiator {0}, responder {1} -> {2}")
    @MethodSource("muxerCases")
    void bothSidesChooseTheFirstOfTheInitiatorsMuxersTheResponderSupports(
            List<String> initiatorMuxers, List<String> responderMuxers, String expected) throws Exception {
        Libp2pHandshake i = initiator(BOB.peerId(), initiatorMuxers);
        Libp2pHandshake r = responder(responderMuxers);
        run(i, r);
        assertEquals(expected, i.session().muxer());
        assertEquals(expected, r.session().muxer());
    }

    @Test
    void messageOneIsABareEphemeralKey() throws Exception {
        assertEquals(32, initiator(null, List.of(YAMUX)).start().length);
    }

    @Test
    void theResponderSignsItsStaticKeyWithThePrefixAndPutsExtensionsInMessageTwo() throws Exception {
        ScriptedPeer spy = new ScriptedPeer(true, NoiseTestSupport.staticKey("spy"), "spy e");
        Libp2pHandshake r = responder(List.of(YAMUX));
        byte[] payload = spy.read(r.receive(spy.write(EMPTY)));
        byte[] staticKey = spy.state.remoteStaticKey();
        assertArrayEquals(NoiseTestSupport.staticKey("bob static").publicKey(), staticKey);
        NoiseHandshakePayload p = NoiseHandshakePayload.parse(payload);
        assertArrayEquals(BOB.publicKey().toProtobuf(), p.identityKey().toByteArray());
        byte[] signed = NoiseTestSupport.concat("noise-libp2p-static-key:".getBytes(US_ASCII), staticKey);
        assertTrue(BOB.publicKey().verify(signed, p.identitySig().toByteArray()));
        assertFalse(BOB.publicKey().verify(staticKey, p.identitySig().toByteArray()), "the prefix is signed too");
        assertEquals(List.of(YAMUX), p.extensions().streamMuxers());
        assertEquals(List.of(), p.extensions().webtransportCerthashes());
        // The whole payload is exactly our deterministic encoding.
        assertArrayEquals(NoiseTestSupport.payload(BOB.publicKey().toProtobuf(), p.identitySig().toByteArray(),
                List.of(YAMUX)), payload);
    }

    @Test
    void theInitiatorPutsItsPayloadAndExtensionsInMessageThreeAndOmitsAnEmptyList() throws Exception {
        for (List<String> muxers : List.of(List.of(YAMUX, MPLEX), List.<String>of())) {
            ScriptedPeer spy = new ScriptedPeer(false, NoiseTestSupport.staticKey("spy"), "spy e");
            Libp2pHandshake i = initiator(BOB.peerId(), muxers);
            assertEquals(0, spy.read(i.start()).length);
            byte[] m3 = i.receive(spy.write(NoiseTestSupport.validPayload(BOB, spy.staticPublic(), List.of(YAMUX))));
            NoiseHandshakePayload p = NoiseHandshakePayload.parse(spy.read(m3));
            byte[] signed = NoiseTestSupport.signedStaticKey(spy.state.remoteStaticKey());
            assertTrue(ALICE.publicKey().verify(signed, p.identitySig().toByteArray()));
            if (muxers.isEmpty()) {
                assertNull(p.extensions(), "no extensions field when there is nothing to offer");
            } else {
                assertEquals(muxers, p.extensions().streamMuxers());
            }
            assertEquals(YAMUX, muxers.isEmpty() ? YAMUX : i.session().muxer());
        }
    }

    // ---- the initiator verifying message 2 --------------------------------------------------

    /** Runs an honest initiator (expecting Bob) against a scripted responder sending {@code payload}. */
    private static NoiseException initiatorRejects(PayloadMaker payload) throws Exception {
        ScriptedPeer bob = new ScriptedPeer(false, NoiseTestSupport.staticKey("scripted bob"), "scripted e");
        Libp2pHandshake i = initiator(BOB.peerId(), List.of(YAMUX));
        bob.read(i.start());
        byte[] m2 = bob.write(payload.make(bob.staticPublic()));
        NoiseException e = assertThrows(NoiseException.class, () -> i.receive(m2));
        assertFalse(i.isComplete());
        return e;
    }

    interface PayloadMaker {
        byte[] make(byte[] staticPublic);
    }

    @Test
    void aValidScriptedResponderIsAccepted() throws Exception {
        ScriptedPeer bob = new ScriptedPeer(false, NoiseTestSupport.staticKey("scripted bob"), "scripted e");
        Libp2pHandshake i = initiator(BOB.peerId(), List.of(YAMUX));
        bob.read(i.start());
        i.receive(bob.write(NoiseTestSupport.validPayload(BOB, bob.staticPublic(), List.of(YAMUX))));
        assertTrue(i.isComplete());
    }

    @Test
    void aSignatureByAnotherKeyIsRejected() throws Exception {
        NoiseException e = initiatorRejects(s -> NoiseTestSupport.payload(BOB.publicKey().toProtobuf(),
                MALLORY.sign(NoiseTestSupport.signedStaticKey(s)), null));
        assertEquals(NoiseException.Reason.INVALID_SIGNATURE, e.reason());
        assertTrue(e.getMessage().contains(BOB.peerId().toBase58()), e.getMessage());
    }

    @Test
    void aSignatureOverAnotherStaticKeyIsRejected() throws Exception {
        byte[] otherStatic = NoiseTestSupport.staticKey("some other static").publicKey();
        NoiseException e = initiatorRejects(s -> NoiseTestSupport.validPayload(BOB, otherStatic, null));
        assertEquals(NoiseException.Reason.INVALID_SIGNATURE, e.reason());
    }

    @Test
    void aSignatureWithoutThePrefixIsRejected() throws Exception {
        NoiseException e = initiatorRejects(s -> NoiseTestSupport.payload(BOB.publicKey().toProtobuf(),
                BOB.sign(s), null));
        assertEquals(NoiseException.Reason.INVALID_SIGNATURE, e.reason());
    }

    @Test
    void anotherPeerThanTheOneDialledIsRejectedWithBothIds() throws Exception {
        NoiseException e = initiatorRejects(s -> NoiseTestSupport.validPayload(MALLORY, s, null));
        assertEquals(NoiseException.Reason.PEER_ID_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains(BOB.peerId().toBase58()));
        assertTrue(e.getMessage().contains(MALLORY.peerId().toBase58()));
    }

    @Test
    void garbageInsteadOfAPayloadIsMalformed() throws Exception {
        assertEquals(NoiseException.Reason.MALFORMED_PAYLOAD,
                initiatorRejects(s -> HEX.parseHex("ffffffffffffffffffffff")).reason());
        assertEquals(NoiseException.Reason.MALFORMED_PAYLOAD, initiatorRejects(s -> EMPTY).reason());
        assertEquals(NoiseException.Reason.MALFORMED_PAYLOAD,
                initiatorRejects(s -> NoiseTestSupport.payload(BOB.publicKey().toProtobuf(), null, null)).reason());
        assertEquals(NoiseException.Reason.MALFORMED_PAYLOAD,
                initiatorRejects(s -> NoiseTestSupport.payload(null, BOB.sign(NoiseTestSupport.signedStaticKey(s)),
                        null)).reason());
    }

    @Test
    void nonEd25519IdentityKeysAreRejectedAsUnsupported() throws Exception {
        // RSA (type 0) with some DER bytes, secp256k1 (2) and ECDSA (3) with a compressed point.
        String[] keys = {"080012" + "09" + "300702010102020101", "0802122102" + "11".repeat(32),
                "08031204" + "01020304", "0805122000" + "00".repeat(31)};
        for (String key : keys) {
            NoiseException e = initiatorRejects(s -> NoiseTestSupport.payload(HEX.parseHex(key),
                    BOB.sign(NoiseTestSupport.signedStaticKey(s)), null));
            assertEquals(NoiseException.Reason.UNSUPPORTED_KEY_TYPE, e.reason(), key);
        }
        NoiseException rsa = initiatorRejects(s -> NoiseTestSupport.payload(HEX.parseHex(keys[0]),
                BOB.sign(NoiseTestSupport.signedStaticKey(s)), null));
        assertTrue(rsa.getMessage().contains("RSA"), rsa.getMessage());
    }

    @Test
    void malformedEd25519KeysAreRejectedAsInvalid() throws Exception {
        String[] keys = {"0801121f" + "11".repeat(31), "08011220" + "11".repeat(32) + "00", "1220" + "11".repeat(32),
                "0801", "ff"};
        for (String key : keys) {
            NoiseException e = initiatorRejects(s -> NoiseTestSupport.payload(HEX.parseHex(key),
                    BOB.sign(NoiseTestSupport.signedStaticKey(s)), null));
            assertEquals(NoiseException.Reason.INVALID_IDENTITY_KEY, e.reason(), key);
        }
    }

    @Test
    void moreThanOneHundredRemoteMuxersAreMalformed() throws Exception {
        List<String> many = java.util.Collections.nCopies(101, "/m");
        assertEquals(NoiseException.Reason.MALFORMED_PAYLOAD,
                initiatorRejects(s -> NoiseTestSupport.validPayload(BOB, s, many)).reason());
    }

    // ---- the responder verifying messages 1 and 3 -------------------------------------------

    @Test
    void aPayloadInMessageOneIsUnexpected() throws Exception {
        ScriptedPeer alice = new ScriptedPeer(true, NoiseTestSupport.staticKey("scripted alice"), "scripted e");
        Libp2pHandshake r = responder(List.of(YAMUX));
        NoiseException e = assertThrows(NoiseException.class, () -> r.receive(alice.write(new byte[] {1})));
        assertEquals(NoiseException.Reason.UNEXPECTED_PAYLOAD, e.reason());
    }

    @Test
    void theResponderChecksTheInitiatorsSignatureToo() throws Exception {
        for (int variant = 0; variant < 3; variant++) {
            ScriptedPeer alice = new ScriptedPeer(true, NoiseTestSupport.staticKey("scripted alice"), "scripted e");
            Libp2pHandshake r = responder(List.of(YAMUX));
            alice.read(r.receive(alice.write(EMPTY)));
            byte[] s = alice.staticPublic();
            byte[] payload = switch (variant) {
                case 0 -> NoiseTestSupport.payload(ALICE.publicKey().toProtobuf(),
                        MALLORY.sign(NoiseTestSupport.signedStaticKey(s)), null);
                case 1 -> NoiseTestSupport.validPayload(ALICE, NoiseTestSupport.staticKey("x").publicKey(), null);
                default -> NoiseTestSupport.validPayload(ALICE, s, null);
            };
            byte[] m3 = alice.write(payload);
            if (variant < 2) {
                assertEquals(NoiseException.Reason.INVALID_SIGNATURE,
                        assertThrows(NoiseException.class, () -> r.receive(m3)).reason());
            } else {
                assertNull(r.receive(m3));
                assertEquals(ALICE.peerId(), r.session().remotePeerId());
                assertNull(r.session().muxer(), "the initiator listed no muxers");
            }
        }
    }

    @Test
    void theStaticKeyIsOnePerIdentityPerProcess() {
        X25519KeyPair a1 = StaticKeys.forIdentity(ALICE);
        X25519KeyPair a2 = StaticKeys.forIdentity(ALICE);
        X25519KeyPair b = StaticKeys.forIdentity(BOB);
        assertTrue(a1 == a2);
        assertNotEquals(HEX.formatHex(a1.publicKey()), HEX.formatHex(b.publicKey()));
    }
}
