package org.kith.p2p.mdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.PeerId;

class ResponseReaderTest {

    private static final String SERVICE = MdnsConfig.SERVICE_NAME;
    private static final String INSTANCE = "somepeername0123456789abcdefghijk." + SERVICE;
    private static final PeerId SELF = MdnsMessagesTest.key(9).peerId();
    private static final PeerId PEER = MdnsMessagesTest.key(1).peerId();
    private static final PeerId OTHER = MdnsMessagesTest.key(2).peerId();

    private static MdnsMessage response(List<MdnsMessage.Ptr> ptrs, String... txt) {
        List<byte[]> strings = new ArrayList<>();
        for (String s : txt) {
            strings.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return new MdnsMessage(true, List.of(), ptrs, List.of(new MdnsMessage.Txt(INSTANCE, strings)));
    }

    private static MdnsMessage response(String... txt) {
        return response(List.of(new MdnsMessage.Ptr(SERVICE, INSTANCE)), txt);
    }

    private static Optional<DiscoveredPeer> read(MdnsMessage m) {
        return ResponseReader.read(m, SERVICE, SELF);
    }

    @Test
    void readsThePeerAndItsDialableAddresses() {
        Optional<DiscoveredPeer> p = read(response("dnsaddr=/ip4/127.0.0.1/tcp/4001/p2p/" + PEER,
                "dnsaddr=/ip4/192.168.1.7/tcp/4001/p2p/" + PEER, "other=key"));
        assertEquals(PEER, p.orElseThrow().peer());
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER),
                Multiaddr.parse("/ip4/192.168.1.7/tcp/4001/p2p/" + PEER)), p.get().addrs(),
                "non-loopback LAN addresses are reported as they are: reaching them is what mDNS is for");
    }

    @Test
    void acceptsTxtSplitOverRecordsAndUpperCaseKey() {
        MdnsMessage m = new MdnsMessage(true, List.of(), List.of(new MdnsMessage.Ptr(SERVICE, INSTANCE)), List.of(
                new MdnsMessage.Txt(INSTANCE, List.of(("DNSADDR=/ip4/10.0.0.1/tcp/1/p2p/" + PEER).getBytes(StandardCharsets.UTF_8))),
                new MdnsMessage.Txt(INSTANCE, List.of(("dnsaddr=/ip4/10.0.0.2/tcp/1/p2p/" + PEER).getBytes(StandardCharsets.UTF_8)))));
        assertEquals(2, read(m).orElseThrow().addrs().size());
    }

    @Test
    void ignoresQueriesAndResponsesWithoutOurPtr() {
        MdnsMessage asQuery = new MdnsMessage(false, List.of(), response().ptrs(), response("dnsaddr=/ip4/10.0.0.1/tcp/1/p2p/" + PEER).txts());
        assertTrue(read(asQuery).isEmpty());
        assertTrue(read(response(List.of(), "dnsaddr=/ip4/10.0.0.1/tcp/1/p2p/" + PEER)).isEmpty(), "no PTR");
        assertTrue(read(response(List.of(new MdnsMessage.Ptr("_other._udp.local", INSTANCE)),
                "dnsaddr=/ip4/10.0.0.1/tcp/1/p2p/" + PEER)).isEmpty(), "PTR of another service");
        assertTrue(read(response(List.of(new MdnsMessage.Ptr(SERVICE, "elsewhere." + SERVICE)),
                "dnsaddr=/ip4/10.0.0.1/tcp/1/p2p/" + PEER)).isEmpty(), "TXT of an instance no PTR named");
    }

    @Test
    void ignoresOurOwnAnnouncement() {
        assertTrue(read(response("dnsaddr=/ip4/127.0.0.1/tcp/1/p2p/" + SELF)).isEmpty());
    }

    @Test
    void ignoresResponseNamingTwoPeers() {
        assertTrue(read(response("dnsaddr=/ip4/10.0.0.1/tcp/1/p2p/" + PEER, "dnsaddr=/ip4/10.0.0.2/tcp/1/p2p/" + OTHER))
                .isEmpty());
        assertTrue(read(response("dnsaddr=/ip4/10.0.0.1/tcp/1/p2p/" + PEER, "dnsaddr=/ip4/10.0.0.2/udp/1/p2p/" + OTHER))
                .isEmpty(), "even when the second address is not dialable");
    }

    @Test
    void skipsGarbageAndAddressesWithoutPeerOrTcp() {
        byte[] notUtf8 = {'d', 'n', 's', 'a', 'd', 'd', 'r', '=', '/', (byte) 0xC3, (byte) 0x28};
        MdnsMessage m = new MdnsMessage(true, List.of(), List.of(new MdnsMessage.Ptr(SERVICE, INSTANCE)),
                List.of(new MdnsMessage.Txt(INSTANCE, List.of(notUtf8,
                        "dnsaddr=garbage".getBytes(StandardCharsets.UTF_8),
                        "dnsaddr=/ip4/999.1.1.1/tcp/1".getBytes(StandardCharsets.UTF_8),
                        "dnsaddr=/ip4/10.0.0.1/tcp/1".getBytes(StandardCharsets.UTF_8),
                        ("dnsaddr=/dns4/example.com/tcp/1/p2p/" + PEER).getBytes(StandardCharsets.UTF_8),
                        ("dnsaddr=/ip4/10.0.0.1/udp/1/quic-v1/p2p/" + PEER).getBytes(StandardCharsets.UTF_8),
                        ("dnsaddr=/ip4/10.0.0.3/tcp/7/p2p/" + PEER).getBytes(StandardCharsets.UTF_8)))));
        assertEquals(List.of(Multiaddr.parse("/ip4/10.0.0.3/tcp/7/p2p/" + PEER)), read(m).orElseThrow().addrs());
    }

    @Test
    void reportsNothingWithoutADialableAddress() {
        assertTrue(read(response("dnsaddr=/dns4/example.com/tcp/1/p2p/" + PEER)).isEmpty());
        assertTrue(read(response("dnsaddr=garbage")).isEmpty());
    }

    @Test
    void ignoresResponseWithTooManyAddresses() {
        String[] exactly = new String[ResponseReader.MAX_ADDRESSES];
        for (int i = 0; i < exactly.length; i++) {
            exactly[i] = "dnsaddr=/ip4/10.0.0.1/tcp/" + (i + 1) + "/p2p/" + PEER;
        }
        assertEquals(ResponseReader.MAX_ADDRESSES, read(response(exactly)).orElseThrow().addrs().size());
        String[] over = java.util.Arrays.copyOf(exactly, exactly.length + 1);
        over[exactly.length] = "dnsaddr=/ip4/10.0.0.1/tcp/65000/p2p/" + PEER;
        assertTrue(read(response(over)).isEmpty());
    }

    @Test
    void dropsRepeatedAddresses() {
        String a = "dnsaddr=/ip4/10.0.0.1/tcp/1/p2p/" + PEER;
        assertEquals(1, read(response(a, a)).orElseThrow().addrs().size());
    }
}
