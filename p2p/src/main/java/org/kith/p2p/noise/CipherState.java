package org.kith.p2p.noise;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise {@code CipherState} (Noise spec §5.1) with the {@code ChaChaPoly} cipher functions
 * (§12.3): ChaCha20-Poly1305 (RFC 8439) whose 96-bit nonce is 32 zero bits followed by the
 * 64-bit counter {@code n} in <em>little-endian</em> order.
 *
 * <p>Uses the JDK's JCA {@code ChaCha20-Poly1305} cipher (faster than Bouncy Castle's on the
 * JDKs Kith runs on). Not thread-safe: one CipherState per direction, used by one thread.
 */
final class CipherState {

    static final int KEY_BYTES = 32;
    static final int TAG_BYTES = 16;
    static final int NONCE_BYTES = 12;
    /** n = 2^64 - 1 is reserved (§5.1): reaching it means the key is used up. */
    static final long RESERVED_NONCE = -1L;

    private static final String TRANSFORMATION = "ChaCha20-Poly1305";
    private static final byte[] EMPTY = new byte[0];

    private SecretKeySpec key;
    private long n;
    private Cipher cipher;
    private final byte[] iv = new byte[NONCE_BYTES];

    /** InitializeKey(k): {@code k == null} means "empty" (no encryption). Resets n to 0. */
    void initializeKey(byte[] k) {
        if (k != null && k.length != KEY_BYTES) {
            throw new IllegalArgumentException("ChaChaPoly key must be 32 bytes");
        }
        key = k == null ? null : new SecretKeySpec(k, "ChaCha20");
        n = 0;
    }

    boolean hasKey() {
        return key != null;
    }

    /** SetNonce(n), for tests of the counter and its limit. The value is unsigned. */
    void setNonce(long nonce) {
        n = nonce;
    }

    /** The next nonce, as an unsigned 64-bit value. */
    long nonce() {
        return n;
    }

    /**
     * EncryptWithAd(ad, plaintext): the ciphertext with its 16-byte tag, or a copy of the
     * plaintext when there is no key.
     */
    byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
        if (!hasKey()) {
            return plaintext.clone();
        }
        byte[] out = new byte[plaintext.length + TAG_BYTES];
        encryptWithAd(ad, ByteBuffer.wrap(plaintext), ByteBuffer.wrap(out));
        return out;
    }

    /**
     * DecryptWithAd(ad, ciphertext): the plaintext, or a copy of the input when there is no key.
     * On failure n is left unchanged (§5.1) and the caller must abandon the session.
     */
    byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
        if (!hasKey()) {
            return ciphertext.clone();
        }
        if (ciphertext.length < TAG_BYTES) {
            throw new NoiseException(NoiseException.Reason.TRUNCATED_MESSAGE,
                    "ciphertext of " + ciphertext.length + " bytes is shorter than the AEAD tag");
        }
        byte[] out = new byte[ciphertext.length - TAG_BYTES];
        decryptWithAd(ad, ByteBuffer.wrap(ciphertext), ByteBuffer.wrap(out));
        return out;
    }

    /**
     * Encrypts all of {@code plaintext} into {@code out}, which must have room for
     * {@code plaintext.remaining() + 16} bytes. Requires a key. Both positions advance.
     */
    void encryptWithAd(byte[] ad, ByteBuffer plaintext, ByteBuffer out) throws NoiseException {
        Cipher c = init(Cipher.ENCRYPT_MODE, ad);
        try {
            c.doFinal(plaintext, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
        n++;
    }

    /**
     * Decrypts and authenticates all of {@code ciphertext} (at least 16 bytes) into {@code out},
     * which must have room for {@code ciphertext.remaining() - 16} bytes. Requires a key.
     */
    void decryptWithAd(byte[] ad, ByteBuffer ciphertext, ByteBuffer out) throws NoiseException {
        if (ciphertext.remaining() < TAG_BYTES) {
            throw new NoiseException(NoiseException.Reason.TRUNCATED_MESSAGE,
                    "ciphertext of " + ciphertext.remaining() + " bytes is shorter than the AEAD tag");
        }
        Cipher c = init(Cipher.DECRYPT_MODE, ad);
        try {
            c.doFinal(ciphertext, out);
        } catch (AEADBadTagException e) {
            throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED,
                    "message authentication failed at nonce " + Long.toUnsignedString(n));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
        n++;
    }

    /**
     * Encrypts {@code array[offset, offset + length)} in place and writes the 16-byte tag right
     * after it, so {@code length + 16} bytes from {@code offset} must fit. Requires a key.
     *
     * <p>The transport path: the JCA cipher works on arrays, and with input and output at the
     * same offset of one array it needs neither a temporary array nor a second buffer (its
     * {@code ByteBuffer} methods copy direct buffers through fresh arrays).
     */
    void encryptInPlace(byte[] ad, byte[] array, int offset, int length) throws NoiseException {
        Cipher c = init(Cipher.ENCRYPT_MODE, ad);
        try {
            c.doFinal(array, offset, length, array, offset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
        n++;
    }

    /**
     * Authenticates and decrypts {@code array[offset, offset + length)} (ciphertext then tag,
     * at least 16 bytes) in place: the plaintext ends up at {@code offset}. Requires a key.
     *
     * @return the plaintext length, {@code length - 16}
     */
    int decryptInPlace(byte[] ad, byte[] array, int offset, int length) throws NoiseException {
        if (length < TAG_BYTES) {
            throw new NoiseException(NoiseException.Reason.TRUNCATED_MESSAGE,
                    "ciphertext of " + length + " bytes is shorter than the AEAD tag");
        }
        Cipher c = init(Cipher.DECRYPT_MODE, ad);
        int plain;
        try {
            plain = c.doFinal(array, offset, length, array, offset);
        } catch (AEADBadTagException e) {
            throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED,
                    "message authentication failed at nonce " + Long.toUnsignedString(n));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
        n++;
        return plain;
    }

    private Cipher init(int mode, byte[] ad) throws NoiseException {
        if (key == null) {
            throw new IllegalStateException("CipherState has no key");
        }
        if (n == RESERVED_NONCE) {
            throw new NoiseException(NoiseException.Reason.NONCE_EXHAUSTED,
                    "nonce 2^64-1 reached; the session must be closed");
        }
        // 32 zero bits, then n little-endian (Noise spec §12.3); bytes 0..3 stay zero.
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (n >>> (8 * i));
        }
        try {
            if (cipher == null) {
                cipher = Cipher.getInstance(TRANSFORMATION);
            }
            try {
                cipher.init(mode, key, new IvParameterSpec(iv));
            } catch (InvalidKeyException e) {
                // The JDK refuses to re-initialize one Cipher object with the key and nonce it
                // last used, even to decrypt; that happens only when a message is retried after
                // a failed decryption. A fresh object has no such memory.
                cipher = Cipher.getInstance(TRANSFORMATION);
                cipher.init(mode, key, new IvParameterSpec(iv));
            }
            if (ad.length > 0) {
                cipher.updateAAD(ad);
            }
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA ChaCha20-Poly1305 unavailable", e);
        }
    }

    /** Forgets the key. The JCA key object cannot be wiped; dropping it is the best we can do. */
    void destroy() {
        key = null;
        cipher = null;
        Arrays.fill(iv, (byte) 0);
    }

    static byte[] emptyAd() {
        return EMPTY;
    }
}
