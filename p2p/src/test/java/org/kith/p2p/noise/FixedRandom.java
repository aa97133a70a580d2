package org.kith.p2p.noise;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A deterministic "SecureRandom" for tests: SHA-256(label ‖ counter) blocks. Makes ephemeral
 * keys, and so whole handshakes, reproducible byte for byte. Never use outside tests.
 */
final class FixedRandom extends SecureRandom {

    private static final long serialVersionUID = 1L;

    private final byte[] label;
    private long counter;

    FixedRandom(String label) {
        this.label = label.getBytes(UTF_8);
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            int filled = 0;
            while (filled < bytes.length) {
                sha.update(label);
                sha.update(Long.toString(counter++).getBytes(UTF_8));
                byte[] block = sha.digest();
                int n = Math.min(block.length, bytes.length - filled);
                System.arraycopy(block, 0, bytes, filled, n);
                filled += n;
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void setSeed(long seed) {
        // The superclass constructor calls this; the label is the only seed.
    }

    /** 32 deterministic bytes for {@code label}, e.g. a fixed private key. */
    static byte[] bytes32(String label) {
        byte[] out = new byte[32];
        new FixedRandom(label).nextBytes(out);
        return out;
    }
}
