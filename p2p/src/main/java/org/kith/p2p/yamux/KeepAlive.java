package org.kith.p2p.yamux;

import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's pings: one round-trip probe at start (for receive-window auto-tuning, as go and
 * js measure RTT on connect) and, if enabled, a keepalive ping every interval. A keepalive ping
 * fails only if nothing at all arrived within the timeout: a busy remote's reply can sit behind
 * its data. One ping is outstanding at a time; replies that match none are ignored.
 *
 * <p>Runs on the session's event loop (the session moves scheduler callbacks there).
 */
final class KeepAlive {

    private static final Logger log = LoggerFactory.getLogger(KeepAlive.class);

    private final YamuxSession session;
    private final YamuxConfig config;
    private final YamuxScheduler scheduler;
    private volatile long rttNanos = -1;
    private long nextId = 1;
    private long outstandingId = -1;
    private long sentAtNanos;
    private Future<?> tickTask;
    private Future<?> timeoutTask;
    private boolean stopped;

    KeepAlive(YamuxSession session, YamuxConfig config, YamuxScheduler scheduler) {
        this.session = session;
        this.config = config;
        this.scheduler = scheduler;
    }

    long rttNanos() {
        return rttNanos;
    }

    void start() {
        if (config.autoTuning()) {
            sendPing();
        }
        if (config.keepAliveEnabled()) {
            scheduleTick();
        }
    }

    void stop() {
        stopped = true;
        cancel(tickTask);
        cancel(timeoutTask);
        tickTask = null;
        timeoutTask = null;
    }

    void onPong(long id) {
        if (id != outstandingId) {
            log.debug("yamux ping reply {} matches no outstanding ping; ignored", id);
            return;
        }
        rttNanos = Math.max(0, scheduler.nanoTime() - sentAtNanos);
        outstandingId = -1;
        if (timeoutTask != null) {
            cancel(timeoutTask);
            timeoutTask = null;
            scheduleTick();
        }
    }

    private void scheduleTick() {
        if (!stopped) {
            tickTask = session.schedule(this::tick, config.keepAliveInterval().toNanos());
        }
    }

    private void tick() {
        tickTask = null;
        if (stopped || session.isClosing()) {
            return;
        }
        long id = sendPing();
        long framesAtSend = session.framesReceived();
        timeoutTask = session.schedule(() -> checkTimeout(id, framesAtSend), config.keepAliveTimeout().toNanos());
    }

    private void checkTimeout(long id, long framesAtSend) {
        timeoutTask = null;
        if (stopped || session.isClosing() || outstandingId != id) {
            return;
        }
        if (session.framesReceived() > framesAtSend) {
            scheduleTick();
            return;
        }
        session.keepAliveTimedOut(scheduler.nanoTime() - sentAtNanos);
    }

    private long sendPing() {
        long id = nextId;
        nextId = (nextId + 1) & YamuxFrame.MAX_UINT32;
        outstandingId = id;
        sentAtNanos = scheduler.nanoTime();
        session.sendPing(id);
        return id;
    }

    private static void cancel(Future<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }
}
