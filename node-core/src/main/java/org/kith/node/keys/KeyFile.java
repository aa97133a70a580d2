package org.kith.node.keys;

import java.nio.charset.StandardCharsets;
import org.kith.protocol.identity.PeerId;

/**
 * The decoded content of an identity key file, already checked for shape and bounds by
 * {@link KeyFileCodec}. Array components are not copied: these are package-internal carriers.
 */
sealed interface KeyFile permits KeyFile.Encrypted, KeyFile.Plain {

    String FORMAT = "kith-key/1";
    String KDF_ARGON2ID = "argon2id";
    String CIPHER_CHACHA20_POLY1305 = "chacha20-poly1305";
    String ENCRYPTION_NONE = "none";

    /**
     * The header bound into the AEAD: format, peer ID, KDF name and parameters, cipher name,
     * joined by newlines. Unambiguous because none of the parts can contain a newline (the peer ID
     * is canonical base58, the rest are constants and decimal integers).
     */
    static byte[] associatedData(PeerId peerId, KdfParams kdf) {
        return String.join("\n", FORMAT, peerId.toBase58(), KDF_ARGON2ID,
                        Integer.toString(kdf.memoryKiB()), Integer.toString(kdf.iterations()),
                        Integer.toString(kdf.parallelism()), CIPHER_CHACHA20_POLY1305)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The peer ID written in the header. Unauthenticated until the seed is checked against it. */
    PeerId peerId();

    /** A seed sealed with ChaCha20-Poly1305 under an Argon2id key. */
    record Encrypted(PeerId peerId, KdfParams kdf, byte[] salt, byte[] nonce, byte[] ciphertext)
            implements KeyFile {

        byte[] associatedData() {
            return KeyFile.associatedData(peerId, kdf);
        }
    }

    /** A seed stored in clear, because the user chose no passphrase. */
    record Plain(PeerId peerId, byte[] seed) implements KeyFile {

        @Override
        public String toString() {
            return "Plain[peerId=" + peerId + ", seed=<redacted>]";
        }
    }
}
