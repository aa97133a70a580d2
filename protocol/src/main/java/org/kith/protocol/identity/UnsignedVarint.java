package org.kith.protocol.identity;

import java.io.ByteArrayOutputStream;

/**
 * Multiformats unsigned varint: 7 bits per byte, least significant group first, high bit set on
 * every byte but the last. Decoding accepts only minimal encodings of at most
 * {@link #MAX_BYTES} bytes (values below 2^63), as the multiformats spec requires.
 */
public final class UnsignedVarint {

    /** Longest encoding the multiformats spec allows. */
    public static final int MAX_BYTES = 9;

    private UnsignedVarint() {
    }

    /** Result of a decode: the value and how many bytes it took. */
    public record Decoded(long value, int length) {
    }

    public static int encodedLength(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative varint value");
        }
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    public static void write(long value, ByteArrayOutputStream out) {
        if (value < 0) {
            throw new IllegalArgumentException("negative varint value");
        }
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    public static byte[] encode(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(MAX_BYTES);
        write(value, out);
        return out.toByteArray();
    }

    /**
     * Decodes the varint at {@code offset}.
     *
     * @throws IllegalArgumentException if truncated, over {@link #MAX_BYTES} bytes, or not minimal
     */
    public static Decoded decode(byte[] data, int offset) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (offset + i >= data.length) {
                throw new IllegalArgumentException("truncated varint");
            }
            int b = data[offset + i] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new IllegalArgumentException("varint not minimally encoded");
                }
                return new Decoded(value, i + 1);
            }
        }
        throw new IllegalArgumentException("varint longer than " + MAX_BYTES + " bytes");
    }
}
