package org.kith.p2p.pubsub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Virtual time for simulated networks: a scheduler whose tasks run only when the test advances
 * the clock, in (time, submission) order, on the test thread; and a {@link Clock} reading that time.
 */
final class SimScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final class Task implements ScheduledFuture<Object>, Comparable<Delayed> {
        final Runnable body;
        final long periodMillis;
        final long order;
        long atMillis;
        boolean cancelled;

        Task(Runnable body, long atMillis, long periodMillis) {
            this.body = body;
            this.atMillis = atMillis;
            this.periodMillis = periodMillis;
            this.order = sequence++;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(atMillis - nowMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Task t = (Task) o;
            int c = Long.compare(atMillis, t.atMillis);
            return c != 0 ? c : Long.compare(order, t.order);
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nowMillis = 1_700_000_000_000L;
    private long sequence;

    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(nowMillis);
        }

        @Override
        public long millis() {
            return nowMillis;
        }
    };

    long nowMillis() {
        return nowMillis;
    }

    /** Runs every task due within {@code d}, advancing the clock to each task's time, then to now + d. */
    void advance(Duration d) {
        long end = nowMillis + d.toMillis();
        while (!queue.isEmpty() && queue.peek().atMillis <= end) {
            Task t = queue.poll();
            if (t.cancelled) {
                continue;
            }
            nowMillis = Math.max(nowMillis, t.atMillis);
            if (t.periodMillis > 0) {
                t.atMillis += t.periodMillis;
                queue.add(t);
            }
            t.body.run();
        }
        nowMillis = end;
    }

    /** Runs what is due now (zero-delay tasks and what they submit). */
    void runDue() {
        advance(Duration.ZERO);
    }

    private Task add(Runnable r, long delayMillis, long periodMillis) {
        Task t = new Task(r, nowMillis + Math.max(0, delayMillis), periodMillis);
        queue.add(t);
        return t;
    }

    @Override
    public void execute(Runnable command) {
        add(command, 0, 0);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(command, unit.toMillis(delay), 0);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(command, unit.toMillis(initialDelay), unit.toMillis(period));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
    }

    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
