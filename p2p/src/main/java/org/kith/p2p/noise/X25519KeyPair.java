package org.kith.p2p.noise;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An X25519 key pair: the Noise {@code 25519} DH functions (Noise spec §12.1, RFC 7748).
 *
 * <p>Not thread-safe once {@link #destroy()} may race with use; the handshake owns its keys on
 * one thread. {@link #toString()} never shows the private key.
 */
final class X25519KeyPair {

    /** DHLEN: the size of public keys and DH outputs. */
    static final int KEY_BYTES = X25519.POINT_SIZE;

    private final byte[] privateKey;
    private final byte[] publicKey;

    private X25519KeyPair(byte[] privateKey) {
        this.privateKey = privateKey;
        this.publicKey = new byte[KEY_BYTES];
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
    }

    /** GENERATE_KEYPAIR(): 32 bytes from {@code random}, clamped when used. */
    static X25519KeyPair generate(SecureRandom random) {
        byte[] k = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, k);
        return new X25519KeyPair(k);
    }

    /** A key pair from a raw 32-byte private key (copied), as in the test vectors. */
    static X25519KeyPair fromPrivateKey(byte[] privateKey) {
        if (privateKey.length != X25519.SCALAR_SIZE) {
            throw new IllegalArgumentException("X25519 private key must be 32 bytes, got " + privateKey.length);
        }
        return new X25519KeyPair(privateKey.clone());
    }

    /** The public key (a copy). */
    byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * DH(key_pair, public_key). A low-order remote point gives an all-zero result, which is
     * refused: the Noise spec allows either behaviour, and go (x/crypto) and js (noble) refuse.
     */
    byte[] dh(byte[] remotePublicKey) throws NoiseException {
        if (remotePublicKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("X25519 public key must be 32 bytes");
        }
        byte[] shared = new byte[KEY_BYTES];
        if (!X25519.calculateAgreement(privateKey, 0, remotePublicKey, 0, shared, 0)) {
            throw new NoiseException(NoiseException.Reason.INVALID_DH_KEY,
                    "DH with the remote key gave the all-zero value (low-order point)");
        }
        return shared;
    }

    /** Wipes the private key; the pair must not be used afterwards. */
    void destroy() {
        Arrays.fill(privateKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "X25519KeyPair[public]";
    }
}
