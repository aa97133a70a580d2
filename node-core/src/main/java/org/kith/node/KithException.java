package org.kith.node;

/**
 * Something the user asked for cannot be done: an unknown id, a missing data directory, a
 * record that breaks a rule. The message is one line, fit to show the user as it is.
 */
public class KithException extends Exception {

    private static final long serialVersionUID = 1L;

    public KithException(String message) {
        super(message);
    }

    public KithException(String message, Throwable cause) {
        super(message, cause);
    }
}
