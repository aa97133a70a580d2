package org.kith.p2p.wire;

import io.netty.handler.codec.DecoderException;

/**
 * The remote peer sent bytes that break the protocol being spoken: a malformed varint, an
 * over-limit frame, an unexpected message. {@link #reason()} says what, in words fit for a log
 * line; it never contains more than a short, sanitised excerpt of what the peer sent.
 *
 * <p>It extends Netty's {@link DecoderException} so that a {@code ByteToMessageDecoder} passes it
 * to {@code exceptionCaught} as is, not wrapped. A connection that raised it is not to be trusted
 * further: the handler that catches it closes the channel (or the stream) and may report the peer
 * to scoring. Never thrown for local mistakes such as bad arguments; those are
 * {@link IllegalArgumentException}s.
 */
public class ProtocolException extends DecoderException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public ProtocolException(String reason) {
        super(reason);
        this.reason = reason;
    }

    public ProtocolException(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
    }

    /** What was wrong, e.g. {@code "frame of 70000 bytes exceeds limit of 65536"}. */
    public String reason() {
        return reason;
    }
}
