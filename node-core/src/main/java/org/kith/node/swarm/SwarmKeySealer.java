package org.kith.node.swarm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.kith.protocol.identity.Ed25519KeyPair;

/**
 * Seals a swarm's 32-byte pre-shared key for storage: ChaCha20-Poly1305 under a key derived
 * (HKDF-SHA256) from the identity seed, with the swarm ID as associated data. Unlocking the
 * identity unlocks its swarms, so there is one passphrase; a sealed key copied to another
 * identity's store, or moved to another swarm's row, does not open.
 *
 * <p>Layout: {@code 0x01 ‖ nonce (12) ‖ ciphertext (32) ‖ tag (16)}. Stateless, thread-safe.
 */
final class SwarmKeySealer {

    static final byte VERSION = 1;
    static final int NONCE_BYTES = 12;
    static final int SEALED_BYTES = 1 + NONCE_BYTES + 32 + 16;
    private static final byte[] INFO = "kith-swarm-key-wrap:v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SALT = "kith".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SwarmKeySealer() {
    }

    static byte[] seal(byte[] psk, String swarmId, Ed25519KeyPair identity) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] ct = crypt(Cipher.ENCRYPT_MODE, identity, nonce, swarmId, psk, 0, psk.length);
        byte[] out = new byte[SEALED_BYTES];
        out[0] = VERSION;
        System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
        System.arraycopy(ct, 0, out, 1 + NONCE_BYTES, ct.length);
        return out;
    }

    /**
     * The pre-shared key, which the caller should wipe after use.
     *
     * @throws IllegalStateException if the blob is malformed, or was sealed for another identity or swarm
     */
    static byte[] open(byte[] sealed, String swarmId, Ed25519KeyPair identity) {
        if (sealed == null || sealed.length != SEALED_BYTES || sealed[0] != VERSION) {
            throw new IllegalStateException("the stored key of swarm " + swarmId + " is damaged");
        }
        byte[] nonce = Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES);
        return crypt(Cipher.DECRYPT_MODE, identity, nonce, swarmId, sealed, 1 + NONCE_BYTES,
                SEALED_BYTES - 1 - NONCE_BYTES);
    }

    private static byte[] crypt(int mode, Ed25519KeyPair identity, byte[] nonce, String swarmId, byte[] in, int off,
            int len) {
        byte[] seed = identity.seed();
        byte[] key = new byte[32];
        try {
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(seed, SALT, INFO));
            hkdf.generateBytes(key, 0, key.length);
            Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
            cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            cipher.updateAAD(("kith-swarm-key:v1\n" + swarmId).getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(in, off, len);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the stored key of swarm " + swarmId
                    + " does not open with this identity (damaged, or copied from another node)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 failed", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
    }
}
