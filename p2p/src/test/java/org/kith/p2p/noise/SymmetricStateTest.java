package org.kith.p2p.noise;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

class SymmetricStateTest {

    @Test
    void aThirtyTwoByteNameIsTheInitialHashAndChainingKey() {
        byte[] name = NoiseSecureChannel.NOISE_PROTOCOL_NAME.getBytes(US_ASCII);
        assertEquals(32, name.length, "libp2p's protocol name is exactly HASHLEN");
        assertArrayEquals(name, new SymmetricState(NoiseSecureChannel.NOISE_PROTOCOL_NAME).handshakeHash());
    }

    @Test
    void aShorterNameIsZeroPaddedAndALongerOneHashed() throws Exception {
        String shortName = "Noise_N_25519_ChaChaPoly_SHA256";
        assertArrayEquals(Arrays.copyOf(shortName.getBytes(US_ASCII), 32), new SymmetricState(shortName).handshakeHash());
        String longName = "Noise_XXpsk3_25519_ChaChaPoly_SHA256";
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(longName.getBytes(US_ASCII)),
                new SymmetricState(longName).handshakeHash());
    }

    @Test
    void mixHashIsSha256OfHThenData() throws Exception {
        SymmetricState ss = new SymmetricState(NoiseSecureChannel.NOISE_PROTOCOL_NAME);
        byte[] h0 = ss.handshakeHash();
        ss.mixHash(new byte[0]);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(h0), ss.handshakeHash(),
                "MixHash(empty prologue) still changes h");
    }

    @Test
    void hkdfEqualsRfc5869WithTheChainingKeyAsSaltAndNoInfo() {
        SymmetricState ss = new SymmetricState(NoiseSecureChannel.NOISE_PROTOCOL_NAME);
        byte[] ck = FixedRandom.bytes32("hkdf ck");
        for (byte[] ikm : new byte[][] {new byte[0], FixedRandom.bytes32("hkdf ikm")}) {
            for (int outputs : new int[] {2, 3}) {
                byte[][] ours = ss.hkdf(ck, ikm, outputs);
                HKDFBytesGenerator bc = new HKDFBytesGenerator(new SHA256Digest());
                bc.init(new HKDFParameters(ikm, ck, null));
                byte[] expected = new byte[32 * outputs];
                bc.generateBytes(expected, 0, expected.length);
                for (int i = 0; i < outputs; i++) {
                    assertArrayEquals(Arrays.copyOfRange(expected, 32 * i, 32 * (i + 1)), ours[i],
                            "output " + (i + 1) + " of " + outputs + ", ikm " + ikm.length + " bytes");
                }
            }
        }
    }

    @Test
    void encryptAndHashIsPlaintextUntilAKeyIsMixedIn() throws Exception {
        SymmetricState a = new SymmetricState(NoiseSecureChannel.NOISE_PROTOCOL_NAME);
        SymmetricState b = new SymmetricState(NoiseSecureChannel.NOISE_PROTOCOL_NAME);
        byte[] p = "payload".getBytes(US_ASCII);
        assertFalse(a.hasKey());
        assertArrayEquals(p, a.encryptAndHash(p));
        assertArrayEquals(p, b.decryptAndHash(p));
        byte[] ikm = FixedRandom.bytes32("shared");
        a.mixKey(ikm);
        b.mixKey(ikm);
        assertTrue(a.hasKey());
        byte[] c = a.encryptAndHash(p);
        assertEquals(p.length + 16, c.length);
        assertArrayEquals(p, b.decryptAndHash(c));
        assertArrayEquals(a.handshakeHash(), b.handshakeHash(), "both sides hash the ciphertext");
    }

    @Test
    void splitGivesTwoDifferentKeysThatBothSidesAgreeOn() throws Exception {
        SymmetricState a = new SymmetricState(NoiseSecureChannel.NOISE_PROTOCOL_NAME);
        SymmetricState b = new SymmetricState(NoiseSecureChannel.NOISE_PROTOCOL_NAME);
        a.mixKey(FixedRandom.bytes32("k"));
        b.mixKey(FixedRandom.bytes32("k"));
        SymmetricState.CipherPair pa = a.split();
        SymmetricState.CipherPair pb = b.split();
        byte[] p = new byte[10];
        byte[] c1 = pa.c1().encryptWithAd(new byte[0], p);
        byte[] c2 = pa.c2().encryptWithAd(new byte[0], p);
        assertFalse(Arrays.equals(c1, c2));
        assertArrayEquals(p, pb.c1().decryptWithAd(new byte[0], c1));
        assertArrayEquals(p, pb.c2().decryptWithAd(new byte[0], c2));
    }
}
