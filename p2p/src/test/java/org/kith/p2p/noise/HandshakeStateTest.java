package org.kith.p2p.noise;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** XX as libp2p uses it: empty prologue, fresh ephemeral keys, payloads in messages 2 and 3. */
class HandshakeStateTest {

    private static final byte[] EMPTY = new byte[0];

    private static HandshakeState xx(boolean initiator, String label, byte[] prologue) {
        return new HandshakeState(HandshakePattern.XX, initiator, prologue,
                NoiseTestSupport.staticKey(label + " static"), null, new FixedRandom(label + " ephemeral"));
    }

    @Test
    void xxRoundTripHasTheExpectedMessageSizesAndAgreesOnEverything() throws Exception {
        HandshakeState i = xx(true, "i", EMPTY);
        HandshakeState r = xx(false, "r", EMPTY);
        byte[] p2 = "responder payload".getBytes(US_ASCII);
        byte[] p3 = "initiator payload!".getBytes(US_ASCII);

        byte[] m1 = i.writeMessage(EMPTY);
        assertEquals(32, m1.length, "msg 1 = e");
        assertEquals(0, r.readMessage(m1).length);
        byte[] m2 = r.writeMessage(p2);
        assertEquals(32 + 48 + p2.length + 16, m2.length, "msg 2 = e, enc(s), enc(payload)");
        assertArrayEquals(p2, i.readMessage(m2));
        assertNull(r.remoteStaticKey(), "responder learns s only in msg 3");
        assertArrayEquals(NoiseTestSupport.staticKey("r static").publicKey(), i.remoteStaticKey());
        byte[] m3 = i.writeMessage(p3);
        assertEquals(48 + p3.length + 16, m3.length, "msg 3 = enc(s), enc(payload)");
        assertArrayEquals(p3, r.readMessage(m3));
        assertArrayEquals(NoiseTestSupport.staticKey("i static").publicKey(), r.remoteStaticKey());

        assertTrue(i.isFinished() && r.isFinished());
        assertArrayEquals(i.handshakeHash(), r.handshakeHash());
        byte[] data = "hello".getBytes(US_ASCII);
        assertArrayEquals(data, r.receiver().decryptWithAd(EMPTY, i.sender().encryptWithAd(EMPTY, data)));
        assertArrayEquals(data, i.receiver().decryptWithAd(EMPTY, r.sender().encryptWithAd(EMPTY, data)));
    }

    @Test
    void theEmptyPrologueIsStillMixedIntoTheHash() throws Exception {
        assertEquals(NoiseSecureChannel.NOISE_PROTOCOL_NAME, Libp2pHandshake.PATTERN.protocolName());
        HandshakeState i = xx(true, "i", EMPTY);
        byte[] name = NoiseSecureChannel.NOISE_PROTOCOL_NAME.getBytes(US_ASCII);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(name), i.handshakeHash());
    }

    @Test
    void differentProloguesFailAtTheFirstEncryptedMessage() throws Exception {
        HandshakeState i = xx(true, "i", "a".getBytes(US_ASCII));
        HandshakeState r = xx(false, "r", "b".getBytes(US_ASCII));
        r.readMessage(i.writeMessage(EMPTY));
        byte[] m2 = r.writeMessage(EMPTY);
        assertEquals(NoiseException.Reason.DECRYPT_FAILED,
                assertThrows(NoiseException.class, () -> i.readMessage(m2)).reason());
    }

    @Test
    void messagesOutOfTurnAreRefused() throws Exception {
        HandshakeState i = xx(true, "i", EMPTY);
        HandshakeState r = xx(false, "r", EMPTY);
        assertThrows(IllegalStateException.class, () -> r.writeMessage(EMPTY));
        assertThrows(IllegalStateException.class, () -> i.readMessage(new byte[32]));
        assertThrows(IllegalStateException.class, i::sender, "no transport keys before the end");
        r.readMessage(i.writeMessage(EMPTY));
        assertThrows(IllegalStateException.class, () -> i.writeMessage(EMPTY));
    }

    @Test
    void truncatedMessagesAreRefusedAndKillTheHandshake() throws Exception {
        HandshakeState r = xx(false, "r", EMPTY);
        assertEquals(NoiseException.Reason.TRUNCATED_MESSAGE,
                assertThrows(NoiseException.class, () -> r.readMessage(new byte[31])).reason());
        assertThrows(IllegalStateException.class, () -> r.readMessage(new byte[32]), "dead after a failure");

        HandshakeState i = xx(true, "i", EMPTY);
        HandshakeState r2 = xx(false, "r", EMPTY);
        r2.readMessage(i.writeMessage(EMPTY));
        byte[] m2 = r2.writeMessage(EMPTY);
        for (int cut : new int[] {0, 31, 32, 79, 80, 95}) {
            HandshakeState fresh = xx(true, "i", EMPTY);
            fresh.writeMessage(EMPTY);
            byte[] truncated = Arrays.copyOf(m2, cut);
            assertEquals(NoiseException.Reason.TRUNCATED_MESSAGE,
                    assertThrows(NoiseException.class, () -> fresh.readMessage(truncated)).reason(), "cut at " + cut);
        }
        assertEquals(96, m2.length);
        assertEquals(0, i.readMessage(m2).length);
    }

    @Test
    void aLowOrderEphemeralKeyIsRefused() throws Exception {
        HandshakeState r = xx(false, "r", EMPTY);
        r.readMessage(new byte[32]);
        NoiseException e = assertThrows(NoiseException.class, () -> r.writeMessage(EMPTY));
        assertEquals(NoiseException.Reason.INVALID_DH_KEY, e.reason());
    }

    @Test
    void messagesOverTheNoiseLimitAreRefused() throws Exception {
        HandshakeState i = xx(true, "i", EMPTY);
        assertEquals(NoiseException.Reason.MESSAGE_TOO_LARGE,
                assertThrows(NoiseException.class, () -> i.writeMessage(new byte[65535 - 31])).reason());
        HandshakeState ok = xx(true, "i", EMPTY);
        assertEquals(65535, ok.writeMessage(new byte[65535 - 32]).length, "exactly 65535 is allowed");
        HandshakeState r = xx(false, "r", EMPTY);
        assertEquals(NoiseException.Reason.MESSAGE_TOO_LARGE,
                assertThrows(NoiseException.class, () -> r.readMessage(new byte[65536])).reason());
    }

    @Test
    void aMissingStaticKeyIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class,
                () -> new HandshakeState(HandshakePattern.XX, true, EMPTY, null, null, new FixedRandom("x")));
        assertFalse(HandshakePattern.NN.sendsStatic(true));
        assertTrue(HandshakePattern.XN.sendsStatic(true));
        assertFalse(HandshakePattern.XN.sendsStatic(false));
    }
}
