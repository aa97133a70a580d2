package org.kith.protocol.identity;

import java.util.Arrays;

/**
 * Big-number base encodings (base58btc, base36) as used by multibase: leading zero bytes map to
 * leading "zero" digits one for one, the rest is the number in the target base.
 *
 * <p>Immutable and thread-safe. Decoding rejects any character outside the alphabet.
 */
public final class BaseN {

    /** Bitcoin's base58 alphabet (multibase "base58btc"). */
    public static final BaseN BASE58_BTC =
            new BaseN("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz");
    /** Lower-case base36 (multibase "base36", prefix {@code k}). */
    public static final BaseN BASE36 = new BaseN("0123456789abcdefghijklmnopqrstuvwxyz");

    private final char[] alphabet;
    private final int[] indexes = new int[128];
    private final int base;

    private BaseN(String alphabet) {
        this.alphabet = alphabet.toCharArray();
        this.base = alphabet.length();
        Arrays.fill(indexes, -1);
        for (int i = 0; i < this.alphabet.length; i++) {
            indexes[this.alphabet[i]] = i;
        }
    }

    public String encode(byte[] input) {
        if (input.length == 0) {
            return "";
        }
        int zeros = 0;
        while (zeros < input.length && input[zeros] == 0) {
            zeros++;
        }
        byte[] number = Arrays.copyOf(input, input.length);
        // Upper bound of output digits: len * log(256)/log(base), +1.
        char[] encoded = new char[input.length * 2 + 1];
        int out = encoded.length;
        int start = zeros;
        while (start < number.length) {
            encoded[--out] = alphabet[divmod(number, start, 256, base)];
            if (number[start] == 0) {
                start++;
            }
        }
        while (out < encoded.length && encoded[out] == alphabet[0]) {
            out++;
        }
        while (--zeros >= 0) {
            encoded[--out] = alphabet[0];
        }
        return new String(encoded, out, encoded.length - out);
    }

    /**
     * Decodes text in this alphabet.
     *
     * @throws IllegalArgumentException on a character outside the alphabet
     */
    public byte[] decode(String input) {
        if (input.isEmpty()) {
            return new byte[0];
        }
        byte[] digits = new byte[input.length()];
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            int digit = c < 128 ? indexes[c] : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("invalid character at position " + i);
            }
            digits[i] = (byte) digit;
        }
        int zeros = 0;
        while (zeros < digits.length && digits[zeros] == 0) {
            zeros++;
        }
        byte[] decoded = new byte[input.length()];
        int out = decoded.length;
        int start = zeros;
        while (start < digits.length) {
            decoded[--out] = (byte) divmod(digits, start, base, 256);
            if (digits[start] == 0) {
                start++;
            }
        }
        while (out < decoded.length && decoded[out] == 0) {
            out++;
        }
        return Arrays.copyOfRange(decoded, out - zeros, decoded.length);
    }

    /** Divides the number in place (digits in {@code base}) by {@code divisor}; returns the remainder. */
    private static int divmod(byte[] number, int first, int base, int divisor) {
        int remainder = 0;
        for (int i = first; i < number.length; i++) {
            int digit = number[i] & 0xFF;
            int temp = remainder * base + digit;
            number[i] = (byte) (temp / divisor);
            remainder = temp % divisor;
        }
        return remainder;
    }
}
