package org.kith.p2p.wire;

import io.netty.buffer.ByteBuf;

/**
 * Multiformats unsigned varints on Netty {@link ByteBuf}s (checklist §0): 7 bits per byte, least
 * significant group first, high bit set on every byte but the last; at most {@link #MAX_BYTES}
 * bytes (values below 2^63) and minimally encoded. A non-minimal encoding (a last byte of
 * {@code 0x00} after a continuation byte) and an encoding of more than nine bytes are protocol
 * violations.
 *
 * <p>Stateless and thread-safe. None of these methods retains or releases the buffers passed in.
 *
 * <p>Typical decoder use, consuming nothing until the whole frame is there:
 * <pre>{@code
 * int n = Varints.readableVarintLength(in);          // 0: need more bytes
 * if (n == Varints.NEED_MORE_BYTES) return;
 * long length = Varints.getVarint(in, in.readerIndex());
 * if (length > MAX) throw new ProtocolException(...);  // before allocating anything
 * if (in.readableBytes() - n < length) return;
 * in.skipBytes(n);
 * out.add(in.readRetainedSlice((int) length));
 * }</pre>
 */
public final class Varints {

    /** Longest encoding the multiformats spec allows. */
    public static final int MAX_BYTES = 9;
    /** Returned by {@link #readableVarintLength} when the varint is not complete yet. */
    public static final int NEED_MORE_BYTES = 0;

    private Varints() {
    }

    /**
     * Length in bytes of the varint starting at the buffer's reader index, without consuming
     * anything.
     *
     * @return 1..{@value #MAX_BYTES}, or {@link #NEED_MORE_BYTES} if every readable byte so far has
     *     the continuation bit set and fewer than {@value #MAX_BYTES} are readable
     * @throws ProtocolException if the varint is longer than {@value #MAX_BYTES} bytes or not
     *     minimally encoded; detected as soon as the offending byte is readable
     */
    public static int readableVarintLength(ByteBuf buf) {
        int start = buf.readerIndex();
        int readable = buf.readableBytes();
        for (int i = 0; i < MAX_BYTES; i++) {
            if (i >= readable) {
                return NEED_MORE_BYTES;
            }
            int b = buf.getUnsignedByte(start + i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new ProtocolException("varint not minimally encoded");
                }
                return i + 1;
            }
        }
        throw new ProtocolException("varint longer than " + MAX_BYTES + " bytes");
    }

    /**
     * Decodes the varint at absolute {@code index} without moving the reader index.
     *
     * @throws ProtocolException if truncated at the buffer's writer index, over
     *     {@value #MAX_BYTES} bytes, or not minimal
     */
    public static long getVarint(ByteBuf buf, int index) {
        long value = 0;
        int end = buf.writerIndex();
        for (int i = 0; i < MAX_BYTES; i++) {
            if (index + i >= end) {
                throw new ProtocolException("truncated varint");
            }
            int b = buf.getUnsignedByte(index + i);
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new ProtocolException("varint not minimally encoded");
                }
                return value;
            }
        }
        throw new ProtocolException("varint longer than " + MAX_BYTES + " bytes");
    }

    /**
     * Reads (consumes) a complete varint. For buffers that hold a whole message; a stream decoder
     * uses {@link #readableVarintLength} first.
     *
     * @throws ProtocolException if truncated, over {@value #MAX_BYTES} bytes, or not minimal; the
     *     reader index is then unchanged
     */
    public static long readVarint(ByteBuf buf) {
        long value = getVarint(buf, buf.readerIndex());
        buf.skipBytes(encodedLength(value));
        return value;
    }

    /** Bytes that {@link #writeVarint} uses for {@code value}. */
    public static int encodedLength(long value) {
        checkValue(value);
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /**
     * Appends the minimal encoding of {@code value} at the writer index.
     *
     * @throws IllegalArgumentException if {@code value} is negative (2^63 and above)
     */
    public static ByteBuf writeVarint(ByteBuf buf, long value) {
        checkValue(value);
        while ((value & ~0x7FL) != 0) {
            buf.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        buf.writeByte((int) value);
        return buf;
    }

    private static void checkValue(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint value must be in [0, 2^63)");
        }
    }
}
