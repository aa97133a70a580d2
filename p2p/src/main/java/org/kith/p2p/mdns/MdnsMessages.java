package org.kith.p2p.mdns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DefaultDnsPtrRecord;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRecordEncoder;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.util.ReferenceCountUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.kith.p2p.multiaddr.Multiaddr;

/**
 * Encodes our queries and responses and decodes received packets: pure functions over
 * {@link ByteBuf}s, with Netty's DNS record codec doing names and records. No sockets, no state.
 *
 * <p><b>Hostile input.</b> Every received packet is untrusted. Before Netty decodes a name we walk
 * it ourselves ({@link #checkName}), so a compression-pointer chain or loop, or a name longer than
 * RFC 1035's 255 bytes, is refused cheaply instead of being expanded into a long string. Record
 * types we do not read (all but PTR and TXT) are skipped without decoding. Counts are capped
 * before anything is allocated. Buffers: the caller owns the packet; records Netty decodes are
 * released here.
 */
final class MdnsMessages {

    static final int HEADER_BYTES = 12;
    /** RFC 6762 §17: no mDNS packet exceeds 9000 bytes, including IP and UDP headers. */
    static final int MAX_PACKET_BYTES = 9000;
    /** Questions plus records in one packet; ours carry about five. */
    static final int MAX_ENTRIES = 128;
    /** TXT character-strings kept from one packet (all TXT records together). */
    static final int MAX_TXT_STRINGS = 256;
    /** RFC 1035 §3.1, counting length bytes and the root label. */
    static final int MAX_NAME_BYTES = 255;
    /** Compression pointers followed within one name. */
    static final int MAX_NAME_POINTERS = 32;
    /** RFC 6763 §6.1: one character-string. */
    static final int MAX_TXT_STRING_BYTES = 255;
    /** Our TXT record's data, so a response stays far below {@link #MAX_PACKET_BYTES}. */
    static final int MAX_TXT_RDATA_BYTES = 4096;
    /** A/AAAA records per response (distinct host addresses). */
    static final int MAX_HOST_ADDRESSES = 16;
    static final String TXT_PREFIX = "dnsaddr=";

    private static final int FLAG_RESPONSE = 0x8000;
    private static final int FLAG_AUTHORITATIVE = 0x0400;
    private static final int TYPE_PTR = DnsRecordType.PTR.intValue();
    private static final int TYPE_TXT = DnsRecordType.TXT.intValue();
    private static final int CLASS_IN = DnsRecord.CLASS_IN;

    private MdnsMessages() {
    }

    /**
     * What we announce: {@code service PTR peerName.service} as the answer, and as additional
     * records one TXT record of {@code dnsaddr=} strings, an SRV record pointing at
     * {@code peerName.local} and that host's A/AAAA records (go-libp2p's zeroconf reader needs SRV
     * and A/AAAA; checklist §12 item 13).
     *
     * @param addrs our addresses, each ending in our {@code /p2p/} ID; ip4/ip6 + tcp only
     */
    record Announcement(String serviceName, String peerName, long ttlSeconds, List<Multiaddr> addrs) {

        Announcement {
            addrs = List.copyOf(addrs);
        }

        String instanceName() {
            return peerName + "." + serviceName;
        }

        String hostName() {
            return peerName + ".local";
        }
    }

    /** A multicast query: one question, {@code service PTR}, class IN (multicast reply wanted). */
    static ByteBuf encodeQuery(ByteBufAllocator alloc, String serviceName) {
        ByteBuf out = alloc.buffer(HEADER_BYTES + serviceName.length() + 6);
        try {
            writeHeader(out, 0, 1, 0, 0);
            DnsQuestion question = new DefaultDnsQuestion(serviceName, DnsRecordType.PTR);
            DnsRecordEncoder.DEFAULT.encodeQuestion(question, out);
            return out;
        } catch (Exception e) {
            out.release();
            throw new IllegalStateException("cannot encode query for " + serviceName, e);
        }
    }

