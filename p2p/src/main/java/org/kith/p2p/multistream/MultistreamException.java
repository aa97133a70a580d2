package org.kith.p2p.multistream;

/**
 * Why a multistream-select negotiation did not select a protocol. Delivered only through the
 * failed {@link MultistreamSelect#selected()} future, never thrown into the Netty pipeline.
 */
public final class MultistreamException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The kind of failure; the message has the detail. */
    public enum Reason {
        /**
         * The peer broke the protocol: bad framing, wrong header, unexpected reply, too many
         * proposals. Worth reporting to peer scoring. The channel was closed.
         */
        PROTOCOL_VIOLATION,
        /** The dialer's every proposal was answered {@code na}. The channel was closed. */
        NOT_SUPPORTED,
        /** No protocol was agreed within the configured timeout. The channel was closed. */
        TIMEOUT,
        /** The channel, or the peer's write side, closed before agreement. */
        CONNECTION_CLOSED,
        /** An I/O error or an exception from a handler nearer the wire. The channel was closed. */
        CONNECTION_ERROR,
        /**
         * The handler was removed from the pipeline by someone else before agreement. The channel
         * is left as it is.
         */
        ABORTED
    }

    private final Reason reason;

    MultistreamException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
