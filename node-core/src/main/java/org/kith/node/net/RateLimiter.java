package org.kith.node.net;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per key (a peer, a feed): {@code burst} events at once, one more per
 * {@code refill}. Remembers at most {@link #MAX_KEYS} keys (full buckets are forgotten first; when
 * all are busy, new keys are refused). Thread-safe.
 */
public final class RateLimiter<K> {

    public static final int MAX_KEYS = 4_096;

    private final Clock clock;
    private final int burst;
    private final long refillMillis;
    private final Map<K, double[]> buckets = new HashMap<>();

    public RateLimiter(Clock clock, int burst, Duration refill) {
        this.clock = clock;
        this.burst = burst;
        this.refillMillis = refill.toMillis();
    }

    /** Takes one token from {@code key}'s bucket; false if it is empty. */
    public synchronized boolean tryAcquire(K key) {
        long now = clock.millis();
        if (buckets.size() >= MAX_KEYS && !buckets.containsKey(key)) {
            buckets.values().removeIf(b -> level(b, now) >= burst);
            if (buckets.size() >= MAX_KEYS) {
                return false;
            }
        }
        double[] b = buckets.computeIfAbsent(key, k -> new double[] {burst, now});
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
