package org.kith.p2p.multiaddr;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.identity.UnsignedVarint;

/**
 * A multiaddr (multiformats; checklist §2): a self-describing network address such as
 * {@code /ip4/192.0.2.42/tcp/443/p2p/12D3KooW…}, in binary form a sequence of
 * {@code uvarint(code) ‖ value}.
 *
 * <p><b>Guarantees.</b> Every instance is valid: at least one component, each of a protocol in
 * {@link MultiaddrProtocol}, each value well formed, and at most {@link #MAX_BYTES} bytes in
 * binary form. {@link #toBytes()} and {@link #toString()} are canonical, so
 * {@code fromBytes(a.toBytes()).equals(a)} and {@code parse(a.toString()).equals(a)} always hold;
 * equality is by binary form. Parsing never touches the network: no DNS lookup, ever. Immutable
 * and thread-safe.
 *
 * <p><b>Strictness.</b> Refused with {@link InvalidMultiaddrException}: unknown protocols, missing
 * values, ip4 other than a dotted quad without leading zeros, ip6 outside the RFC 4291 text forms
 * (zones go in {@code /ip6zone/}), ports outside 0..65535 or with a sign or leading zeros, empty or
 * over-long names and names containing {@code /} or control characters, peer IDs that are not
 * identity or sha2-256 multihashes, non-minimal or over-long varints, truncated values, and
 * anything over the length limits. One trailing {@code /} in the text form is tolerated as in
 * go-multiaddr; {@code /ipfs/} is read as {@code /p2p/}.
 */
public final class Multiaddr {

    /** Largest binary form accepted or produced. */
    public static final int MAX_BYTES = 1024;
    /** Largest text form accepted; bounds work on hostile input before any parsing. */
    public static final int MAX_TEXT_CHARS = 8192;

    private final byte[] bytes;
    private final List<MultiaddrComponent> components;
    private final String text;

    private Multiaddr(byte[] bytes) {
        MultiaddrCodec.Decoded decoded = MultiaddrCodec.decode(bytes);
        this.bytes = bytes;
        this.components = decoded.components();
        this.text = decoded.text();
    }

    /**
     * Parses the text form, e.g. {@code /ip4/127.0.0.1/tcp/4001}.
     *
     * @throws InvalidMultiaddrException with the reason, if not a valid multiaddr
     */
    public static Multiaddr parse(String text) {
        Objects.requireNonNull(text, "text");
        return new Multiaddr(MultiaddrCodec.parseText(text));
    }

    /**
     * Decodes the binary form; all of {@code bytes} must be consumed.
     *
     * @throws InvalidMultiaddrException with the reason, if not a valid multiaddr
     */
    public static Multiaddr fromBytes(byte[] bytes) {
        return new Multiaddr(bytes.clone());
    }

