package org.kith.p2p.mdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.wire.CorpusFile;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;
import org.kith.p2p.testing.NettyLeakDetection;

@ExtendWith(NettyLeakDetection.class)
class MdnsMessagesTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final String SERVICE = MdnsConfig.SERVICE_NAME;
    static final PeerId PEER = key(1).peerId();
    private static final String NAME = "abcdefghijklmnopqrstuvwxyz0123456789";

    static Ed25519KeyPair key(int b) {
        byte[] seed = new byte[32];
        seed[0] = (byte) b;
        return Ed25519KeyPair.fromSeed(seed);
    }

    static MdnsMessages.Announcement announcement(String... addrs) {
        List<Multiaddr> list = new ArrayList<>();
        for (String a : addrs) {
            list.add(Multiaddr.parse(a).withPeerId(PEER));
        }
        return new MdnsMessages.Announcement(SERVICE, NAME, 120, list);
    }

    private static MdnsMessage decodeAndRelease(ByteBuf packet) throws MalformedMdnsException {
        try {
            int reader = packet.readerIndex();
            MdnsMessage m = MdnsMessages.decode(packet);
            assertEquals(reader, packet.readerIndex(), "decode leaves the packet's indices alone");
            assertEquals(1, packet.refCnt());
            return m;
        } finally {
            packet.release();
        }
    }

    @Test
    void queryAsksForTheServicePtr() throws Exception {
        MdnsMessage m = decodeAndRelease(MdnsMessages.encodeQuery(ALLOC, SERVICE));
        assertFalse(m.response());
        assertEquals(List.of(new MdnsMessage.Question(SERVICE, DnsRecordType.PTR.intValue())), m.questions());
    }

    @Test
    void responseRoundTripsPtrAndDnsaddrStrings() throws Exception {
        MdnsMessages.Announcement a = announcement("/ip4/192.168.1.7/tcp/4001", "/ip6/::1/tcp/4001");
        MdnsMessage m = decodeAndRelease(MdnsMessages.encodeResponse(ALLOC, a));
        assertTrue(m.response());
        assertEquals(List.of(new MdnsMessage.Ptr(SERVICE, NAME + "." + SERVICE)), m.ptrs());
        assertEquals(1, m.txts().size());
        List<String> strings = m.txts().get(0).strings().stream()
                .map(s -> new String(s, StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("dnsaddr=/ip4/192.168.1.7/tcp/4001/p2p/" + PEER, "dnsaddr=/ip6/::1/tcp/4001/p2p/" + PEER),
                strings);
        assertEquals(NAME + "." + SERVICE, m.txts().get(0).owner());
    }

    @Test
    void responseHasPtrAnswerAndTxtSrvAndAddressRecordsForGo() throws Exception {
        ByteBuf packet = MdnsMessages.encodeResponse(ALLOC,
                announcement("/ip4/192.168.1.7/tcp/4001", "/ip4/10.0.0.2/tcp/4001", "/ip6/::1/tcp/4001"));
        try {
            assertEquals(0x8400, packet.getUnsignedShort(2), "QR and AA set");
            assertEquals(0, packet.getUnsignedShort(0), "ID 0 (RFC 6762 §18.1)");
            assertEquals(0, packet.getUnsignedShort(4));
            assertEquals(1, packet.getUnsignedShort(6));
            assertEquals(5, packet.getUnsignedShort(10), "TXT, SRV, A, A, AAAA");
            ByteBuf in = packet.duplicate().readerIndex(MdnsMessages.HEADER_BYTES);
            List<DnsRecordType> types = new ArrayList<>();
            List<String> owners = new ArrayList<>();
            DnsRecord srv = null;
            for (int i = 0; i < 6; i++) {
                DnsRecord r = DnsRecordDecoder.DEFAULT.decodeRecord(in);
                types.add(r.type());
                owners.add(r.name());
                if (r.type() == DnsRecordType.SRV) {
                    srv = ReferenceCountUtil.retain(r);
                }
                ReferenceCountUtil.release(r);
            }
            assertEquals(List.of(DnsRecordType.PTR, DnsRecordType.TXT, DnsRecordType.SRV, DnsRecordType.A,
                    DnsRecordType.A, DnsRecordType.AAAA), types);
            assertEquals(NAME + ".local.", owners.get(3));
            ByteBuf data = ((ByteBufHolder) srv).content();
            assertEquals(4001, data.getUnsignedShort(data.readerIndex() + 4));
            assertEquals(NAME + ".local.", DefaultDnsRecordDecoder.decodeName(data.duplicate().skipBytes(6)));
            ReferenceCountUtil.release(srv);
            assertFalse(in.isReadable());
        } finally {
            packet.release();
        }
    }

    @Test
    void responseRefusesNonTcpAddresses() {
        MdnsMessages.Announcement a = new MdnsMessages.Announcement(SERVICE, NAME, 120,
                List.of(Multiaddr.parse("/ip4/1.2.3.4/udp/1").withPeerId(PEER)));
        assertThrows(IllegalArgumentException.class, () -> MdnsMessages.encodeResponse(ALLOC, a));
    }

    @Test
    void readsCompressedNamesAndIgnoresCase() throws Exception {
        // PTR whose owner is the upper-cased service and whose target ends in a pointer to it.
        ByteBuf p = Unpooled.buffer();
        p.writeShort(0).writeShort(0x8400).writeShort(0).writeShort(2).writeShort(0).writeShort(0);
        int serviceAt = p.writerIndex();
        writeName(p, "_P2P._UDP.LOCAL");
        p.writeShort(12).writeShort(1).writeInt(120).writeShort(1 + 4 + 2);
        p.writeByte(4).writeBytes("peer".getBytes(StandardCharsets.US_ASCII)).writeByte(0xC0).writeByte(serviceAt);
        p.writeByte(0xC0).writeByte(serviceAt + 5);  // owner "_udp.local" via a pointer into the middle
        p.writeShort(16).writeShort(1).writeInt(120).writeShort(2).writeByte(1).writeByte('x');
        MdnsMessage m = decodeAndRelease(p);
        assertEquals(List.of(new MdnsMessage.Ptr(SERVICE, "peer." + SERVICE)), m.ptrs());
        assertEquals("_udp.local", m.txts().get(0).owner());
    }

    @Test
    void skipsRecordTypesItDoesNotReadAndAuthorityRecords() throws Exception {
        ByteBuf p = Unpooled.buffer();
        p.writeShort(0).writeShort(0x8400).writeShort(0).writeShort(1).writeShort(1).writeShort(0);
        writeName(p, "x.local");
        p.writeShort(5).writeShort(1).writeInt(120).writeShort(2).writeByte(0xC0).writeByte(12); // CNAME loop, skipped
        writeName(p, SERVICE);
        p.writeShort(12).writeShort(1).writeInt(120).writeShort(3).writeByte(1).writeByte('a').writeByte(0);
        MdnsMessage m = decodeAndRelease(p);
        assertTrue(m.ptrs().isEmpty(), "authority PTR ignored");
    }

    static List<CorpusFile.Case> malformed() {
        return CorpusFile.load("/mdns/malformed-packets.hex");
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void refusesMalformedPacket(CorpusFile.Case c) {
        ByteBuf packet = ALLOC.buffer().writeBytes(c.hex(0));
        try {
            assertThrows(MalformedMdnsException.class, () -> MdnsMessages.decode(packet), c.toString());
            assertEquals(1, packet.refCnt());
        } finally {
            packet.release();
        }
    }

    @Test
    void refusesPacketOneByteOverTheLimit() {
        ByteBuf packet = MdnsMessages.encodeQuery(ALLOC, SERVICE);
        packet.writeZero(MdnsMessages.MAX_PACKET_BYTES - packet.readableBytes());
        try {
            MdnsMessages.decode(packet);
        } catch (MalformedMdnsException e) {
            throw new AssertionError("exactly the limit is accepted (trailing bytes ignored)", e);
        }
        packet.writeByte(0);
        assertThrows(MalformedMdnsException.class, () -> MdnsMessages.decode(packet));
        packet.release();
    }

    @Test
    void refusesThousandTxtStrings() {
        ByteBuf p = Unpooled.buffer();
        p.writeShort(0).writeShort(0x8400).writeShort(0).writeShort(1).writeShort(0).writeShort(0);
        writeName(p, NAME + "." + SERVICE);
        p.writeShort(16).writeShort(1).writeInt(120).writeShort(2000);
        for (int i = 0; i < 1000; i++) {
            p.writeByte(1).writeByte('x');
        }
        assertThrows(MalformedMdnsException.class, () -> MdnsMessages.decode(p));
        p.release();
    }

    @Test
    void refusesEveryTruncationOfAResponse() {
        ByteBuf full = MdnsMessages.encodeResponse(ALLOC, announcement("/ip4/192.168.1.7/tcp/4001"));
        try {
            for (int n = 0; n < full.readableBytes(); n++) {
                ByteBuf prefix = full.retainedSlice(0, n);
                try {
                    assertThrows(MalformedMdnsException.class, () -> MdnsMessages.decode(prefix), "prefix " + n);
                } finally {
                    prefix.release();
                }
            }
        } finally {
            full.release();
        }
    }

    @Test
    void randomAndMutatedPacketsNeverThrowAnythingElse() {
        Random random = new Random(42);
        ByteBuf valid = MdnsMessages.encodeResponse(ALLOC, announcement("/ip4/192.168.1.7/tcp/4001", "/ip6/::1/tcp/1"));
        byte[] base = new byte[valid.readableBytes()];
        valid.getBytes(0, base);
        valid.release();
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = base.clone();
                for (int k = 0, n = 1 + random.nextInt(4); k < n; k++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            } else {
                bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
            }
            ByteBuf packet = ALLOC.buffer(bytes.length).writeBytes(bytes);
            try {
                MdnsMessages.decode(packet);
            } catch (MalformedMdnsException expected) {
                // refused: fine
            } catch (RuntimeException e) {
                throw new AssertionError("case " + i + " threw " + e, e);
            } finally {
                assertEquals(1, packet.refCnt());
                packet.release();
            }
        }
    }

    @Test
    void checkNameReturnsTheEndOfTheWrittenName() throws Exception {
        ByteBuf p = Unpooled.buffer();
        writeName(p, "a.b");
        p.writeByte(0xC0).writeByte(0);
        assertEquals(5, MdnsMessages.checkName(p, 0, p.writerIndex()));
        assertEquals(7, MdnsMessages.checkName(p, 5, p.writerIndex()));
        assertInstanceOf(MalformedMdnsException.class,
                assertThrows(Exception.class, () -> MdnsMessages.checkName(p, 5, 5)));
        p.release();
    }

    static void writeName(ByteBuf out, String name) {
        for (String label : name.split("\\.")) {
            out.writeByte(label.length()).writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.writeByte(0);
    }
}
