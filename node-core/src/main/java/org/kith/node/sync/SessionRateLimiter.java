package org.kith.node.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.kith.protocol.identity.PeerId;

/**
 * A token bucket per peer for inbound sync sessions: {@code burst} sessions at once, one more per
 * {@code refill}. Remembers at most {@link #MAX_PEERS} peers (full buckets are forgotten first).
 * Thread-safe.
 */
final class SessionRateLimiter {

    static final int MAX_PEERS = 4_096;

    private final Clock clock;
    private final int burst;
    private final long refillMillis;
    private final Map<PeerId, double[]> buckets = new HashMap<>();

    SessionRateLimiter(Clock clock, int burst, Duration refill) {
        this.clock = clock;
        this.burst = burst;
        this.refillMillis = refill.toMillis();
    }

    /** Takes one session from {@code peer}'s bucket; false if it is empty. */
    synchronized boolean tryAcquire(PeerId peer) {
        long now = clock.millis();
        if (buckets.size() >= MAX_PEERS && !buckets.containsKey(peer)) {
            buckets.values().removeIf(b -> level(b, now) >= burst);
            if (buckets.size() >= MAX_PEERS) {
                return false;
            }
        }
        double[] b = buckets.computeIfAbsent(peer, p -> new double[] {burst, now});
        double tokens = level(b, now);
        b[1] = now;
        if (tokens < 1) {
            b[0] = tokens;
            return false;
        }
        b[0] = tokens - 1;
        return true;
    }

    private double level(double[] b, long now) {
        return Math.min(burst, b[0] + Math.max(0, now - (long) b[1]) / (double) refillMillis);
    }
}
