package org.kith.node.swarm;

/** An invite string that cannot be used: malformed, tampered with, expired, or not for us. */
public final class InvalidInviteException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidInviteException(String message) {
        super(message);
    }

    InvalidInviteException(String message, Throwable cause) {
        super(message, cause);
    }
}
