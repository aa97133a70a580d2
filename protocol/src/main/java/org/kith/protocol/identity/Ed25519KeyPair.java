package org.kith.protocol.identity;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.security.auth.Destroyable;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 key pair: the identity of a Kith node and the author of its records.
 *
 * <p>The private part is the 32-byte RFC 8032 seed. Thread-safe for signing. {@link #toString()}
 * never shows the seed; call {@link #destroy()} to wipe it when the key is no longer needed.
 */
public final class Ed25519KeyPair implements Destroyable {

    public static final int SEED_BYTES = 32;

    // The only copy of the seed: no BouncyCastle key object holds one, so destroy() really wipes it.
    private final byte[] seed;
    private final byte[] publicKeyRaw;
    private final Ed25519PublicKey publicKey;
    // Signers share the read lock; destroy() takes the write lock, so it never wipes the seed in
    // the middle of a signature (which would yield a signature that does not verify).
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean destroyed;

    private Ed25519KeyPair(byte[] seed) {
        this.seed = seed;
        this.publicKeyRaw = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, publicKeyRaw, 0);
        this.publicKey = Ed25519PublicKey.fromRaw(publicKeyRaw);
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
        lock.readLock().lock();
        try {
            checkNotDestroyed();
            return seed.clone();
        } finally {
            lock.readLock().unlock();
        }
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    public PeerId peerId() {
        return publicKey.toPeerId();
    }

    /** A plain RFC 8032 Ed25519 signature (64 bytes) over {@code message}. */
    public byte[] sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        lock.readLock().lock();
        try {
            checkNotDestroyed();
            Ed25519.sign(seed, 0, publicKeyRaw, 0, message, 0, message.length, signature, 0);
        } finally {
            lock.readLock().unlock();
        }
        return signature;
    }

    @Override
    public void destroy() {
        lock.writeLock().lock();
        try {
            destroyed = true;
            Arrays.fill(seed, (byte) 0);
        } finally {
            lock.writeLock().unlock();
        }
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
