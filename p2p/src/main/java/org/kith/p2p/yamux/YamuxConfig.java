package org.kith.p2p.yamux;

import java.time.Duration;
import java.util.Objects;

/**
 * Yamux session settings. {@link #DEFAULT} matches go-yamux and js-libp2p-yamux where they agree.
 *
 * @param initialStreamWindowBytes receive window each stream grants the remote at open. The
 *        protocol fixes the starting window at 256 KiB; a larger value is granted by a
 *        WindowUpdate sent with the SYN or ACK. Default 256 KiB; at least 256 KiB.
 * @param maxStreamWindowBytes the receive window may grow up to this (auto-tuning, go-yamux
 *        style: doubled when the application consumes a window within four round trips). It is
 *        also the hard cap on any incoming Data frame. Default 16 MiB; at least the initial
 *        window. Equal to the initial window turns auto-tuning (and its start-up RTT ping) off.
 * @param maxDataFrameBytes largest Data payload we send; writes are split into frames of at most
 *        this. Default 64 KiB (what go and js send); between 1 KiB and the initial window.
 * @param acceptBacklog inbound streams we have not yet acknowledged (the application has not
 *        started reading or writing them) beyond which new inbound SYNs are reset; also the
 *        limit on our own streams awaiting the remote's ACK. Default 256 (go).
 * @param maxStreams concurrent streams, both directions; inbound SYNs beyond it are reset and
 *        {@code openStream} fails. Default 1000 (go's MaxIncomingStreams).
 * @param keepAliveInterval how often to ping the remote; {@link Duration#ZERO} disables
 *        keepalive. Default 30 s (go, js).
 * @param keepAliveTimeout the session is closed if nothing at all arrives within this after a
 *        keepalive ping. Default 10 s.
 */
public record YamuxConfig(
        int initialStreamWindowBytes,
        int maxStreamWindowBytes,
        int maxDataFrameBytes,
        int acceptBacklog,
        int maxStreams,
        Duration keepAliveInterval,
        Duration keepAliveTimeout) {

    /** 256 KiB, the protocol's starting window. */
    public static final int DEFAULT_INITIAL_STREAM_WINDOW_BYTES = YamuxFrame.INITIAL_WINDOW_BYTES;
    /** 16 MiB, as go and js. */
    public static final int DEFAULT_MAX_STREAM_WINDOW_BYTES = 16 * 1024 * 1024;
    /** 64 KiB, as go and js. */
    public static final int DEFAULT_MAX_DATA_FRAME_BYTES = 64 * 1024;
    /** Smallest allowed {@link #maxDataFrameBytes()} (go: MaxMessageSize at least 1 KiB). */
    public static final int MIN_DATA_FRAME_BYTES = 1024;
    /** 256, go-yamux's AcceptBacklog. */
    public static final int DEFAULT_ACCEPT_BACKLOG = 256;
    /** 1000, go-yamux's MaxIncomingStreams. */
    public static final int DEFAULT_MAX_STREAMS = 1000;
    /** 30 s, as go and js. */
    public static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofSeconds(30);
    /** 10 s. */
    public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);

    /** All defaults. */
    public static final YamuxConfig DEFAULT = new YamuxConfig(
            DEFAULT_INITIAL_STREAM_WINDOW_BYTES,
            DEFAULT_MAX_STREAM_WINDOW_BYTES,
            DEFAULT_MAX_DATA_FRAME_BYTES,
            DEFAULT_ACCEPT_BACKLOG,
            DEFAULT_MAX_STREAMS,
            DEFAULT_KEEPALIVE_INTERVAL,
            DEFAULT_KEEPALIVE_TIMEOUT);

    public YamuxConfig {
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        Objects.requireNonNull(keepAliveTimeout, "keepAliveTimeout");
        if (initialStreamWindowBytes < YamuxFrame.INITIAL_WINDOW_BYTES) {
            throw new IllegalArgumentException("initialStreamWindowBytes must be at least 256 KiB");
        }
        if (maxStreamWindowBytes < initialStreamWindowBytes) {
            throw new IllegalArgumentException("maxStreamWindowBytes must be at least initialStreamWindowBytes");
        }
        if (maxDataFrameBytes < MIN_DATA_FRAME_BYTES || maxDataFrameBytes > YamuxFrame.INITIAL_WINDOW_BYTES) {
            throw new IllegalArgumentException("maxDataFrameBytes must be between 1 KiB and 256 KiB");
        }
        if (acceptBacklog < 1) {
            throw new IllegalArgumentException("acceptBacklog must be positive");
        }
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be positive");
        }
        if (keepAliveInterval.isNegative() || keepAliveTimeout.isNegative()
                || (!keepAliveInterval.isZero() && keepAliveTimeout.isZero())) {
            throw new IllegalArgumentException("keepalive interval and timeout must be positive (interval 0 = off)");
        }
    }

    /** A copy with other initial and maximum receive windows. */
    public YamuxConfig withWindows(int initialBytes, int maxBytes) {
        return new YamuxConfig(initialBytes, maxBytes, maxDataFrameBytes, acceptBacklog, maxStreams,
                keepAliveInterval, keepAliveTimeout);
    }

    /** A copy with another largest Data payload to send. */
    public YamuxConfig withMaxDataFrameBytes(int bytes) {
        return new YamuxConfig(initialStreamWindowBytes, maxStreamWindowBytes, bytes, acceptBacklog, maxStreams,
                keepAliveInterval, keepAliveTimeout);
    }

    /** A copy with another accept backlog. */
    public YamuxConfig withAcceptBacklog(int streams) {
        return new YamuxConfig(initialStreamWindowBytes, maxStreamWindowBytes, maxDataFrameBytes, streams, maxStreams,
                keepAliveInterval, keepAliveTimeout);
    }

    /** A copy with another limit on concurrent streams. */
    public YamuxConfig withMaxStreams(int streams) {
        return new YamuxConfig(initialStreamWindowBytes, maxStreamWindowBytes, maxDataFrameBytes, acceptBacklog,
                streams, keepAliveInterval, keepAliveTimeout);
    }

    /**
     * A copy with other keepalive settings.
     *
     * @param interval time between pings; {@link Duration#ZERO} disables keepalive
     * @param timeout how long to wait for any sign of life after a ping
     * @return the new config
     */
    public YamuxConfig withKeepAlive(Duration interval, Duration timeout) {
        return new YamuxConfig(initialStreamWindowBytes, maxStreamWindowBytes, maxDataFrameBytes, acceptBacklog,
                maxStreams, interval, timeout);
    }

    /** Whether the receive window may grow (and the session measures RTT at start for that). */
    boolean autoTuning() {
        return maxStreamWindowBytes > initialStreamWindowBytes;
    }

    boolean keepAliveEnabled() {
        return !keepAliveInterval.isZero();
    }
}
