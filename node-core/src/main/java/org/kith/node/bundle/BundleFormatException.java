package org.kith.node.bundle;

/** A bundle file as a whole is unreadable: not JSON, wrong shape, too large. Nothing was imported. */
public final class BundleFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public BundleFormatException(String message) {
        super(message);
    }
}
