package org.kith.p2p;

import java.util.concurrent.CompletableFuture;
import org.kith.protocol.identity.PeerId;

/**
 * One multiplexed stream to a peer, speaking one negotiated protocol. Writes may be called from
 * any thread; they are queued in order and complete when handed to the transport. Inbound data
 * goes to the {@link StreamReader} set with {@link #read}, on the connection's I/O thread.
 */
public interface Stream {

    PeerId remotePeer();

    /** The protocol ID both sides agreed on. */
    String protocol();

    /** Starts delivering inbound data to {@code reader}; call once, before or after data arrives. */
    void read(StreamReader reader);

    CompletableFuture<Void> write(byte[] data);

    /** Half-closes: no more writes from this side; the remote may still write. */
    CompletableFuture<Void> closeWrite();

    /** Aborts the stream in both directions. */
    void reset();

    /** Completes when the stream is fully closed (both directions, or reset). */
    CompletableFuture<Void> closeFuture();
}
