package org.kith.p2p.noise;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise {@code SymmetricState} (Noise spec §5.2) with the {@code SHA256} hash functions
 * (§12.5): chaining key {@code ck}, handshake hash {@code h} and the handshake CipherState.
 * HKDF is the Noise §4.3 construction on HMAC-SHA256. Not thread-safe.
 */
final class SymmetricState {

    static final int HASH_BYTES = 32;

    /** The two CipherStates from Split(): c1 encrypts initiator→responder, c2 the reverse. */
    record CipherPair(CipherState c1, CipherState c2) {
    }

    private final MessageDigest sha256;
    private final Mac hmac;
    private final CipherState cipher = new CipherState();
    private byte[] ck;
    private byte[] h;

    /** InitializeSymmetric(protocol_name). */
    SymmetricState(String protocolName) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            hmac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and HmacSHA256 are required of every Java platform", e);
        }
        byte[] name = protocolName.getBytes(US_ASCII);
        // A name of at most HASHLEN bytes is zero-padded into h; a longer one is hashed.
        h = name.length <= HASH_BYTES ? Arrays.copyOf(name, HASH_BYTES) : sha256.digest(name);
        ck = h.clone();
        cipher.initializeKey(null);
    }

    /** MixKey(input_key_material). */
    void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf(ck, inputKeyMaterial, 2);
        Arrays.fill(ck, (byte) 0);
        ck = out[0];
        cipher.initializeKey(out[1]);
        Arrays.fill(out[1], (byte) 0);
    }

    /** MixHash(data): h = HASH(h ‖ data). */
    void mixHash(byte[] data) {
        sha256.update(h);
        sha256.update(data);
        h = sha256.digest();
    }

    boolean hasKey() {
        return cipher.hasKey();
    }

    /** EncryptAndHash(plaintext), with h as associated data. */
    byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
        byte[] ciphertext = cipher.encryptWithAd(h, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    /** DecryptAndHash(ciphertext), with h as associated data. */
    byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
        byte[] plaintext = cipher.decryptWithAd(h, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    /** Split(): the transport CipherStates. The chaining key is wiped afterwards. */
    CipherPair split() {
        byte[][] out = hkdf(ck, new byte[0], 2);
        CipherState c1 = new CipherState();
        CipherState c2 = new CipherState();
        c1.initializeKey(out[0]);
        c2.initializeKey(out[1]);
        Arrays.fill(out[0], (byte) 0);
        Arrays.fill(out[1], (byte) 0);
        destroy();
        return new CipherPair(c1, c2);
    }

    /** The handshake hash h (a copy); after the final message it identifies the session. */
    byte[] handshakeHash() {
        return h.clone();
    }

    /** Wipes ck and drops the handshake key; h is kept (it is a transcript hash, not a secret). */
    void destroy() {
        Arrays.fill(ck, (byte) 0);
        cipher.destroy();
    }

    /**
     * HKDF(chaining_key, input_key_material, num_outputs) as Noise §4.3 defines it:
     * temp_key = HMAC(ck, ikm); output1 = HMAC(temp_key, 0x01);
     * output_i = HMAC(temp_key, output_{i-1} ‖ i).
     */
    byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial, int outputs) {
        if (outputs < 2 || outputs > 3) {
            throw new IllegalArgumentException("HKDF yields 2 or 3 outputs");
        }
        try {
            hmac.init(new SecretKeySpec(chainingKey, "HmacSHA256"));
            byte[] tempKey = hmac.doFinal(inputKeyMaterial);
            hmac.init(new SecretKeySpec(tempKey, "HmacSHA256"));
            byte[][] out = new byte[outputs][];
            byte[] previous = new byte[0];
            for (int i = 0; i < outputs; i++) {
                hmac.update(previous);
                hmac.update((byte) (i + 1));
                out[i] = hmac.doFinal();
                previous = out[i];
            }
            Arrays.fill(tempKey, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 failed", e);
        }
    }
}
