package org.kith.p2p.identify;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The libp2p {@code Identify} message (proto2; libp2p identify spec). Decoding ignores unknown
 * fields, as proto2 readers must, and enforces Kith's bounds on counts and sizes so a hostile
 * peer cannot make us hold much. Immutable; byte arrays are copied in and out.
 *
 * @param publicKey libp2p PublicKey protobuf of the sender, or null
 * @param listenAddrs binary multiaddrs the sender listens on
 * @param observedAddr binary multiaddr of the receiver as the sender sees it, or null
 * @param signedPeerRecord a signed {@link Envelope} holding a {@link PeerRecord}, or null
 */
public record IdentifyMessage(byte[] publicKey, List<byte[]> listenAddrs, List<String> protocols, byte[] observedAddr,
        String protocolVersion, String agentVersion, byte[] signedPeerRecord) {

    /** Largest single identify message read (go and js write at most this). */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024;
    /** Most messages merged from one identify stream. */
    public static final int MAX_MESSAGES = 10;
    public static final int MAX_LISTEN_ADDRS = 128;
    public static final int MAX_PROTOCOLS = 256;
    public static final int MAX_PROTOCOL_CHARS = 1024;
    public static final int MAX_ADDR_BYTES = 1024;
    public static final int MAX_VERSION_CHARS = 256;

    private static final int PUBLIC_KEY = 1;
    private static final int LISTEN_ADDRS = 2;
    private static final int PROTOCOLS = 3;
    private static final int OBSERVED_ADDR = 4;
    private static final int PROTOCOL_VERSION = 5;
    private static final int AGENT_VERSION = 6;
    private static final int SIGNED_PEER_RECORD = 8;

    public IdentifyMessage {
        listenAddrs = listenAddrs.stream().map(byte[]::clone).toList();
        protocols = List.copyOf(protocols);
        publicKey = publicKey == null ? null : publicKey.clone();
        observedAddr = observedAddr == null ? null : observedAddr.clone();
        signedPeerRecord = signedPeerRecord == null ? null : signedPeerRecord.clone();
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            if (publicKey != null) {
                out.writeByteArray(PUBLIC_KEY, publicKey);
            }
            for (byte[] addr : listenAddrs) {
                out.writeByteArray(LISTEN_ADDRS, addr);
            }
            for (String p : protocols) {
                out.writeString(PROTOCOLS, p);
            }
            if (observedAddr != null) {
                out.writeByteArray(OBSERVED_ADDR, observedAddr);
            }
            if (protocolVersion != null) {
                out.writeString(PROTOCOL_VERSION, protocolVersion);
            }
            if (agentVersion != null) {
                out.writeString(AGENT_VERSION, agentVersion);
            }
            if (signedPeerRecord != null) {
                out.writeByteArray(SIGNED_PEER_RECORD, signedPeerRecord);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes one message. Repeated fields accumulate; a later singular field replaces an
     * earlier one (protobuf merge semantics).
     *
     * @throws IllegalArgumentException if malformed or over a bound
     */
    public static IdentifyMessage decode(byte[] data) {
        if (data.length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("identify message of " + data.length + " bytes, limit "
                    + MAX_MESSAGE_BYTES);
        }
        Builder b = new Builder();
        b.mergeFrom(data);
        return b.build();
    }

    /** Merges several messages as go and js do (repeated fields concatenate, later singles win). */
    public static IdentifyMessage decodeAll(List<byte[]> messages) {
        if (messages.size() > MAX_MESSAGES) {
            throw new IllegalArgumentException(messages.size() + " identify messages, limit " + MAX_MESSAGES);
        }
        Builder b = new Builder();
        for (byte[] m : messages) {
            if (m.length > MAX_MESSAGE_BYTES) {
                throw new IllegalArgumentException("identify message of " + m.length + " bytes, limit "
                        + MAX_MESSAGE_BYTES);
            }
            b.mergeFrom(m);
        }
        return b.build();
    }

    private static final class Builder {
        byte[] publicKey;
        final List<byte[]> listenAddrs = new ArrayList<>();
        final List<String> protocols = new ArrayList<>();
        byte[] observedAddr;
        String protocolVersion;
        String agentVersion;
        byte[] signedPeerRecord;

        void mergeFrom(byte[] data) {
            CodedInputStream in = CodedInputStream.newInstance(data);
            try {
                while (true) {
                    int tag = in.readTag();
                    if (tag == 0) {
                        return;
                    }
                    int field = WireFormat.getTagFieldNumber(tag);
                    int wireType = WireFormat.getTagWireType(tag);
                    if (field >= PUBLIC_KEY && field <= SIGNED_PEER_RECORD && field != 7
                            && wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        throw new IllegalArgumentException("identify field " + field + " has wire type " + wireType);
                    }
                    switch (field) {
                        case PUBLIC_KEY -> publicKey = in.readByteArray();
                        case LISTEN_ADDRS -> {
                            byte[] addr = in.readByteArray();
                            if (addr.length > MAX_ADDR_BYTES || listenAddrs.size() >= MAX_LISTEN_ADDRS) {
                                throw new IllegalArgumentException("too many or too long listen addresses");
                            }
                            listenAddrs.add(addr);
                        }
                        case PROTOCOLS -> {
                            String p = in.readStringRequireUtf8();
                            if (p.length() > MAX_PROTOCOL_CHARS || protocols.size() >= MAX_PROTOCOLS) {
                                throw new IllegalArgumentException("too many or too long protocol ids");
                            }
                            protocols.add(p);
                        }
                        case OBSERVED_ADDR -> observedAddr = bounded(in.readByteArray(), MAX_ADDR_BYTES, "observedAddr");
                        case PROTOCOL_VERSION -> protocolVersion = boundedText(in.readStringRequireUtf8(), "protocolVersion");
                        case AGENT_VERSION -> agentVersion = boundedText(in.readStringRequireUtf8(), "agentVersion");
                        case SIGNED_PEER_RECORD -> signedPeerRecord = in.readByteArray();
                        default -> {
                            if (!in.skipField(tag)) {
                                return;
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("malformed identify message: " + e.getMessage(), e);
            }
        }

        private static byte[] bounded(byte[] value, int max, String what) {
            if (value.length > max) {
                throw new IllegalArgumentException(what + " over " + max + " bytes");
            }
            return value;
        }

        private static String boundedText(String value, String what) {
            if (value.length() > MAX_VERSION_CHARS) {
                throw new IllegalArgumentException(what + " over " + MAX_VERSION_CHARS + " characters");
            }
            return value;
        }

        IdentifyMessage build() {
            return new IdentifyMessage(publicKey, listenAddrs, protocols, observedAddr, protocolVersion, agentVersion,
                    signedPeerRecord);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdentifyMessage m && java.util.Arrays.equals(publicKey, m.publicKey)
                && listenAddrs.size() == m.listenAddrs.size()
                && java.util.stream.IntStream.range(0, listenAddrs.size())
                        .allMatch(i -> java.util.Arrays.equals(listenAddrs.get(i), m.listenAddrs.get(i)))
                && protocols.equals(m.protocols) && java.util.Arrays.equals(observedAddr, m.observedAddr)
                && java.util.Objects.equals(protocolVersion, m.protocolVersion)
                && java.util.Objects.equals(agentVersion, m.agentVersion)
                && java.util.Arrays.equals(signedPeerRecord, m.signedPeerRecord);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(protocols, protocolVersion, agentVersion);
    }

    @Override
    public String toString() {
        return "IdentifyMessage[protocols=" + protocols + ", agent=" + agentVersion + ", listenAddrs="
                + listenAddrs.size() + "]";
    }
}
