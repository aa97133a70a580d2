package org.kith.p2p.multiaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.protocol.identity.PeerId;

class MultiaddrTest {

    private static final String ED_ID = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";
    private static final String ED_ID_HEX =
            "0024080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    private static final String QM_ID = "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void specFeatureVectorHasTheDocumentedComponents() {
        Multiaddr a = Multiaddr.parse("/ip4/192.0.2.42/tcp/443");
        assertArrayEquals(hex("04c000022a0601bb"), a.toBytes());
        List<MultiaddrComponent> cs = a.components();
        assertEquals(2, cs.size());
        assertEquals(MultiaddrProtocol.IP4, cs.get(0).protocol());
        assertEquals(4, cs.get(0).protocol().code());
        assertEquals("192.0.2.42", cs.get(0).value());
        assertArrayEquals(hex("c000022a"), cs.get(0).rawValue());
        assertEquals("/ip4/192.0.2.42", cs.get(0).toString());
        assertEquals(MultiaddrProtocol.TCP, cs.get(1).protocol());
        assertEquals("443", cs.get(1).value());
        assertArrayEquals(hex("01bb"), cs.get(1).rawValue());
        assertEquals("/tcp/443", cs.get(1).toString());
    }

    @Test
    void udpVectorFromChecklist() {
        assertEquals("/ip4/127.0.0.1/udp/1234", Multiaddr.fromBytes(hex("047f000001910204d2")).toString());
        assertArrayEquals(hex("047f000001910204d2"), Multiaddr.parse("/ip4/127.0.0.1/udp/1234").toBytes());
    }

    @Test
    void valueLessComponentsHaveEmptyValues() {
        Multiaddr a = Multiaddr.parse("/ip4/1.2.3.4/tcp/1/tls/ws/p2p-circuit");
        MultiaddrComponent tls = a.components().get(2);
        assertFalse(tls.protocol().hasValue());
        assertEquals("", tls.value());
        assertEquals(0, tls.rawValue().length);
        assertEquals("/tls", tls.toString());
        assertEquals("/p2p-circuit", a.components().get(4).toString());
    }

    @Test
    void protocolLookupByNameAndCode() {
        assertEquals(Optional.of(MultiaddrProtocol.P2P), MultiaddrProtocol.forName("ipfs"));
        assertEquals(Optional.of(MultiaddrProtocol.P2P), MultiaddrProtocol.forCode(421));
        assertEquals(Optional.of(MultiaddrProtocol.QUIC_V1), MultiaddrProtocol.forCode(461));
        assertEquals(Optional.empty(), MultiaddrProtocol.forName("quic"));
        assertEquals(Optional.empty(), MultiaddrProtocol.forCode(460));
        assertTrue(MultiaddrProtocol.DNS.isLengthPrefixed());
        assertFalse(MultiaddrProtocol.IP4.isLengthPrefixed());
        assertTrue(MultiaddrProtocol.IP4.hasValue());
    }

    @Test
    void returnedArraysAreCopies() {
        Multiaddr a = Multiaddr.parse("/ip4/1.2.3.4/tcp/80");
        a.toBytes()[0] = 0x29;
        a.components().get(0).rawValue()[0] = 9;
        assertEquals("/ip4/1.2.3.4/tcp/80", a.toString());
        byte[] input = hex("0401020304");
        Multiaddr b = Multiaddr.fromBytes(input);
        input[1] = 9;
        assertEquals("/ip4/1.2.3.4", b.toString());
        assertThrows(UnsupportedOperationException.class, () -> a.components().clear());
    }

    @Test
    void equalityIsByBinaryForm() {
        Multiaddr a = Multiaddr.parse("/ipfs/" + QM_ID);
        Multiaddr b = Multiaddr.parse("/p2p/" + QM_ID);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(Multiaddr.parse("/ip4/127.0.0.1/tcp/1234"), Multiaddr.parse("/ip4/127.0.0.1/udp/1234"));
        assertEquals(Multiaddr.parse("/ip6/2001:DB8::1"), Multiaddr.parse("/ip6/2001:db8:0:0::1"));
        assertEquals(Multiaddr.parse("/ip4/127.0.0.1/tcp/1234"), Multiaddr.parse("/ip4/127.0.0.1/tcp/1234/"));
    }

