package org.kith.p2p.pubsub;

import java.nio.charset.StandardCharsets;

/**
 * Message IDs as map keys: the ID bytes as an ISO-8859-1 string, one char per byte, so equal IDs
 * are equal keys and the conversion is lossless both ways.
 */
final class Ids {

    private Ids() {
    }

    static String key(byte[] id) {
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.ISO_8859_1);
    }
}
