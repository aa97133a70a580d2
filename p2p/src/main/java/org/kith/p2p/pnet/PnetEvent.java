package org.kith.p2p.pnet;

/**
 * User events {@link PnetHandler} fires inbound (via {@code fireUserEventTriggered}) so the layers
 * above can tell a pnet failure from any other closed connection. Handlers that do not care can
 * ignore them; Netty's pipeline tail drops them silently.
 */
public sealed interface PnetEvent {

    /** The peer's nonce arrived: both directions are keyed. Fired once, before any inbound data. */
    PnetEvent ESTABLISHED = new Established();

    /** See {@link #ESTABLISHED}. */
    record Established() implements PnetEvent {
    }

    /**
     * The connection will be (or was) closed before the peer's nonce arrived.
     *
     * @param reason what went wrong, for logs; contains no key material
     */
    record Failed(String reason) implements PnetEvent {
    }
}
