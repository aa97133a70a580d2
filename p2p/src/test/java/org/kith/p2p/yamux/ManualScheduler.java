package org.kith.p2p.yamux;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A settable clock and timer: tasks run only inside {@link #advance}, on the calling thread. */
final class ManualScheduler implements YamuxScheduler {

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.seq));
    private long now = 1_000_000_000L;
    private long seq;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Future<?> schedule(EventExecutor loop, Runnable task, long delayNanos) {
        Task t = new Task(now + delayNanos, seq++, task);
        tasks.add(t);
        return t;
    }

    /** Moves time forward, running every task that falls due, in order. */
    void advance(Duration by) {
        long target = now + by.toNanos();
        Task next;
        while ((next = tasks.peek()) != null && next.due <= target) {
            tasks.poll();
            now = Math.max(now, next.due);
            if (!next.cancelled) {
                next.done = true;
                next.task.run();
            }
        }
        now = target;
    }

    int pendingTasks() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    private static final class Task implements Future<Void> {
        final long due;
        final long seq;
        final Runnable task;
        boolean cancelled;
        boolean done;

        Task(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Void get() {
            return null;
        }

        @Override
        public Void get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