    /**
     * Our response (RFC 6762 §18: ID 0, QR and AA set, no questions). TXT strings over 255 bytes
     * are left out, as are strings past {@link #MAX_TXT_RDATA_BYTES}.
     *
     * @throws IllegalArgumentException if no address fits, or an address is not ip4/ip6 + tcp
     */
    static ByteBuf encodeResponse(ByteBufAllocator alloc, Announcement a) {
        List<byte[]> strings = new ArrayList<>();
        Set<InetAddress> hosts = new LinkedHashSet<>();
        int txtBytes = 0;
        int port = -1;
        for (Multiaddr addr : a.addrs()) {
            InetSocketAddress socket = addr.toInetSocketAddress().orElseThrow(
                    () -> new IllegalArgumentException("not an ip4/ip6 + tcp address: " + addr));
            byte[] string = (TXT_PREFIX + addr).getBytes(StandardCharsets.UTF_8);
            if (string.length > MAX_TXT_STRING_BYTES || txtBytes + 1 + string.length > MAX_TXT_RDATA_BYTES) {
                continue;
            }
            strings.add(string);
            txtBytes += 1 + string.length;
            if (hosts.size() < MAX_HOST_ADDRESSES) {
                hosts.add(socket.getAddress());
            }
            if (port < 0) {
                port = socket.getPort();
            }
        }
        if (strings.isEmpty()) {
            throw new IllegalArgumentException("no address fits in a TXT string");
        }
        ByteBuf txt = Unpooled.buffer(txtBytes);
        for (byte[] string : strings) {
            txt.writeByte(string.length).writeBytes(string);
        }
        List<DnsRecord> additional = new ArrayList<>();
        additional.add(new DefaultDnsRawRecord(a.instanceName(), DnsRecordType.TXT, a.ttlSeconds(), txt));
        additional.add(new DefaultDnsRawRecord(a.instanceName(), DnsRecordType.SRV, a.ttlSeconds(),
                srvData(port, a.hostName())));
        for (InetAddress host : hosts) {
            DnsRecordType type = host instanceof Inet4Address ? DnsRecordType.A : DnsRecordType.AAAA;
            additional.add(new DefaultDnsRawRecord(a.hostName(), type, a.ttlSeconds(),
                    Unpooled.wrappedBuffer(host.getAddress())));
        }
        DnsRecord answer = new DefaultDnsPtrRecord(a.serviceName(), CLASS_IN, a.ttlSeconds(), a.instanceName());
        ByteBuf out = alloc.buffer(512);
        try {
            writeHeader(out, FLAG_RESPONSE | FLAG_AUTHORITATIVE, 0, 1, additional.size());
            DnsRecordEncoder.DEFAULT.encodeRecord(answer, out);
            for (DnsRecord r : additional) {
                DnsRecordEncoder.DEFAULT.encodeRecord(r, out);
            }
            if (out.readableBytes() > MAX_PACKET_BYTES) {
                throw new IllegalStateException("response of " + out.readableBytes() + " bytes");
            }
            return out;
        } catch (Exception e) {
            out.release();
            throw new IllegalStateException("cannot encode response for " + a.instanceName(), e);
        } finally {
            additional.forEach(ReferenceCountUtil::release);
        }
    }

    /** RFC 2782: priority, weight, port, target (uncompressed, RFC 6762 §18.14 allows either). */
    private static ByteBuf srvData(int port, String target) {
        ByteBuf data = Unpooled.buffer(6 + target.length() + 2);
        data.writeShort(0).writeShort(0).writeShort(port);
        for (String label : target.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            data.writeByte(bytes.length).writeBytes(bytes);
        }
        data.writeByte(0);
        return data;
    }

    private static void writeHeader(ByteBuf out, int flags, int questions, int answers, int additional) {
        out.writeShort(0).writeShort(flags).writeShort(questions).writeShort(answers).writeShort(0)
                .writeShort(additional);
    }

