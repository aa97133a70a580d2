package org.kith.p2p.multiaddr;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The multiaddr protocols Kith understands (multiformats {@code protocols.csv}; checklist §2).
 * Any other protocol code or name is refused when parsing.
 */
public enum MultiaddrProtocol {
    /** IPv4 address, 4 bytes; text: dotted quad. */
    IP4(4, "ip4", 4),
    /** TCP port, 2 bytes big-endian; text: decimal 0..65535. */
    TCP(6, "tcp", 2),
    /** IPv6 address, 16 bytes; text: RFC 4291 §2.2 forms in, RFC 5952 form out. */
    IP6(41, "ip6", 16),
    /** IPv6 zone (RFC 4007), length-prefixed UTF-8, non-empty, no {@code /}. */
    IP6ZONE(42, "ip6zone", Sizes.LENGTH_PREFIXED),
    /** DNS name resolvable to IPv4 and IPv6 addresses. */
    DNS(53, "dns", Sizes.LENGTH_PREFIXED),
    /** DNS name resolvable to IPv4 addresses only. */
    DNS4(54, "dns4", Sizes.LENGTH_PREFIXED),
    /** DNS name resolvable to IPv6 addresses only. */
    DNS6(55, "dns6", Sizes.LENGTH_PREFIXED),
    /** Name whose {@code _dnsaddr.} TXT records list multiaddrs. */
    DNSADDR(56, "dnsaddr", Sizes.LENGTH_PREFIXED),
    /** UDP port, 2 bytes big-endian. */
    UDP(273, "udp", 2),
    /** Circuit relay marker, no value. */
    P2P_CIRCUIT(290, "p2p-circuit", 0),
    /** Peer ID multihash, length-prefixed; text: base58btc out, base58 or CID in. Alias {@code ipfs}. */
    P2P(421, "p2p", Sizes.LENGTH_PREFIXED),
    /** TLS, no value. */
    TLS(448, "tls", 0),
    /** QUIC version 1, no value. */
    QUIC_V1(461, "quic-v1", 0),
    /** WebSocket, no value. */
    WS(477, "ws", 0),
    /** Secure WebSocket, no value. */
    WSS(478, "wss", 0);

    /** Size markers; a nested class because enum constants cannot refer to their own statics. */
    static final class Sizes {
        static final int LENGTH_PREFIXED = -1;

        private Sizes() {
        }
    }

    private static final Map<Long, MultiaddrProtocol> BY_CODE = new HashMap<>();
    private static final Map<String, MultiaddrProtocol> BY_NAME = new HashMap<>();

    static {
        for (MultiaddrProtocol p : values()) {
            BY_CODE.put((long) p.code, p);
            BY_NAME.put(p.textName, p);
        }
        // Legacy name of p2p; printed as p2p (go prints /ipfs/ as /p2p/).
        BY_NAME.put("ipfs", P2P);
    }

    private final int code;
    private final String textName;
    private final int size;

    MultiaddrProtocol(int code, String textName, int size) {
        this.code = code;
        this.textName = textName;
        this.size = size;
    }

    /** The multicodec code, written as a uvarint before the value. */
    public int code() {
        return code;
    }

    /** The name used in the text form, e.g. {@code "p2p-circuit"}. */
    public String textName() {
        return textName;
    }

    /** Whether the protocol carries a value. */
    public boolean hasValue() {
        return size != 0;
    }

    /** Whether the value is written as {@code uvarint(length) ‖ bytes}. */
    public boolean isLengthPrefixed() {
        return size == Sizes.LENGTH_PREFIXED;
    }

    /** Fixed value size in bytes, 0 for none, -1 if length-prefixed. */
    int fixedSize() {
        return size;
    }

    /** The protocol with this code, if Kith knows it. */
    public static Optional<MultiaddrProtocol> forCode(long code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The protocol with this text name ({@code ipfs} is an alias of {@link #P2P}). */
    public static Optional<MultiaddrProtocol> forName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
