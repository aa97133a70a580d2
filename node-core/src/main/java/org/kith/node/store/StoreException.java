package org.kith.node.store;

/**
 * The store could not be opened or written: a damaged, foreign or newer database, or an I/O
 * failure. Unchecked: callers cannot repair it, only report it; the message is one clear line.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
