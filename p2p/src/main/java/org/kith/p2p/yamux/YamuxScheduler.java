package org.kith.p2p.yamux;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Time and timers for a Yamux session: keepalive pings and their timeout, round-trip times and
 * receive-window auto-tuning. Inject a manual implementation in tests to make them
 * deterministic; {@link #SYSTEM} uses {@link System#nanoTime()} and the connection's event loop.
 *
 * <p>Thread model: tasks may be run on any thread; the session moves them onto its event loop.
 */
public interface YamuxScheduler {

    /** Monotonic time in nanoseconds (only differences matter). */
    long nanoTime();

    /**
     * Runs {@code task} once after {@code delayNanos}.
     *
     * @param loop the connection's event loop, which the default implementation schedules on
     * @return a handle whose {@code cancel} stops the task if it has not run yet
     */
    Future<?> schedule(EventExecutor loop, Runnable task, long delayNanos);

    /** The connection's event loop and the system clock. */
    YamuxScheduler SYSTEM = new YamuxScheduler() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Future<?> schedule(EventExecutor loop, Runnable task, long delayNanos) {
            return loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        }
    };
}
