package org.kith.protocol.record;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.kith.protocol.identity.Base32;

/**
 * Swarm identifiers as they appear in records: {@value #PUBLIC} for the public swarm, or the
 * first {@value #TEXT_CHARS} base32 characters (80 bits) of sha256 over a domain tag and the
 * swarm's 32-byte pre-shared key.
 */
public final class SwarmId {

    public static final String PUBLIC = "public";
    public static final int TEXT_CHARS = 16;
    private static final byte[] DOMAIN = "kith-swarm-id:v1\n".getBytes(StandardCharsets.US_ASCII);

    private SwarmId() {
    }

    public static boolean isValid(String swarm) {
        if (PUBLIC.equals(swarm)) {
            return true;
        }
        if (swarm == null || swarm.length() != TEXT_CHARS) {
            return false;
        }
        for (int i = 0; i < swarm.length(); i++) {
            char c = swarm.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
                return false;
            }
        }
        return true;
    }

    /** The ID of the private swarm whose pre-shared key is {@code psk}. */
    public static String fromKey(byte[] psk) {
        if (psk.length != 32) {
            throw new IllegalArgumentException("swarm key must be 32 bytes");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(DOMAIN);
            return Base32.encode(sha.digest(psk)).substring(0, TEXT_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
