package org.kith.p2p.multiaddr;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.identity.UnsignedVarint;

/**
 * Binary and text transcoding of multiaddrs (checklist §2). Every path into a {@link Multiaddr}
 * ends in {@link #decode}, so the binary checks are the single source of truth; text parsing only
 * builds candidate bytes.
 */
final class MultiaddrCodec {

    /** Longest DNS name (RFC 1035 §2.3.4: 255 octets on the wire); also bounds ip6zone. */
    static final int MAX_NAME_BYTES = 255;
    /** Longest excerpt of hostile input quoted in an error message. */
    private static final int MAX_QUOTE_CHARS = 48;

    private MultiaddrCodec() {
    }

    /** Decoded form: the components and the canonical text. */
    record Decoded(List<MultiaddrComponent> components, String text) {
    }

    static Decoded decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new InvalidMultiaddrException("empty multiaddr");
        }
        if (bytes.length > Multiaddr.MAX_BYTES) {
            throw new InvalidMultiaddrException(
                    "multiaddr of " + bytes.length + " bytes exceeds " + Multiaddr.MAX_BYTES);
        }
        List<MultiaddrComponent> components = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int offset = 0;
        while (offset < bytes.length) {
            UnsignedVarint.Decoded code = varint(bytes, offset, "protocol code");
            offset += code.length();
            MultiaddrProtocol protocol = MultiaddrProtocol.forCode(code.value()).orElseThrow(
                    () -> new InvalidMultiaddrException("unknown protocol code " + code.value()));
            int size = protocol.fixedSize();
            if (protocol.isLengthPrefixed()) {
                UnsignedVarint.Decoded length = varint(bytes, offset, protocol.textName() + " value length");
                offset += length.length();
                if (length.value() == 0) {
                    throw new InvalidMultiaddrException("empty " + protocol.textName() + " value");
                }
                if (length.value() > bytes.length - offset) {
                    throw new InvalidMultiaddrException("truncated " + protocol.textName() + " value");
                }
                size = (int) length.value();
            } else if (size > bytes.length - offset) {
                throw new InvalidMultiaddrException("truncated " + protocol.textName() + " value");
            }
            byte[] value = Arrays.copyOfRange(bytes, offset, offset + size);
            offset += size;
            MultiaddrComponent component = new MultiaddrComponent(protocol, value, valueToText(protocol, value));
            components.add(component);
            text.append(component);
        }
        return new Decoded(List.copyOf(components), text.toString());
    }

    private static UnsignedVarint.Decoded varint(byte[] bytes, int offset, String what) {
        try {
            return UnsignedVarint.decode(bytes, offset);
        } catch (IllegalArgumentException e) {
            throw new InvalidMultiaddrException("bad " + what + ": " + e.getMessage(), e);
        }
    }

    private static String valueToText(MultiaddrProtocol protocol, byte[] value) {
        return switch (protocol) {
            case IP4 -> IpText.formatIp4(value, 0);
            case IP6 -> IpText.formatIp6(value);
            case TCP, UDP -> Integer.toString(((value[0] & 0xFF) << 8) | (value[1] & 0xFF));
            case DNS, DNS4, DNS6, DNSADDR, IP6ZONE -> nameFromBytes(protocol, value);
            case P2P -> peerIdFromBytes(value).toBase58();
            case P2P_CIRCUIT, TLS, QUIC_V1, WS, WSS -> "";
        };
    }

    static PeerId peerIdFromBytes(byte[] value) {
        try {
            return PeerId.fromBytes(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidMultiaddrException("bad p2p value: " + e.getMessage(), e);
        }
    }

    private static String nameFromBytes(MultiaddrProtocol protocol, byte[] value) {
        String name;
        try {
            name = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidMultiaddrException(protocol.textName() + " value is not valid UTF-8", e);
        }
        checkName(protocol, name, value.length);
        return name;
    }

    /**
     * Names (dns*, ip6zone) must be non-empty, at most {@value #MAX_NAME_BYTES} UTF-8 bytes, and
     * free of {@code /} (it would split the text form) and of control characters (they would
     * reach logs and UIs verbatim).
     */
    private static void checkName(MultiaddrProtocol protocol, String name, int utf8Length) {
        if (name.isEmpty()) {
            throw new InvalidMultiaddrException("empty " + protocol.textName() + " value");
        }
        if (utf8Length > MAX_NAME_BYTES) {
            throw new InvalidMultiaddrException(protocol.textName() + " value of " + utf8Length
                    + " bytes exceeds " + MAX_NAME_BYTES);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/') {
                throw new InvalidMultiaddrException(protocol.textName() + " value contains '/'");
            }
            if (Character.isISOControl(c)) {
                throw new InvalidMultiaddrException(protocol.textName() + " value contains a control character");
            }
        }
    }

    static byte[] parseText(String text) {
        if (text.length() > Multiaddr.MAX_TEXT_CHARS) {
            throw new InvalidMultiaddrException(
                    "multiaddr text of " + text.length() + " chars exceeds " + Multiaddr.MAX_TEXT_CHARS);
        }
        if (text.isEmpty() || text.charAt(0) != '/') {
            throw new InvalidMultiaddrException("multiaddr must begin with '/': " + quote(text));
        }
        String body = text.substring(1);
        // One trailing slash is tolerated, as go-multiaddr does ("/ip4/1.2.3.4/tcp/1/").
        if (body.endsWith("/")) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.isEmpty()) {
            throw new InvalidMultiaddrException("empty multiaddr");
        }
        String[] parts = body.split("/", -1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < parts.length) {
            String name = parts[i++];
            if (name.isEmpty()) {
                throw new InvalidMultiaddrException("empty protocol name in " + quote(text));
            }
            MultiaddrProtocol protocol = MultiaddrProtocol.forName(name).orElseThrow(
                    () -> new InvalidMultiaddrException("unknown protocol " + quote(name)));
            UnsignedVarint.write(protocol.code(), out);
            if (protocol.hasValue()) {
                if (i >= parts.length) {
                    throw new InvalidMultiaddrException("missing value for " + protocol.textName());
                }
                byte[] value = valueFromText(protocol, parts[i++]);
                if (protocol.isLengthPrefixed()) {
                    UnsignedVarint.write(value.length, out);
                }
                out.writeBytes(value);
            }
            if (out.size() > Multiaddr.MAX_BYTES) {
                throw new InvalidMultiaddrException("multiaddr exceeds " + Multiaddr.MAX_BYTES + " bytes");
            }
        }
        return out.toByteArray();
    }

    private static byte[] valueFromText(MultiaddrProtocol protocol, String value) {
        return switch (protocol) {
            case IP4 -> {
                byte[] ip = IpText.parseIp4(value);
                if (ip == null) {
                    throw new InvalidMultiaddrException("bad ip4 address " + quote(value));
                }
                yield ip;
            }
            case IP6 -> {
                byte[] ip = IpText.parseIp6(value);
                if (ip == null) {
                    throw new InvalidMultiaddrException("bad ip6 address " + quote(value));
                }
                yield ip;
            }
            case TCP, UDP -> portFromText(protocol, value);
            case DNS, DNS4, DNS6, DNSADDR, IP6ZONE -> nameToBytes(protocol, value);
            case P2P -> {
                try {
                    yield PeerId.parse(value).toBytes();
                } catch (IllegalArgumentException e) {
                    throw new InvalidMultiaddrException("bad p2p value " + quote(value) + ": " + e.getMessage(), e);
                }
            }
            case P2P_CIRCUIT, TLS, QUIC_V1, WS, WSS -> throw new IllegalStateException("no value");
        };
    }

    /** Decimal 0..65535, ASCII digits only, no sign and no leading zeros. */
    private static byte[] portFromText(MultiaddrProtocol protocol, String value) {
        boolean ok = !value.isEmpty() && value.length() <= 5 && (value.length() == 1 || value.charAt(0) != '0');
        int port = 0;
        for (int i = 0; ok && i < value.length(); i++) {
            char c = value.charAt(i);
            ok = c >= '0' && c <= '9';
            port = port * 10 + (c - '0');
        }
        if (!ok || port > 0xFFFF) {
            throw new InvalidMultiaddrException("bad " + protocol.textName() + " port " + quote(value));
        }
        return new byte[] {(byte) (port >>> 8), (byte) port};
    }

    private static byte[] nameToBytes(MultiaddrProtocol protocol, String value) {
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new InvalidMultiaddrException(protocol.textName() + " value is not valid Unicode", e);
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        checkName(protocol, value, bytes.length);
        return bytes;
    }

    /** Quotes hostile input for an error message: bounded, control characters escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("'");
        int n = Math.min(s.length(), MAX_QUOTE_CHARS);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || Character.isSurrogate(c) || (c >= 0x80 && c < 0xA0)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > n) {
            sb.append("…");
        }
        return sb.append('\'').toString();
    }
}
