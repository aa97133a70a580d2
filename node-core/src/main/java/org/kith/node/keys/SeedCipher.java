package org.kith.node.keys;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.kith.protocol.identity.PeerId;

/**
 * Seals and opens the 32-byte seed with the JDK's ChaCha20-Poly1305 under an Argon2id key, with
 * the key-file header as associated data. Fresh random salt and nonce on every seal. Our copies of
 * the derived key are wiped; the JCA key spec and cipher keep internal copies we cannot reach,
 * which become garbage when this method returns. Thread-safe (stateless).
 */
final class SeedCipher {

    private static final String TRANSFORMATION = "ChaCha20-Poly1305";
    private static final String KEY_ALGORITHM = "ChaCha20";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SeedCipher() {
    }

    static KeyFile.Encrypted seal(PeerId peerId, byte[] seed, char[] passphrase, KdfParams kdf) {
        byte[] salt = randomBytes(KeyFileCodec.SALT_BYTES);
        byte[] nonce = randomBytes(KeyFileCodec.NONCE_BYTES);
        byte[] key = PassphraseKdf.deriveKey(passphrase, salt, kdf);
        try {
            byte[] ciphertext = cipher(Cipher.ENCRYPT_MODE, key, nonce, KeyFile.associatedData(peerId, kdf))
                    .doFinal(seed);
            return new KeyFile.Encrypted(peerId, kdf, salt, nonce, ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * The seed, which the caller must wipe.
     *
     * @throws AEADBadTagException if the passphrase is wrong or the file was altered
     */
    static byte[] open(KeyFile.Encrypted file, char[] passphrase) throws AEADBadTagException {
        byte[] key = PassphraseKdf.deriveKey(passphrase, file.salt(), file.kdf());
        try {
            return cipher(Cipher.DECRYPT_MODE, key, file.nonce(), file.associatedData())
                    .doFinal(file.ciphertext());
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] associatedData)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, new SecretKeySpec(key, KEY_ALGORITHM), new IvParameterSpec(nonce));
        cipher.updateAAD(associatedData);
        return cipher;
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