    /**
     * {@code /ip4/…/tcp/…} or {@code /ip6/…/tcp/…} for a resolved socket address. An IPv6 scope
     * (zone) is dropped: it is meaningful only on this host.
     *
     * @throws IllegalArgumentException if the address is unresolved (no lookup is attempted)
     */
    public static Multiaddr fromInetSocketAddress(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved socket address " + address.getHostString());
        }
        InetAddress ip = address.getAddress();
        ByteArrayOutputStream out = new ByteArrayOutputStream(24);
        if (ip instanceof Inet4Address) {
            UnsignedVarint.write(MultiaddrProtocol.IP4.code(), out);
        } else if (ip instanceof Inet6Address) {
            UnsignedVarint.write(MultiaddrProtocol.IP6.code(), out);
        } else {
            throw new IllegalArgumentException("unsupported address type " + ip.getClass().getName());
        }
        out.writeBytes(ip.getAddress());
        UnsignedVarint.write(MultiaddrProtocol.TCP.code(), out);
        out.write(address.getPort() >>> 8);
        out.write(address.getPort() & 0xFF);
        return new Multiaddr(out.toByteArray());
    }

    /** The binary form (a copy). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The components in order; never empty, unmodifiable. */
    public List<MultiaddrComponent> components() {
        return components;
    }

    /** The peer ID of a trailing {@code /p2p/…} component, if the address ends in one. */
    public Optional<PeerId> peerId() {
        MultiaddrComponent last = last();
        return last.protocol() == MultiaddrProtocol.P2P
                ? Optional.of(MultiaddrCodec.peerIdFromBytes(last.valueUnsafe()))
                : Optional.empty();
    }

    /**
     * This address without its trailing {@code /p2p/…} component; {@code this} if it has none.
     *
     * @throws IllegalStateException if the address is nothing but {@code /p2p/…}, which would
     *     leave an empty multiaddr
     */
    public Multiaddr withoutPeerId() {
        MultiaddrComponent last = last();
        if (last.protocol() != MultiaddrProtocol.P2P) {
            return this;
        }
        if (components.size() == 1) {
            throw new IllegalStateException("address " + text + " has nothing but a peer ID");
        }
        int suffix = UnsignedVarint.encodedLength(MultiaddrProtocol.P2P.code())
                + UnsignedVarint.encodedLength(last.valueLength()) + last.valueLength();
        return new Multiaddr(Arrays.copyOf(bytes, bytes.length - suffix));
    }

    /**
     * This address ending in {@code /p2p/<peerId>}; {@code this} if it already does.
     *
     * @throws IllegalArgumentException if it already ends in another peer's ID
     * @throws InvalidMultiaddrException if the result would exceed {@link #MAX_BYTES}
     */
    public Multiaddr withPeerId(PeerId peerId) {
        Optional<PeerId> existing = peerId();
        if (existing.isPresent()) {
            if (existing.get().equals(peerId)) {
                return this;
            }
            throw new IllegalArgumentException("address " + text + " already names another peer");
        }
        byte[] multihash = peerId.toBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + multihash.length + 4);
        out.writeBytes(bytes);
        UnsignedVarint.write(MultiaddrProtocol.P2P.code(), out);
        UnsignedVarint.write(multihash.length, out);
        out.writeBytes(multihash);
        return new Multiaddr(out.toByteArray());
    }

    /**
     * This address followed by {@code inner}, e.g. {@code /ip4/1.2.3.4/tcp/1} + {@code /ws}.
     *
     * @throws InvalidMultiaddrException if the result would exceed {@link #MAX_BYTES}
     */
    public Multiaddr encapsulate(Multiaddr inner) {
        byte[] joined = Arrays.copyOf(bytes, bytes.length + inner.bytes.length);
        System.arraycopy(inner.bytes, 0, joined, bytes.length, inner.bytes.length);
        return new Multiaddr(joined);
    }

    /**
     * The socket address to dial, for exactly {@code /ip4/…/tcp/…} or {@code /ip6/…/tcp/…},
     * optionally followed by {@code /p2p/…}; empty for anything else (DNS names, relays,
     * WebSocket, zones, UDP). Never performs a lookup. An IPv4-mapped {@code /ip6/::ffff:a.b.c.d}
     * yields an IPv4 socket address, as the JDK represents it.
     */
    public Optional<InetSocketAddress> toInetSocketAddress() {
        int n = components.size();
        if (n < 2 || n > 3) {
            return Optional.empty();
        }
        MultiaddrComponent ip = components.get(0);
        MultiaddrComponent port = components.get(1);
        boolean ipOk = ip.protocol() == MultiaddrProtocol.IP4 || ip.protocol() == MultiaddrProtocol.IP6;
        boolean tailOk = n == 2 || components.get(2).protocol() == MultiaddrProtocol.P2P;
        if (!ipOk || port.protocol() != MultiaddrProtocol.TCP || !tailOk) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByAddress(ip.valueUnsafe());
            int portNumber = ((port.valueByte(0) & 0xFF) << 8) | (port.valueByte(1) & 0xFF);
            return Optional.of(new InetSocketAddress(address, portNumber));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("validated address of illegal length", e);
        }
    }

    /**
     * Whether the first IP component (after an optional {@code /ip6zone/}) is a loopback address:
     * 127.0.0.0/8, {@code ::1}, or 127.0.0.0/8 mapped into IPv6. DNS names, even
     * {@code localhost}, are not resolved and so are not loopback.
     */
    public boolean isLoopback() {
        int index = components.get(0).protocol() == MultiaddrProtocol.IP6ZONE ? 1 : 0;
        if (index >= components.size()) {
            return false;
        }
        MultiaddrComponent first = components.get(index);
        byte[] ip = first.valueUnsafe();
        if (first.protocol() == MultiaddrProtocol.IP4) {
            return ip[0] == 127;
        }
        if (first.protocol() == MultiaddrProtocol.IP6) {
            if (IpText.isIpv4Mapped(ip)) {
                return ip[12] == 127;
            }
            for (int i = 0; i < 15; i++) {
                if (ip[i] != 0) {
                    return false;
                }
            }
            return ip[15] == 1;
        }
        return false;
    }

    private MultiaddrComponent last() {
        return components.get(components.size() - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multiaddr other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The canonical text form, e.g. {@code /ip6/::1/tcp/4001/p2p/12D3KooW…}. */
    @Override
    public String toString() {
        return text;
    }
}
