package org.kith.p2p;

/**
 * Serves one protocol: called for each inbound stream the remote opened with it, on the
 * connection's I/O thread. It must not block; it sets a reader and writes as it needs.
 */
@FunctionalInterface
public interface ProtocolHandler {
    void onStream(Stream stream);
}
