package org.kith.p2p.mdns;

import java.util.List;
import java.util.Objects;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.PeerId;

/**
 * A peer seen in an mDNS response.
 *
 * @param peer the peer ID every advertised address named
 * @param addrs its dialable addresses ({@code /ip4|ip6/…/tcp/…/p2p/<peer>}), in the order it sent
 *     them; never empty
 */
public record DiscoveredPeer(PeerId peer, List<Multiaddr> addrs) {

    public DiscoveredPeer {
        Objects.requireNonNull(peer, "peer");
        addrs = List.copyOf(addrs);
        if (addrs.isEmpty()) {
            throw new IllegalArgumentException("a discovered peer has at least one address");
        }
    }
}