    @Test
    void peerIdIsReadFromTrailingP2pOnly() {
        Multiaddr plain = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001");
        assertEquals(Optional.empty(), plain.peerId());
        Multiaddr withId = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + ED_ID);
        assertEquals(Optional.of(PeerId.parse(ED_ID)), withId.peerId());
        assertEquals(ED_ID_HEX, HexFormat.of().formatHex(withId.peerId().orElseThrow().toBytes()));
        Multiaddr relayed = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + QM_ID + "/p2p-circuit");
        assertEquals(Optional.empty(), relayed.peerId());
        Multiaddr viaRelay = relayed.withPeerId(PeerId.parse(ED_ID));
        assertEquals("/ip4/1.2.3.4/tcp/4001/p2p/" + QM_ID + "/p2p-circuit/p2p/" + ED_ID, viaRelay.toString());
        assertEquals(Optional.of(PeerId.parse(ED_ID)), viaRelay.peerId());
    }

    @Test
    void cidFormOfPeerIdPrintsAsBase58() {
        Multiaddr a = Multiaddr.parse("/p2p/bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6");
        assertEquals("/p2p/" + ED_ID, a.toString());
        assertArrayEquals(hex("a503 26" + ED_ID_HEX), a.toBytes());
    }

    @Test
    void withoutAndWithPeerId() {
        PeerId id = PeerId.parse(ED_ID);
        Multiaddr transport = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001");
        Multiaddr full = transport.withPeerId(id);
        assertEquals("/ip4/1.2.3.4/tcp/4001/p2p/" + ED_ID, full.toString());
        assertSame(full, full.withPeerId(id));
        assertEquals(transport, full.withoutPeerId());
        assertSame(transport, transport.withoutPeerId());
        assertThrows(IllegalArgumentException.class, () -> full.withPeerId(PeerId.parse(QM_ID)));
        Multiaddr onlyId = Multiaddr.parse("/p2p/" + ED_ID);
        assertThrows(IllegalStateException.class, onlyId::withoutPeerId);
    }

    @Test
    void encapsulateJoinsAddresses() {
        Multiaddr a = Multiaddr.parse("/ip4/127.0.0.1/udp/1234");
        Multiaddr b = Multiaddr.parse("/udp/5678");
        assertEquals("/ip4/127.0.0.1/udp/1234/udp/5678", a.encapsulate(b).toString());
        assertEquals("/dns4/example.com/tcp/443/wss",
                Multiaddr.parse("/dns4/example.com/tcp/443").encapsulate(Multiaddr.parse("/wss")).toString());
    }

    @Test
    void toInetSocketAddressForIpTcpOnly() {
        InetSocketAddress v4 = Multiaddr.parse("/ip4/192.0.2.42/tcp/443").toInetSocketAddress().orElseThrow();
        assertTrue(v4.getAddress() instanceof Inet4Address);
        assertEquals("192.0.2.42", v4.getAddress().getHostAddress());
        assertEquals(443, v4.getPort());
        assertFalse(v4.isUnresolved());

        InetSocketAddress v6 = Multiaddr.parse("/ip6/2001:db8::1/tcp/4001/p2p/" + ED_ID)
                .toInetSocketAddress().orElseThrow();
        assertTrue(v6.getAddress() instanceof Inet6Address);
        assertArrayEquals(hex("20010db8000000000000000000000001"), v6.getAddress().getAddress());
        assertEquals(4001, v6.getPort());

        InetSocketAddress mapped = Multiaddr.parse("/ip6/::ffff:10.0.0.1/tcp/65535").toInetSocketAddress().orElseThrow();
        assertEquals("10.0.0.1", mapped.getAddress().getHostAddress());
        assertEquals(65535, mapped.getPort());

        for (String other : List.of("/ip4/1.2.3.4/udp/1", "/dns/example.com/tcp/1", "/ip4/1.2.3.4",
                "/ip4/1.2.3.4/tcp/1/ws", "/ip6zone/eth0/ip6/fe80::1/tcp/1", "/tcp/1",
                "/ip4/1.2.3.4/tcp/1/p2p/" + ED_ID + "/p2p-circuit", "/p2p/" + ED_ID)) {
            assertEquals(Optional.empty(), Multiaddr.parse(other).toInetSocketAddress(), other);
        }
    }

    @Test
    void fromInetSocketAddressForBothFamilies() throws Exception {
        InetAddress v4 = InetAddress.getByAddress(hex("c000022a"));
        assertEquals("/ip4/192.0.2.42/tcp/443",
                Multiaddr.fromInetSocketAddress(new InetSocketAddress(v4, 443)).toString());
        InetAddress v6 = InetAddress.getByAddress(hex("20010db8000000000000000000000001"));
        assertEquals("/ip6/2001:db8::1/tcp/0",
                Multiaddr.fromInetSocketAddress(new InetSocketAddress(v6, 0)).toString());
        Inet6Address scoped = Inet6Address.getByAddress(null, hex("fe800000000000000000000000000001"), 3);
        assertEquals("/ip6/fe80::1/tcp/9",
                Multiaddr.fromInetSocketAddress(new InetSocketAddress(scoped, 9)).toString());
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("example.com", 80);
        assertThrows(IllegalArgumentException.class, () -> Multiaddr.fromInetSocketAddress(unresolved));
        Multiaddr round = Multiaddr.fromInetSocketAddress(
                Multiaddr.parse("/ip6/::1/tcp/4001").toInetSocketAddress().orElseThrow());
        assertEquals("/ip6/::1/tcp/4001", round.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ip4/127.0.0.1/tcp/1", "/ip4/127.255.0.9", "/ip6/::1/tcp/1",
        "/ip6/::ffff:127.0.0.1/tcp/1", "/ip6zone/lo/ip6/::1"})
    void loopbackAddresses(String text) {
        assertTrue(Multiaddr.parse(text).isLoopback());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ip4/128.0.0.1/tcp/1", "/ip4/0.0.0.0", "/ip6/::", "/ip6/::2", "/ip6/1::1",
        "/ip6/::ffff:10.0.0.1", "/dns/localhost/tcp/1", "/tcp/1/ip4/127.0.0.1", "/ip6zone/x",
        "/p2p-circuit"})
    void nonLoopbackAddresses(String text) {
        assertFalse(Multiaddr.parse(text).isLoopback());
    }

    @Test
    void binaryLimitIsExactlyOneKibibyte() {
        // 339 × "/ip4/…" (5 bytes) = 1695: too long; build exactly 1024 from dns names instead.
        StringBuilder exact = new StringBuilder();
        int size = 0;
        while (size + 2 + 2 + 200 <= Multiaddr.MAX_BYTES) {
            exact.append("/dns/").append("a".repeat(200));
            size += 1 + 2 + 200;
        }
        int rest = Multiaddr.MAX_BYTES - size - 2;
        exact.append("/dns/").append("b".repeat(rest));
        Multiaddr max = Multiaddr.parse(exact.toString());
        assertEquals(Multiaddr.MAX_BYTES, max.toBytes().length);
        assertEquals(max, Multiaddr.fromBytes(max.toBytes()));

        InvalidMultiaddrException e = assertThrows(InvalidMultiaddrException.class,
                () -> Multiaddr.parse(exact + "b"));
        assertTrue(e.getMessage().contains("1024"), e.getMessage());
        byte[] over = new byte[Multiaddr.MAX_BYTES + 1];
        System.arraycopy(max.toBytes(), 0, over, 0, Multiaddr.MAX_BYTES);
        assertThrows(InvalidMultiaddrException.class, () -> Multiaddr.fromBytes(over));
        assertThrows(InvalidMultiaddrException.class, () -> max.encapsulate(Multiaddr.parse("/tls")));
        assertThrows(InvalidMultiaddrException.class, () -> max.withPeerId(PeerId.parse(ED_ID)));
    }

    @Test
    void manyValueLessComponentsHitTheBinaryLimit() {
        assertThrows(InvalidMultiaddrException.class, () -> Multiaddr.parse("/tls".repeat(513)));
        assertEquals(1024, Multiaddr.parse("/tls".repeat(512)).toBytes().length);
    }

    @Test
    void textLimitIsCheckedBeforeParsing() {
        String tooLong = "/" + "x".repeat(Multiaddr.MAX_TEXT_CHARS);
        InvalidMultiaddrException e = assertThrows(InvalidMultiaddrException.class, () -> Multiaddr.parse(tooLong));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }

    @Test
    void dnsNameOf255BytesIsAcceptedAnd256Refused() {
        assertEquals(255, Multiaddr.parse("/dns/" + "a".repeat(255)).components().get(0).rawValue().length);
        byte[] binary = new byte[3 + 256];
        binary[0] = 0x35;
        binary[1] = (byte) 0x80;
        binary[2] = 0x02;
        java.util.Arrays.fill(binary, 3, binary.length, (byte) 'a');
        assertThrows(InvalidMultiaddrException.class, () -> Multiaddr.fromBytes(binary));
        // Multi-byte UTF-8 counts bytes, not chars: 128 × "ü" is 256 bytes.
        assertThrows(InvalidMultiaddrException.class, () -> Multiaddr.parse("/dns/" + "ü".repeat(128)));
    }

    @Test
    void errorMessagesQuoteHostileInputSafely() {
        InvalidMultiaddrException e = assertThrows(InvalidMultiaddrException.class,
                () -> Multiaddr.parse("/ip4/1.2.3.4\u0000\n" + "9".repeat(500)));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("\u0000"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void nullTextIsRejected() {
        assertThrows(NullPointerException.class, () -> Multiaddr.parse(null));
    }
}
