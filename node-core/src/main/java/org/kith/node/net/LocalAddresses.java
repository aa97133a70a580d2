package org.kith.node.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.PeerId;

/** The addresses other machines can use to reach a host listening here. */
public final class LocalAddresses {

    private LocalAddresses() {
    }

    /**
     * Bound listen addresses with each unspecified one (0.0.0.0, ::) replaced by one address per
     * address of every interface that is up (IPv6 link-local excluded: it needs a zone).
     */
    public static List<Multiaddr> expand(List<Multiaddr> bound) {
        List<Multiaddr> out = new ArrayList<>();
        for (Multiaddr m : bound) {
            InetSocketAddress sa = m.toInetSocketAddress().orElse(null);
            if (sa == null || !sa.getAddress().isAnyLocalAddress()) {
                out.add(m);
                continue;
            }
            boolean v4 = sa.getAddress() instanceof Inet4Address;
            List<InetAddress> ips = interfaceAddresses(v4);
            if (ips.isEmpty()) {
                out.add(m);
            }
            for (InetAddress ip : ips) {
                Multiaddr a = Multiaddr.fromInetSocketAddress(new InetSocketAddress(ip, sa.getPort()));
                out.add(m.peerId().map(a::withPeerId).orElse(a));
            }
        }
        return out;
    }

    /**
     * Addresses to give someone on another machine (an invite's bootstrap list): the interface
     * addresses at {@code port} except loopback, or loopback alone when there is nothing else.
     */
    public static List<Multiaddr> forInvite(int port, PeerId self) {
        List<Multiaddr> out = new ArrayList<>();
        List<Multiaddr> loopback = new ArrayList<>();
        for (boolean v4 : new boolean[] {true, false}) {
            for (InetAddress ip : interfaceAddresses(v4)) {
                Multiaddr a = Multiaddr.fromInetSocketAddress(new InetSocketAddress(ip, port)).withPeerId(self);
                (ip.isLoopbackAddress() ? loopback : out).add(a);
            }
        }
        return out.isEmpty() ? loopback : out;
    }

    private static List<InetAddress> interfaceAddresses(boolean v4) {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if ((v4 && a instanceof Inet4Address) || (!v4 && a instanceof Inet6Address && !a.isLinkLocalAddress())) {
                        out.add(a);
                    }
                }
            }
        } catch (IOException e) {
            // no interface list: the caller falls back to what it has
        }
        return out;
    }
}
