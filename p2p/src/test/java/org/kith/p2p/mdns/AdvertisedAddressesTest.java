package org.kith.p2p.mdns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.PeerId;

class AdvertisedAddressesTest {

    private static final PeerId SELF = MdnsMessagesTest.key(9).peerId();
    private static final PeerId OTHER = MdnsMessagesTest.key(2).peerId();

    private static List<String> select(List<String> listen, String... hostAddrs) throws Exception {
        List<InetAddress> hosts = new java.util.ArrayList<>();
        for (String h : hostAddrs) {
            hosts.add(InetAddress.getByName(h));
        }
        return AdvertisedAddresses.select(listen.stream().map(Multiaddr::parse).toList(), SELF, hosts)
                .stream().map(Multiaddr::toString).toList();
    }

    @Test
    void expandsWildcardsPerFamilyAndListsLoopbackLast() throws Exception {
        assertEquals(List.of("/ip4/192.168.1.7/tcp/4001/p2p/" + SELF, "/ip6/2001:db8::7/tcp/4002/p2p/" + SELF,
                        "/ip4/127.0.0.1/tcp/4001/p2p/" + SELF, "/ip6/::1/tcp/4002/p2p/" + SELF),
                select(List.of("/ip4/0.0.0.0/tcp/4001", "/ip6/::/tcp/4002"),
                        "127.0.0.1", "192.168.1.7", "::1", "fe80::1", "2001:db8::7"));
    }

    @Test
    void keepsOnlyIpTcpAddressesOfOurOwn() throws Exception {
        assertEquals(List.of("/ip4/10.0.0.1/tcp/1/p2p/" + SELF, "/ip4/10.0.0.1/tcp/5/p2p/" + SELF),
                select(List.of("/ip4/10.0.0.1/tcp/1/p2p/" + SELF, "/ip4/10.0.0.1/tcp/2/p2p/" + OTHER,
                        "/ip4/10.0.0.1/udp/3", "/dns4/example.com/tcp/4", "/ip4/10.0.0.1/tcp/5",
                        "/ip4/10.0.0.1/tcp/1")));
    }

    @Test
    void dropsCircuitAddressesAndLinkLocalIpv6() throws Exception {
        assertEquals(List.of(), select(List.of("/ip4/10.0.0.1/tcp/1/p2p/" + OTHER + "/p2p-circuit",
                "/ip6/fe80::1/tcp/1")));
    }
}
