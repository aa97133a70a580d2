package org.kith.p2p.mdns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.PeerId;

/**
 * Which of our addresses go into announcements (checklist §10, go's {@code isSuitableForMDNS}):
 * ip4/ip6 + tcp only — no DNS names, relays (circuit), WebSocket or other transports. A wildcard
 * listen address (0.0.0.0, ::) is replaced by the host's addresses of that family; IPv6
 * link-local addresses are left out (they need a zone, which a multiaddr on another host cannot
 * carry). Loopback addresses are kept, listed last: the spec leaves loopback open, js-libp2p sends
 * it, other processes on the same host can use it, and tests in a loopback-only network namespace
 * need it; a remote peer that dials one reaches itself and fails the peer-ID check harmlessly.
 */
final class AdvertisedAddresses {

    private AdvertisedAddresses() {
    }

    /**
     * @param listenAddrs the host's listen addresses (with or without {@code /p2p/})
     * @param hostAddresses the addresses of the host's interfaces that are up
     * @return distinct addresses ending in {@code /p2p/self}, non-loopback first
     */
    static List<Multiaddr> select(List<Multiaddr> listenAddrs, PeerId self, List<InetAddress> hostAddresses) {
        Set<Multiaddr> outer = new LinkedHashSet<>();
        Set<Multiaddr> loopback = new LinkedHashSet<>();
        for (Multiaddr listen : listenAddrs) {
            Optional<PeerId> named = listen.peerId();
            if (named.isPresent() && !named.get().equals(self)) {
                continue;
            }
            Optional<InetSocketAddress> socket = listen.toInetSocketAddress();
            if (socket.isEmpty()) {
                continue;
            }
            InetAddress ip = socket.get().getAddress();
            List<InetAddress> ips = new ArrayList<>();
            if (ip.isAnyLocalAddress()) {
                for (InetAddress h : hostAddresses) {
                    if ((h instanceof Inet4Address) == (ip instanceof Inet4Address)) {
                        ips.add(h);
                    }
                }
            } else {
                ips.add(ip);
            }
            for (InetAddress a : ips) {
                if (a instanceof Inet6Address && a.isLinkLocalAddress()) {
                    continue;
                }
                Multiaddr addr;
                try {
                    addr = Multiaddr.fromInetSocketAddress(new InetSocketAddress(a, socket.get().getPort()))
                            .withPeerId(self);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                (a.isLoopbackAddress() ? loopback : outer).add(addr);
            }
        }
        List<Multiaddr> out = new ArrayList<>(outer);
        out.addAll(loopback);
        return out;
    }
}
