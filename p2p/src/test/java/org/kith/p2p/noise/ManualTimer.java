package org.kith.p2p.noise;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A {@link Timer} that fires only when the test says so. */
final class ManualTimer implements Timer {

    final List<ManualTimeout> scheduled = new ArrayList<>();

    @Override
    public synchronized Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
        ManualTimeout t = new ManualTimeout(task, unit.toMillis(delay));
        scheduled.add(t);
        return t;
    }

    /** Runs every task that is neither cancelled nor already run. */
    void fireAll() throws Exception {
        List<ManualTimeout> due;
        synchronized (this) {
            due = new ArrayList<>(scheduled);
        }
        for (ManualTimeout t : due) {
            if (!t.cancelled && !t.expired) {
                t.expired = true;
                t.task.run(t);
            }
        }
    }

    @Override
    public Set<Timeout> stop() {
        return new HashSet<>(scheduled);
    }

    final class ManualTimeout implements Timeout {
        final TimerTask task;
        final long delayMillis;
        volatile boolean cancelled;
        volatile boolean expired;

        ManualTimeout(TimerTask task, long delayMillis) {
            this.task = task;
            this.delayMillis = delayMillis;
        }

        @Override
        public Timer timer() {
            return ManualTimer.this;
        }

        @Override
        public TimerTask task() {
            return task;
        }

        @Override
        public boolean isExpired() {
            return expired;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean cancel() {
            if (expired || cancelled) {
                return false;
            }
            cancelled = true;
            return true;
        }
    }
}
