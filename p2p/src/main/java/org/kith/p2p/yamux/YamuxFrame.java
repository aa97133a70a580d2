package org.kith.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCounted;
import java.util.Objects;

/**
 * One Yamux frame: the 12-byte header (version, type, flags, stream ID, length; all big-endian)
 * and, for {@link Type#DATA}, the payload (yamux spec "Framing").
 *
 * <p>The stream ID and the length are unsigned 32-bit values: {@code streamId} holds the raw bits
 * (use {@link #streamIdUnsigned()}), {@code length} holds the value as a non-negative long.
 * For Data frames {@code length} equals {@code payload.readableBytes()}; for the other types
 * the payload is the empty buffer and {@code length} is the window delta (WindowUpdate), the
 * opaque value (Ping) or the error code (GoAway).
 *
 * <p>Buffer ownership: a frame owns its payload; the reference-count methods act on it, so
 * {@code ReferenceCountUtil.release(frame)} frees a frame wherever it ends up.
 */
record YamuxFrame(Type type, int flags, int streamId, long length, ByteBuf payload) implements ReferenceCounted {

    /** The only protocol version (spec "Version Field"). */
    static final int VERSION = 0;
    static final int HEADER_BYTES = 12;
    /** The window every stream starts with in both directions (spec "Flow Control"). */
    static final int INITIAL_WINDOW_BYTES = 256 * 1024;
    static final long MAX_UINT32 = 0xFFFF_FFFFL;

    static final int FLAG_SYN = 0x1;
    static final int FLAG_ACK = 0x2;
    static final int FLAG_FIN = 0x4;
    static final int FLAG_RST = 0x8;

    /** GoAway codes (spec "Session termination"). */
    static final long GO_AWAY_NORMAL = 0;
    static final long GO_AWAY_PROTOCOL_ERROR = 1;
    static final long GO_AWAY_INTERNAL_ERROR = 2;

    /** Frame types, by wire code (spec "Type Field"). */
    enum Type {
        DATA, WINDOW_UPDATE, PING, GO_AWAY;

        private static final Type[] BY_CODE = values();

        int code() {
            return ordinal();
        }

        /** The type for a wire code, or {@code null} if the code is unknown. */
        static Type ofCode(int code) {
            return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        }
    }

    YamuxFrame {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        if ((flags & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("flags are 16 bits: " + flags);
        }
        if (length < 0 || length > MAX_UINT32) {
            throw new IllegalArgumentException("length is an unsigned 32-bit value: " + length);
        }
        if (type == Type.DATA ? payload.readableBytes() != length : payload.isReadable()) {
            throw new IllegalArgumentException("only Data frames carry a payload, of exactly length bytes");
        }
    }

    /** A Data frame; takes ownership of {@code payload}. */
    static YamuxFrame data(int streamId, int flags, ByteBuf payload) {
        return new YamuxFrame(Type.DATA, flags, streamId, payload.readableBytes(), payload);
    }

    static YamuxFrame windowUpdate(int streamId, int flags, long delta) {
        return new YamuxFrame(Type.WINDOW_UPDATE, flags, streamId, delta, Unpooled.EMPTY_BUFFER);
    }

    static YamuxFrame ping(int flags, long opaque) {
        return new YamuxFrame(Type.PING, flags, 0, opaque, Unpooled.EMPTY_BUFFER);
    }

    static YamuxFrame goAway(long code) {
        return new YamuxFrame(Type.GO_AWAY, 0, 0, code, Unpooled.EMPTY_BUFFER);
    }

    long streamIdUnsigned() {
        return Integer.toUnsignedLong(streamId);
    }

    boolean has(int flag) {
        return (flags & flag) == flag;
    }

    @Override
    public int refCnt() {
        return payload.refCnt();
    }

    @Override
    public YamuxFrame retain() {
        payload.retain();
        return this;
    }

    @Override
    public YamuxFrame retain(int increment) {
        payload.retain(increment);
        return this;
    }

    @Override
    public YamuxFrame touch() {
        payload.touch();
        return this;
    }

    @Override
    public YamuxFrame touch(Object hint) {
        payload.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return payload.release();
    }

    @Override
    public boolean release(int decrement) {
        return payload.release(decrement);
    }

    /** Header fields only; never the payload bytes. */
    @Override
    public String toString() {
        return "YamuxFrame[" + type + " flags=" + flagNames(flags) + " stream=" + streamIdUnsigned()
                + " length=" + length + "]";
    }

    static String flagNames(int flags) {
        if (flags == 0) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        appendFlag(sb, flags, FLAG_SYN, "SYN");
        appendFlag(sb, flags, FLAG_ACK, "ACK");
        appendFlag(sb, flags, FLAG_FIN, "FIN");
        appendFlag(sb, flags, FLAG_RST, "RST");
        int unknown = flags & ~(FLAG_SYN | FLAG_ACK | FLAG_FIN | FLAG_RST);
        if (unknown != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append("0x").append(Integer.toHexString(unknown));
        }
        return sb.toString();
    }

    private static void appendFlag(StringBuilder sb, int flags, int flag, String name) {
        if ((flags & flag) != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append(name);
        }
    }
}
