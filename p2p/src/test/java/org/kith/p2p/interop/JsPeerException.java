package org.kith.p2p.interop;

/** The peer failed, exited, refused a command, or broke the line protocol. */
public final class JsPeerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JsPeerException(String message) {
        super(message);
    }

    JsPeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
