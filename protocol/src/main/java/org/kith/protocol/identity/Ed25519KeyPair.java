package org.kith.protocol.identity;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 key pair: the identity of a Kith node and the author of its records.
 *
 * <p>The private part is the 32-byte RFC 8032 seed. Thread-safe for signing. {@link #toString()}
 * never shows the seed; call {@link #destroy()} to wipe it when the key is no longer needed.
 */
public final class Ed25519KeyPair implements Destroyable {

    public static final int SEED_BYTES = 32;

    private final byte[] seed;
    private final Ed25519PrivateKeyParameters privateParams;
    private final Ed25519PublicKey publicKey;
    private volatile boolean destroyed;

    private Ed25519KeyPair(byte[] seed) {
        this.seed = seed;
        this.privateParams = new Ed25519PrivateKeyParameters(seed, 0);
        this.publicKey = Ed25519PublicKey.fromRaw(privateParams.generatePublicKey().getEncoded());
    }

    /** A key pair from a 32-byte seed (copied). */
    public static Ed25519KeyPair fromSeed(byte[] seed) {
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes, got " + seed.length);
        }
        return new Ed25519KeyPair(seed.clone());
    }

    public static Ed25519KeyPair generate(SecureRandom random) {
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        try {
            return fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** A copy of the seed. The caller must wipe it after use. */
    public byte[] seed() {
        checkNotDestroyed();
        return seed.clone();
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    public PeerId peerId() {
        return publicKey.toPeerId();
    }

    /** A plain RFC 8032 Ed25519 signature (64 bytes) over {@code message}. */
    public byte[] sign(byte[] message) {
        checkNotDestroyed();
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateParams);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(seed, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new IllegalStateException("key pair destroyed");
        }
    }

    @Override
    public String toString() {
        return "Ed25519KeyPair[" + peerId() + "]";
    }
}
