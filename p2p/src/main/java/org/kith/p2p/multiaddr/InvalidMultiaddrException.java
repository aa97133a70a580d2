package org.kith.p2p.multiaddr;

/**
 * A multiaddr, in text or binary form, was refused: unknown protocol, missing or malformed value,
 * truncation, trailing bytes, or over a length limit. The message says which; it quotes at most a
 * short, sanitised excerpt of the input.
 *
 * <p>Unchecked, like {@link IllegalArgumentException} (which it is), because most multiaddrs come
 * from configuration; code that parses addresses received from peers (identify, pubsub peer
 * exchange) catches it and drops the address.
 */
public final class InvalidMultiaddrException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidMultiaddrException(String message) {
        super(message);
    }

    public InvalidMultiaddrException(String message, Throwable cause) {
        super(message, cause);
    }
}
