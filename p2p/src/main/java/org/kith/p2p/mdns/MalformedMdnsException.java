package org.kith.p2p.mdns;

/** A received packet that is not a well-formed, acceptable mDNS message. Never leaves this package. */
final class MalformedMdnsException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedMdnsException(String message) {
        super(message, null, false, false);
    }
}
