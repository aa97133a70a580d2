package org.kith.p2p.yamux;

import java.io.IOException;
import java.util.Objects;

/**
 * Why a Yamux session or stream failed. {@link #reason()} is a stable code; for
 * {@link Reason#PROTOCOL_VIOLATION} {@link #violation()} says which rule the remote broke.
 * Messages name stream IDs, lengths and limits, never payload bytes.
 *
 * <p>It reaches users as the cause of a failed {@code openStream} future, of failed stream
 * writes, or of {@link YamuxSession#closeFuture()}; it is never thrown across the Netty pipeline
 * into user handlers.
 */
public final class YamuxException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What happened. */
    public enum Reason {
        /** The remote broke the protocol; we sent GoAway(protocol error) and closed the connection. */
        PROTOCOL_VIOLATION,
        /** The remote sent GoAway: no new streams; with an error code the session ended. */
        REMOTE_GO_AWAY,
        /** We sent GoAway (graceful shutdown started): no new streams. */
        LOCAL_GO_AWAY,
        /** The remote did not answer a keepalive ping in time. */
        KEEPALIVE_TIMEOUT,
        /** The session or its connection closed. */
        SESSION_CLOSED,
        /** The remote reset (RST) the stream, or refused to open it. */
        STREAM_RESET,
        /** Too many concurrent streams, or too many of our streams await the remote's ACK. */
        STREAM_LIMIT,
        /** All stream IDs of our parity have been used on this session. */
        STREAM_IDS_EXHAUSTED,
        /** A local failure (a handler threw, an encoder failed). */
        INTERNAL_ERROR
    }

    /** Which protocol rule the remote broke (only with {@link Reason#PROTOCOL_VIOLATION}). */
    public enum Violation {
        /** Header version is not 0. */
        BAD_VERSION,
        /** Header type is not Data, WindowUpdate, Ping or GoAway. */
        UNKNOWN_TYPE,
        /** A Data frame longer than the largest window we ever grant. */
        FRAME_TOO_LARGE,
        /** More Data than the stream's receive window allows. */
        WINDOW_EXCEEDED,
        /** A WindowUpdate that grows our send window beyond 2^32-1. */
        SEND_WINDOW_OVERFLOW,
        /** A SYN with an ID of our own parity ("both endpoints are clients"). */
        WRONG_STREAM_PARITY,
        /** A SYN for a stream that is already open. */
        DUPLICATE_STREAM,
        /** A Data or WindowUpdate frame on stream 0, which is reserved for the session. */
        STREAM_FRAME_ON_SESSION_ID,
        /** A Ping or GoAway frame on a stream other than 0. */
        SESSION_FRAME_ON_STREAM_ID,
        /** A Ping whose flags are not exactly SYN or exactly ACK. */
        BAD_PING_FLAGS,
        /** A SYN after the remote's own GoAway. */
        NEW_STREAM_AFTER_GO_AWAY
    }

    private final Reason reason;
    private final Violation violation;

    public YamuxException(Reason reason, String detail) {
        this(reason, null, detail, null);
    }

    public YamuxException(Reason reason, String detail, Throwable cause) {
        this(reason, null, detail, cause);
    }

    public YamuxException(Violation violation, String detail) {
        this(Reason.PROTOCOL_VIOLATION, Objects.requireNonNull(violation, "violation"), detail, null);
    }

    private YamuxException(Reason reason, Violation violation, String detail, Throwable cause) {
        super((violation == null ? reason.name() : reason + "/" + violation) + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.violation = violation;
    }

    public Reason reason() {
        return reason;
    }

    /** The broken rule, or {@code null} unless the reason is {@link Reason#PROTOCOL_VIOLATION}. */
    public Violation violation() {
        return violation;
    }
}
