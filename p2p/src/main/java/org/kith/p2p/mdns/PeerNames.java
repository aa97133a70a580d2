package org.kith.p2p.mdns;

import java.util.Random;

/**
 * The spec's {@code peer-name}: random lower-case alphanumerics, at least 32 and under 64
 * characters (one DNS label), deliberately not the peer ID, which can outgrow a label. The length
 * is random too, as in go-libp2p (js always uses 63).
 */
final class PeerNames {

    static final int MIN_CHARS = 32;
    static final int MAX_CHARS = 63;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private PeerNames() {
    }

    static String random(Random random) {
        int length = MIN_CHARS + random.nextInt(MAX_CHARS - MIN_CHARS + 1);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
