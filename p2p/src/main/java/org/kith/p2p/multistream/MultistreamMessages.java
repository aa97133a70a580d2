package org.kith.p2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.kith.p2p.wire.ProtocolException;
import org.kith.p2p.wire.Varints;

/**
 * The multistream-select 1.0 message codec (checklist §3): {@code uvarint(len) ‖ UTF-8 text ‖
 * '\n'}, where {@code len} counts the newline and is at most {@link #MAX_MESSAGE_BYTES} (go
 * {@code ErrTooLarge}, js {@code MAX_PROTOCOL_LENGTH}).
 *
 * <p>Stateless. {@link #tryRead} consumes a message only once it is complete and valid; it never
 * retains or releases the buffer.
 */
final class MultistreamMessages {

    /** Largest {@code len}, newline included. */
    static final int MAX_MESSAGE_BYTES = 1024;
    static final String HEADER = "/multistream/1.0.0";
    static final String NA = "na";
    static final String LS = "ls";
    private static final int MAX_QUOTE_CHARS = 64;

    private MultistreamMessages() {
    }

    /**
     * Reads one message at the reader index.
     *
     * @return the text without its newline, or {@code null} if the message is incomplete (nothing
     *     consumed)
     * @throws ProtocolException on a bad varint, a length over {@value #MAX_MESSAGE_BYTES} (as
     *     soon as that is certain), a missing trailing newline or text that is not UTF-8; nothing is
     *     consumed
     */
    static String tryRead(ByteBuf in) {
        int prefix = Varints.readableVarintLength(in);
        if (prefix == Varints.NEED_MORE_BYTES) {
            // Two continuation bytes already mean a length of at least 2^14: reject at once.
            if (in.readableBytes() >= 2) {
                throw new ProtocolException("message length exceeds " + MAX_MESSAGE_BYTES + " bytes");
            }
            return null;
        }
        long length = Varints.getVarint(in, in.readerIndex());
        if (length > MAX_MESSAGE_BYTES) {
            throw new ProtocolException(
                    "message of " + length + " bytes exceeds " + MAX_MESSAGE_BYTES + " bytes");
        }
        if (length == 0) {
            throw new ProtocolException("empty message without trailing newline");
        }
        if (in.readableBytes() - prefix < length) {
            return null;
        }
        int start = in.readerIndex() + prefix;
        int textLength = (int) length - 1;
        if (in.getByte(start + textLength) != '\n') {
            throw new ProtocolException("message without trailing newline");
        }
        if (!ByteBufUtil.isText(in, start, textLength, StandardCharsets.UTF_8)) {
            throw new ProtocolException("message is not valid UTF-8");
        }
        String text = in.toString(start, textLength, StandardCharsets.UTF_8);
        in.skipBytes(prefix + (int) length);
        return text;
    }

    /** Appends {@code message} framed; the caller has checked it with {@link #checkProtocol}. */
    static void write(ByteBuf out, String message) {
        int textLength = ByteBufUtil.utf8Bytes(message);
        Varints.writeVarint(out, textLength + 1L);
        out.writeCharSequence(message, StandardCharsets.UTF_8);
        out.writeByte('\n');
    }

    static ByteBuf encode(ByteBufAllocator alloc, String... messages) {
        ByteBuf out = alloc.buffer();
        for (String message : messages) {
            write(out, message);
        }
        return out;
    }

    /**
     * The {@code ls} reply as js-libp2p writes it (checklist §3): one message whose text is, per
     * protocol, {@code uvarint(len(proto)+1) ‖ proto ‖ '\n'}, then a final {@code '\n'}.
     *
     * @return the framed reply, or {@code null} if it would exceed {@value #MAX_MESSAGE_BYTES}
     */
    static ByteBuf encodeLsReply(ByteBufAllocator alloc, Collection<String> protocols) {
        ByteBuf content = alloc.buffer();
        try {
            for (String protocol : protocols) {
                write(content, protocol);
            }
            content.writeByte('\n');
            if (content.readableBytes() > MAX_MESSAGE_BYTES) {
                return null;
            }
            ByteBuf out = alloc.buffer(content.readableBytes() + 2);
            Varints.writeVarint(out, content.readableBytes());
            out.writeBytes(content);
            return out;
        } finally {
            content.release();
        }
    }

    /**
     * Checks a locally configured protocol ID: non-empty, no newline, framed length within
     * {@value #MAX_MESSAGE_BYTES}, and not one of the protocol's own words.
     *
     * @throws IllegalArgumentException otherwise
     */
    static String checkProtocol(String protocol) {
        if (protocol == null || protocol.isEmpty()) {
            throw new IllegalArgumentException("empty protocol ID");
        }
        if (protocol.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("protocol ID contains a newline");
        }
        if (ByteBufUtil.utf8Bytes(protocol) + 1 > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("protocol ID longer than " + (MAX_MESSAGE_BYTES - 1) + " bytes");
        }
        if (protocol.equals(HEADER) || protocol.equals(NA) || protocol.equals(LS)) {
            throw new IllegalArgumentException("reserved protocol ID " + protocol);
        }
        for (int i = 0; i < protocol.length(); i++) {
            char c = protocol.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < protocol.length()
                    && Character.isLowSurrogate(protocol.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("protocol ID is not valid Unicode");
            }
        }
        return protocol;
    }

    /** Quotes peer-sent text for logs and exception messages: bounded, controls escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("'");
        int n = Math.min(s.length(), MAX_QUOTE_CHARS);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > n) {
            sb.append("…(").append(s.length()).append(" chars)");
        }
        return sb.append('\'').toString();
    }
}
