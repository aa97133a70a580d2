package org.kith.protocol.identity;

/**
 * RFC 4648 base32, lower case, no padding: the multibase {@code b} form, and Kith's text form of
 * record ids. Decoding is strict: upper case, padding, and non-zero trailing bits are rejected, so
 * every byte string has exactly one text form.
 */
public final class Base32 {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int[] INDEX = new int[128];

    static {
        java.util.Arrays.fill(INDEX, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            INDEX[ALPHABET[i]] = i;
        }
    }

    private Base32() {
    }

    /**
     * Length in characters of the encoding of {@code byteCount} bytes.
     *
     * @throws IllegalArgumentException if {@code byteCount} is negative or the length exceeds
     *     {@link Integer#MAX_VALUE}
     */
    public static int encodedLength(int byteCount) {
        if (byteCount < 0) {
            throw new IllegalArgumentException("negative byte count " + byteCount);
        }
        long chars = ((long) byteCount * 8 + 4) / 5;
        if (chars > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("base32 of " + byteCount + " bytes is too long");
        }
        return (int) chars;
    }

    public static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder(encodedLength(data.length));
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }

    /**
     * @throws IllegalArgumentException on characters outside the alphabet, an impossible length,
     *     or non-zero padding bits (a non-canonical encoding)
     */
    public static byte[] decode(String text) {
        int byteCount = (int) ((long) text.length() * 5 / 8);
        if (encodedLength(byteCount) != text.length()) {
            throw new IllegalArgumentException("invalid base32 length " + text.length());
        }
        byte[] out = new byte[byteCount];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int v = c < 128 ? INDEX[c] : -1;
            if (v < 0) {
                throw new IllegalArgumentException("invalid base32 character at position " + i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[o++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("non-canonical base32: trailing bits set");
        }
        return out;
    }

    /** True if {@code text} is a canonical encoding of exactly {@code byteCount} bytes. */
    public static boolean isCanonical(String text, int byteCount) {
        if (text == null || byteCount < 0 || text.length() != ((long) byteCount * 8 + 4) / 5) {
            return false;
        }
        try {
            decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
