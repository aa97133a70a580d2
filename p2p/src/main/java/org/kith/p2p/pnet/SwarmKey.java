package org.kith.p2p.pnet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A private network's 32-byte pre-shared key (libp2p PSK v1), immutable.
 *
 * <p>{@link #parse} and {@link #read} accept the swarm.key file format strictly (see
 * {@link SwarmKeyCodec}); {@link #toFileBytes} writes the base16 form that both go-libp2p and
 * js-libp2p read. Keys parsed from {@code /base64/} or {@code /bin/} files work here and in go,
 * but js-libp2p reads base16 only: give js peers {@link #toFileBytes()}.
 *
 * <p>{@link #equals} runs in constant time; {@link #toString} never shows the key. Thread-safe.
 */
public final class SwarmKey {

    /** Length of the pre-shared key. */
    public static final int KEY_BYTES = 32;
    /**
     * Largest swarm.key file {@link #parse} accepts. A real one is under 100 bytes; the bound
     * only stops a hostile or mistaken path (a log, a device) from being read whole.
     */
    public static final int MAX_FILE_BYTES = 1024;

    private final byte[] key;
    private final int hash;

    private SwarmKey(byte[] key) {
        this.key = key;
        this.hash = fingerprintHash(key);
    }

    /** Wraps a copy of {@code key}, which must be exactly {@value #KEY_BYTES} bytes. */
    public static SwarmKey of(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a swarm key is " + KEY_BYTES + " bytes, not " + key.length);
        }
        return new SwarmKey(key.clone());
    }

    /** A fresh random key. */
    public static SwarmKey generate(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return new SwarmKey(key);
    }

    /**
     * Parses the contents of a swarm.key file.
     *
     * @throws InvalidSwarmKeyException with the reason if the bytes are not exactly one valid file
     */
    public static SwarmKey parse(byte[] file) throws InvalidSwarmKeyException {
        return new SwarmKey(SwarmKeyCodec.decode(file));
    }

    /**
     * Reads and parses a swarm.key file, never reading more than {@value #MAX_FILE_BYTES} + 1 bytes.
     *
     * @throws IOException if the file cannot be read
     * @throws InvalidSwarmKeyException if it is not a valid swarm.key file
     */
    public static SwarmKey read(Path file) throws IOException, InvalidSwarmKeyException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        try {
            return parse(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The standard file form: header, {@code /base16/}, lower-case hex, LF line ends. */
    public byte[] toFileBytes() {
        return SwarmKeyCodec.encode(key);
    }

    /** A copy of the 32 key bytes (e.g. for {@code SwarmId.fromKey}); the caller should wipe it. */
    public byte[] keyBytes() {
        return key.clone();
    }

    /** The key itself, not copied, for this package's cipher setup only. */
    byte[] keyUnsafe() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SwarmKey other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Never shows the key or anything derived from it. */
    @Override
    public String toString() {
        return "SwarmKey[redacted]";
    }

    /** A hash code that reveals nothing useful about the key: four bytes of its SHA-256. */
    private static int fingerprintHash(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