    /**
     * Decodes a received packet. Does not change {@code packet}'s indices or reference count.
     *
     * @throws MalformedMdnsException for anything truncated, oversized, over a limit, or not a
     *     standard query or a successful response (RFC 6762 §18.3, §18.11: ignore those)
     */
    static MdnsMessage decode(ByteBuf packet) throws MalformedMdnsException {
        int size = packet.readableBytes();
        if (size < HEADER_BYTES) {
            throw new MalformedMdnsException(size + " bytes: shorter than a DNS header");
        }
        if (size > MAX_PACKET_BYTES) {
            throw new MalformedMdnsException(size + " bytes: over the mDNS limit of " + MAX_PACKET_BYTES);
        }
        // Compression pointers are offsets from the message start: index 0 must be that start.
        ByteBuf in = packet.slice();
        int flags = in.getUnsignedShort(2);
        if ((flags >> 11 & 0xF) != 0) {
            throw new MalformedMdnsException("opcode " + (flags >> 11 & 0xF));
        }
        if ((flags & 0xF) != 0) {
            throw new MalformedMdnsException("rcode " + (flags & 0xF));
        }
        int questionCount = in.getUnsignedShort(4);
        int answerCount = in.getUnsignedShort(6);
        int authorityCount = in.getUnsignedShort(8);
        int additionalCount = in.getUnsignedShort(10);
        int records = answerCount + authorityCount + additionalCount;
        if (questionCount + records > MAX_ENTRIES) {
            throw new MalformedMdnsException((questionCount + records) + " entries: over " + MAX_ENTRIES);
        }
        in.readerIndex(HEADER_BYTES);
        List<MdnsMessage.Question> questions = new ArrayList<>(questionCount);
        List<MdnsMessage.Ptr> ptrs = new ArrayList<>();
        List<MdnsMessage.Txt> txts = new ArrayList<>();
        int[] txtStrings = {0};
        try {
            for (int i = 0; i < questionCount; i++) {
                int nameEnd = checkName(in, in.readerIndex(), in.writerIndex());
                if (nameEnd + 4 > in.writerIndex()) {
                    throw new MalformedMdnsException("truncated question");
                }
                DnsQuestion q = DnsRecordDecoder.DEFAULT.decodeQuestion(in);
                questions.add(new MdnsMessage.Question(normalize(q.name()), q.type().intValue()));
            }
            for (int i = 0; i < records; i++) {
                boolean authority = i >= answerCount && i < answerCount + authorityCount;
                readRecord(in, authority, ptrs, txts, txtStrings);
            }
        } catch (MalformedMdnsException e) {
            throw e;
        } catch (Exception e) {
            // Netty's codec reports corruption as CorruptedFrameException or IndexOutOfBounds.
            throw new MalformedMdnsException(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new MdnsMessage((flags & FLAG_RESPONSE) != 0, questions, ptrs, txts);
    }

    private static void readRecord(ByteBuf in, boolean authority, List<MdnsMessage.Ptr> ptrs,
            List<MdnsMessage.Txt> txts, int[] txtStrings) throws Exception {
        int start = in.readerIndex();
        int nameEnd = checkName(in, start, in.writerIndex());
        if (nameEnd + 10 > in.writerIndex()) {
            throw new MalformedMdnsException("truncated record header");
        }
        int type = in.getUnsignedShort(nameEnd);
        int dataStart = nameEnd + 10;
        int dataEnd = dataStart + in.getUnsignedShort(nameEnd + 8);
        if (dataEnd > in.writerIndex()) {
            throw new MalformedMdnsException("truncated record data");
        }
        if (authority || (type != TYPE_PTR && type != TYPE_TXT)) {
            in.readerIndex(dataEnd);
            return;
        }
        if (type == TYPE_PTR) {
            checkName(in, dataStart, dataEnd);
        }
        DnsRecord record = DnsRecordDecoder.DEFAULT.decodeRecord(in);
        if (record == null) {
            throw new MalformedMdnsException("truncated record");
        }
        try {
            if (record instanceof DnsPtrRecord ptr) {
                ptrs.add(new MdnsMessage.Ptr(normalize(ptr.name()), normalize(ptr.hostname())));
            } else if (record instanceof DnsRawRecord raw) {
                List<byte[]> strings = txtStrings(raw.content(), MAX_TXT_STRINGS - txtStrings[0]);
                txtStrings[0] += strings.size();
                txts.add(new MdnsMessage.Txt(normalize(raw.name()), strings));
            }
        } finally {
            ReferenceCountUtil.release(record);
        }
    }

    /** RFC 1035 §3.3.14 / RFC 6763 §6: length-prefixed character-strings filling the data. */
    private static List<byte[]> txtStrings(ByteBuf data, int budget) throws MalformedMdnsException {
        List<byte[]> strings = new ArrayList<>();
        int i = data.readerIndex();
        int end = data.writerIndex();
        while (i < end) {
            int length = data.getUnsignedByte(i);
            if (i + 1 + length > end) {
                throw new MalformedMdnsException("TXT string runs past its record");
            }
            if (strings.size() == budget) {
                throw new MalformedMdnsException("over " + MAX_TXT_STRINGS + " TXT strings");
            }
            byte[] s = new byte[length];
            data.getBytes(i + 1, s);
            strings.add(s);
            i += 1 + length;
        }
        return strings;
    }

    /**
     * Walks the name at {@code index} without decoding it: labels must lie below {@code limit},
     * pointers must point below {@code limit}, at most {@link #MAX_NAME_POINTERS} pointers, at most
     * {@link #MAX_NAME_BYTES} bytes in all. A pointer loop therefore fails on one of the bounds.
     *
     * @return the index just after the name where it is written (after its first pointer, if any)
     */
    static int checkName(ByteBuf in, int index, int limit) throws MalformedMdnsException {
        int pos = index;
        int end = -1;
        int length = 1;
        int pointers = 0;
        while (true) {
            if (pos >= limit) {
                throw new MalformedMdnsException("truncated name");
            }
            int b = in.getUnsignedByte(pos);
            if ((b & 0xC0) == 0xC0) {
                if (pos + 1 >= limit) {
                    throw new MalformedMdnsException("truncated compression pointer");
                }
                int target = (b & 0x3F) << 8 | in.getUnsignedByte(pos + 1);
                if (end < 0) {
                    end = pos + 2;
                }
                if (++pointers > MAX_NAME_POINTERS) {
                    throw new MalformedMdnsException("over " + MAX_NAME_POINTERS + " compression pointers (loop?)");
                }
                if (target >= limit) {
                    throw new MalformedMdnsException("compression pointer out of range");
                }
                pos = target;
            } else if ((b & 0xC0) != 0) {
                throw new MalformedMdnsException("extended label type " + (b >> 6));
            } else if (b == 0) {
                return end < 0 ? pos + 1 : end;
            } else {
                length += b + 1;
                if (length > MAX_NAME_BYTES) {
                    throw new MalformedMdnsException("name over " + MAX_NAME_BYTES + " bytes");
                }
                if (pos + 1 + b > limit) {
                    throw new MalformedMdnsException("truncated label");
                }
                pos += 1 + b;
            }
        }
    }

    /** Lower-case ASCII letters (RFC 1035 §2.3.3), drop the root dot. */
    static String normalize(String name) {
        StringBuilder s = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            s.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        int n = s.length();
        return n > 0 && s.charAt(n - 1) == '.' ? s.substring(0, n - 1) : s.toString();
    }
}
