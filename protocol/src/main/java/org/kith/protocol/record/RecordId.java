package org.kith.protocol.record;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.kith.protocol.identity.Base32;

/**
 * A record's id: sha256 of its payload bytes. Text form: 52 lower-case base32 characters, no
 * padding. Immutable; ordered by text (which is the byte order of the digest).
 */
public final class RecordId implements Comparable<RecordId> {

    public static final int BYTES = 32;
    public static final int TEXT_CHARS = Base32.encodedLength(BYTES);

    private final byte[] digest;
    private final String text;

    private RecordId(byte[] digest) {
        this.digest = digest;
        this.text = Base32.encode(digest);
    }

    public static RecordId ofPayload(byte[] payload) {
        try {
            return new RecordId(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    public static RecordId fromBytes(byte[] digest) {
        if (digest.length != BYTES) {
            throw new IllegalArgumentException("record id must be 32 bytes");
        }
        return new RecordId(digest.clone());
    }

    /**
     * @throws IllegalArgumentException unless exactly the canonical 52-character form
     */
    public static RecordId parse(String text) {
        if (text == null || text.length() != TEXT_CHARS) {
            throw new IllegalArgumentException("record id must be " + TEXT_CHARS + " base32 characters");
        }
        return new RecordId(Base32.decode(text));
    }

    public byte[] toBytes() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordId other && Arrays.equals(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public int compareTo(RecordId o) {
        return text.compareTo(o.text);
    }

    @Override
    public String toString() {
        return text;
    }
}
