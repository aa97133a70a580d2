package org.kith.p2p;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.PeerId;

/**
 * A libp2p host: listens, dials, secures (pnet, Noise) and multiplexes (Yamux) connections,
 * answers identify and ping, and opens or serves protocol streams. Thread-safe; futures
 * complete on I/O threads, so callers must not block in their callbacks.
 */
public interface Host extends AutoCloseable {

    PeerId peerId();

    /** Binds the configured listen addresses. */
    CompletableFuture<Void> start();

    /** The addresses actually bound (ports resolved), each ending in this host's {@code /p2p/} ID. */
    List<Multiaddr> listenAddrs();

    /**
     * Connects to {@code addr} (ip4/ip6 + tcp, optionally ending in {@code /p2p/ID}, which must then
     * be the peer reached). Reuses an existing connection to that peer.
     */
    CompletableFuture<PeerId> dial(Multiaddr addr);

    /** Opens a stream to a connected peer, proposing {@code protocols} in order. */
    CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols);

    /** Serves {@code protocol} on inbound streams. Register before peers connect, or push identify. */
    void setProtocolHandler(String protocol, ProtocolHandler handler);

    /** Protocols this host serves (including identify and ping). */
    Set<String> protocols();

    /** Peers with an open connection. */
    Set<PeerId> connectedPeers();

    /** What identify told us of a peer, if anything. */
    PeerInfo peerInfo(PeerId peer);

    void addListener(Consumer<HostEvent> listener);

    /** Pings a connected peer; completes with the round-trip time in nanoseconds. */
    CompletableFuture<Long> ping(PeerId peer);

    /** Closes every connection and listener; completes when all are closed. */
    CompletableFuture<Void> stop();

    @Override
    default void close() {
        stop().join();
    }

    /** A peer as identify described it. */
    record PeerInfo(PeerId peer, List<String> protocols, String agentVersion, List<Multiaddr> listenAddrs) {
    }
}
