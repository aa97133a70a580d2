package org.kith.p2p.yamux;

/**
 * Receive-side flow control of one stream (yamux spec "Flow Control"; growth as in go-yamux
 * {@code sendWindowUpdate} and js-libp2p-yamux). All values are bytes, held in longs so that
 * unsigned 32-bit windows never wrap.
 *
 * <ul>
 *   <li>{@code credit}: how many more Data bytes the remote may send before our next update.
 *   <li>{@code buffered}: bytes received but not yet handed to the application; they still count
 *       against the window, which is what makes a slow reader push back on the sender.
 *   <li>{@code window}: the target, {@code credit + buffered} after an update. It starts at the
 *       configured initial window and doubles (up to the maximum) when the application consumed
 *       a whole half-window within four round-trip times of the previous update.
 * </ul>
 * Not thread-safe: used on the session's event loop only.
 */
final class ReceiveWindow {

    private final long maxWindow;
    private long window;
    private long credit = YamuxFrame.INITIAL_WINDOW_BYTES;
    private long buffered;
    private long epochStartNanos;

    ReceiveWindow(long initialWindow, long maxWindow, long nowNanos) {
        if (initialWindow < YamuxFrame.INITIAL_WINDOW_BYTES || maxWindow < initialWindow
                || maxWindow > YamuxFrame.MAX_UINT32) {
            throw new IllegalArgumentException("bad window sizes " + initialWindow + "/" + maxWindow);
        }
        this.window = initialWindow;
        this.maxWindow = maxWindow;
        this.epochStartNanos = nowNanos;
    }

    /** Bytes the remote may still send. */
    long credit() {
        return credit;
    }

    long buffered() {
        return buffered;
    }

    long window() {
        return window;
    }

    /**
     * Accounts for {@code length} received Data bytes.
     *
     * @return false, changing nothing, if they exceed the credit (the remote overran the window)
     */
    boolean onData(long length) {
        if (length > credit) {
            return false;
        }
        credit -= length;
        buffered += length;
        return true;
    }

    /** The application took (or we discarded) {@code length} buffered bytes. */
    void onConsumed(long length) {
        if (length > buffered) {
            throw new IllegalStateException("consumed " + length + " of " + buffered + " buffered bytes");
        }
        buffered -= length;
    }

    /**
     * Decides the next WindowUpdate: due when at least half the window has been consumed, or
     * always when {@code force} (a SYN, ACK or FIN has to go out anyway).
     *
     * @param rttNanos the session's round-trip time, or negative if unknown (then no growth)
     * @return the delta to send (added to the credit), 0 if no update is due or nothing to grant
     */
    long takeUpdate(boolean force, long nowNanos, long rttNanos) {
        long current = credit + buffered;
        long delta = Math.max(0, window - current);
        if (!force && delta < window / 2) {
            return 0;
        }
        if (!force && rttNanos >= 0 && window < maxWindow && nowNanos - epochStartNanos <= 4 * rttNanos) {
            window = Math.min(window * 2, maxWindow);
            delta = window - current;
        }
        epochStartNanos = nowNanos;
        credit += delta;
        return delta;
    }
}
