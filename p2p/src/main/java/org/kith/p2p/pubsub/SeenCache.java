package org.kith.p2p.pubsub;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message IDs seen in the last {@code ttl} milliseconds (first-seen time; a repeat does not extend
 * it, as in go's default). Insertion-ordered, so expiry walks only the expired head. Not
 * thread-safe; owned by the router.
 */
final class SeenCache {

    private final long ttlMillis;
    private final LinkedHashMap<String, Long> seenAt = new LinkedHashMap<>();

    SeenCache(long ttlMillis) {
        this.ttlMillis = ttlMillis;
    }

    /** Records {@code id}; false if it was already there. */
    boolean add(String id, long nowMillis) {
        return seenAt.putIfAbsent(id, nowMillis) == null;
    }

    boolean contains(String id) {
        return seenAt.containsKey(id);
    }

    void remove(String id) {
        seenAt.remove(id);
    }

    void expire(long nowMillis) {
        Iterator<Map.Entry<String, Long>> it = seenAt.entrySet().iterator();
        while (it.hasNext()) {
            if (nowMillis - it.next().getValue() < ttlMillis) {
                return;
            }
            it.remove();
        }
    }

    int size() {
        return seenAt.size();
    }
}
