package org.kith.p2p.noise;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class CipherStateTest {

    private static final byte[] KEY = FixedRandom.bytes32("cipher-state-test key");
    private static final byte[] AD = "associated".getBytes(US_ASCII);
    private static final byte[] PLAINTEXT = "Noise transport message".getBytes(US_ASCII);

    private static CipherState keyed() {
        CipherState cs = new CipherState();
        cs.initializeKey(KEY.clone());
        return cs;
    }

    /** Nonce per Noise §12.3: 4 zero bytes, then the counter little-endian. */
    private static byte[] expectedNonce(long n) {
        byte[] nonce = new byte[12];
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (n >>> (8 * i));
        }
        return nonce;
    }

    @Test
    void nonceIsFourZeroBytesThenTheCounterLittleEndian_checkedWithBouncyCastle() throws Exception {
        long n = 0x0102030405060708L;
        CipherState cs = keyed();
        cs.setNonce(n);
        byte[] ours = cs.encryptWithAd(AD, PLAINTEXT);

        byte[] nonce = expectedNonce(n);
        assertEquals("000000000807060504030201", NoiseTestSupport.HEX.formatHex(nonce));
        ChaCha20Poly1305 bc = new ChaCha20Poly1305();
        bc.init(true, new AEADParameters(new KeyParameter(KEY), 128, nonce, AD));
        byte[] theirs = new byte[bc.getOutputSize(PLAINTEXT.length)];
        int len = bc.processBytes(PLAINTEXT, 0, PLAINTEXT.length, theirs, 0);
        bc.doFinal(theirs, len);
        assertArrayEquals(theirs, ours);
        assertEquals(n + 1, cs.nonce());
    }

    @Test
    void counterStartsAtZeroAndAdvancesPerMessage() throws Exception {
        CipherState enc = keyed();
        byte[] first = enc.encryptWithAd(AD, PLAINTEXT);
        byte[] second = enc.encryptWithAd(AD, PLAINTEXT);
        assertEquals(2, enc.nonce());
        assertFalse(Arrays.equals(first, second), "a new nonce gives a new ciphertext");

        Cipher jca = Cipher.getInstance("ChaCha20-Poly1305");
        jca.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "ChaCha20"), new IvParameterSpec(expectedNonce(0)));
        jca.updateAAD(AD);
        assertArrayEquals(jca.doFinal(PLAINTEXT), first);

        CipherState dec = keyed();
        assertArrayEquals(PLAINTEXT, dec.decryptWithAd(AD, first));
        assertArrayEquals(PLAINTEXT, dec.decryptWithAd(AD, second));
        assertEquals(2, dec.nonce());
    }

    @Test
    void aFailedDecryptionLeavesTheNonceUnchanged() throws Exception {
        CipherState enc = keyed();
        byte[] c = enc.encryptWithAd(AD, PLAINTEXT);
        CipherState dec = keyed();
        NoiseException e = assertThrows(NoiseException.class,
                () -> dec.decryptWithAd(AD, NoiseTestSupport.flipBit(c, 3, 7)));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, e.reason());
        assertEquals(0, dec.nonce());
        assertArrayEquals(PLAINTEXT, dec.decryptWithAd(AD, c));
    }

    @Test
    void associatedDataIsAuthenticated() throws Exception {
        byte[] c = keyed().encryptWithAd(AD, PLAINTEXT);
        NoiseException e = assertThrows(NoiseException.class, () -> keyed().decryptWithAd(new byte[0], c));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, e.reason());
    }

    @Test
    void replayedOrReorderedMessagesFail() throws Exception {
        CipherState enc = keyed();
        byte[] m0 = enc.encryptWithAd(AD, PLAINTEXT);
        byte[] m1 = enc.encryptWithAd(AD, PLAINTEXT);
        CipherState dec = keyed();
        assertEquals(NoiseException.Reason.DECRYPT_FAILED,
                assertThrows(NoiseException.class, () -> dec.decryptWithAd(AD, m1)).reason());
        dec.decryptWithAd(AD, m0);
        assertEquals(NoiseException.Reason.DECRYPT_FAILED,
                assertThrows(NoiseException.class, () -> dec.decryptWithAd(AD, m0)).reason());
    }

    @Test
    void withoutAKeyDataPassesThroughUnchanged() throws Exception {
        CipherState cs = new CipherState();
        cs.initializeKey(null);
        assertFalse(cs.hasKey());
        assertArrayEquals(PLAINTEXT, cs.encryptWithAd(AD, PLAINTEXT));
        assertArrayEquals(PLAINTEXT, cs.decryptWithAd(AD, PLAINTEXT));
        assertEquals(0, cs.nonce());
    }

    @Test
    void theReservedNonceTwoToTheSixtyFourMinusOneIsNeverUsed() throws Exception {
        CipherState enc = keyed();
        enc.setNonce(-2L);
        byte[] last = enc.encryptWithAd(AD, PLAINTEXT);
        assertEquals(-1L, enc.nonce());
        assertEquals(NoiseException.Reason.NONCE_EXHAUSTED,
                assertThrows(NoiseException.class, () -> enc.encryptWithAd(AD, PLAINTEXT)).reason());

        CipherState dec = keyed();
        dec.setNonce(-2L);
        assertArrayEquals(PLAINTEXT, dec.decryptWithAd(AD, last));
        assertEquals(NoiseException.Reason.NONCE_EXHAUSTED,
                assertThrows(NoiseException.class, () -> dec.decryptWithAd(AD, last)).reason());
    }

    @Test
    void ciphertextShorterThanTheTagIsTruncated() {
        NoiseException e = assertThrows(NoiseException.class, () -> keyed().decryptWithAd(AD, new byte[15]));
        assertEquals(NoiseException.Reason.TRUNCATED_MESSAGE, e.reason());
        NoiseException e2 = assertThrows(NoiseException.class,
                () -> keyed().decryptWithAd(AD, ByteBuffer.allocate(15), ByteBuffer.allocate(0)));
        assertEquals(NoiseException.Reason.TRUNCATED_MESSAGE, e2.reason());
    }

    @Test
    void emptyPlaintextGivesATagOnly() throws Exception {
        byte[] c = keyed().encryptWithAd(AD, new byte[0]);
        assertEquals(CipherState.TAG_BYTES, c.length);
        assertEquals(0, keyed().decryptWithAd(AD, c).length);
    }

    @Test
    void heapAndDirectByteBuffersGiveTheSameResultAsArrays() throws Exception {
        byte[] big = new byte[70_000];
        new FixedRandom("big plaintext").nextBytes(big);
        byte[] expected = keyed().encryptWithAd(new byte[0], big);
        for (boolean direct : new boolean[] {false, true}) {
            ByteBuffer in = direct ? ByteBuffer.allocateDirect(big.length) : ByteBuffer.allocate(big.length);
            in.put(big).flip();
            ByteBuffer out = direct ? ByteBuffer.allocateDirect(expected.length) : ByteBuffer.allocate(expected.length);
            keyed().encryptWithAd(new byte[0], in, out);
            assertEquals(0, in.remaining());
            out.flip();
            byte[] got = new byte[out.remaining()];
            out.get(got);
            assertArrayEquals(expected, got, direct ? "direct" : "heap");

            ByteBuffer cin = direct ? ByteBuffer.allocateDirect(expected.length) : ByteBuffer.allocate(expected.length);
            cin.put(expected).flip();
            ByteBuffer pout = direct ? ByteBuffer.allocateDirect(big.length) : ByteBuffer.allocate(big.length);
            keyed().decryptWithAd(new byte[0], cin, pout);
            pout.flip();
            byte[] plain = new byte[pout.remaining()];
            pout.get(plain);
            assertArrayEquals(big, plain, direct ? "direct" : "heap");
        }
    }
}
