package org.kith.node.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        long millis;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void burstThenOnePerIntervalPerKey() {
        ManualClock clock = new ManualClock();
        RateLimiter<String> limiter = new RateLimiter<>(clock, 3, Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire("a"), "burst " + i);
        }
        assertFalse(limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("b"), "keys do not share a bucket");
        clock.millis += 999;
        assertFalse(limiter.tryAcquire("a"));
        clock.millis += 1;
        assertTrue(limiter.tryAcquire("a"));
        assertFalse(limiter.tryAcquire("a"));
        clock.millis += 60_000;
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire("a"), "refilled to the burst, not beyond: " + i);
        }
        assertFalse(limiter.tryAcquire("a"));
    }

    @Test
    void aFloodOfNewKeysCannotGrowItWithoutBound() {
        ManualClock clock = new ManualClock();
        RateLimiter<Integer> limiter = new RateLimiter<>(clock, 1, Duration.ofHours(1));
        for (int k = 0; k < RateLimiter.MAX_KEYS; k++) {
            assertTrue(limiter.tryAcquire(k));
        }
        assertFalse(limiter.tryAcquire(-1), "every remembered bucket is busy: a new key is refused");
        clock.millis += Duration.ofHours(1).toMillis();
        assertTrue(limiter.tryAcquire(-1), "full buckets are forgotten to make room");
    }
}
