package org.kith.p2p.pnet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.kith.p2p.pnet.InvalidSwarmKeyException.Reason;

/**
 * The swarm.key text format (PSK v1):
 * <pre>
 * /key/swarm/psk/1.0.0/
 * /base16/            (or /base64/ or /bin/)
 * &lt;the 32-byte key in that encoding&gt;
 * </pre>
 * Lines end in LF or CRLF. One line ending may follow the key; nothing else may. go-libp2p reads
 * all three encodings and ignores what follows the key; js-libp2p reads base16 only. We read all
 * three strictly and write base16 in lower case with a final LF, which both read.
 */
final class SwarmKeyCodec {

    static final String HEADER = "/key/swarm/psk/1.0.0/";
    static final String BASE16 = "/base16/";
    static final String BASE64 = "/base64/";
    static final String BIN = "/bin/";

    private static final int HEX_CHARS = SwarmKey.KEY_BYTES * 2;
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private SwarmKeyCodec() {
    }

    static byte[] encode(byte[] key) {
        StringBuilder out = new StringBuilder(HEADER.length() + BASE16.length() + HEX_CHARS + 3);
        out.append(HEADER).append('\n').append(BASE16).append('\n');
        for (byte b : key) {
            out.append(HEX_DIGITS[(b >> 4) & 0xf]).append(HEX_DIGITS[b & 0xf]);
        }
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Returns the 32 key bytes; the caller owns (and should wipe) the array. */
    static byte[] decode(byte[] file) throws InvalidSwarmKeyException {
        if (file.length > SwarmKey.MAX_FILE_BYTES) {
            throw new InvalidSwarmKeyException(Reason.FILE_TOO_LARGE,
                    "file is over " + SwarmKey.MAX_FILE_BYTES + " bytes");
        }
        int headerEnd = lineEnd(file, 0);
        if (!lineEquals(file, 0, headerEnd >= 0 ? headerEnd : file.length, HEADER)) {
            throw new InvalidSwarmKeyException(Reason.BAD_HEADER, "line 1 must be " + HEADER
                    + (startsWithBom(file) ? " (the file starts with a byte-order mark)" : ""));
        }
        int encodingStart = headerEnd + 1;
        if (headerEnd < 0 || encodingStart == file.length) {
            throw new InvalidSwarmKeyException(Reason.MISSING_LINE, "no encoding line");
        }
        int encodingEnd = lineEnd(file, encodingStart);
        int encodingLineEnd = encodingEnd >= 0 ? encodingEnd : file.length;
        boolean bin = lineEquals(file, encodingStart, encodingLineEnd, BIN);
        boolean hex = lineEquals(file, encodingStart, encodingLineEnd, BASE16);
        if (!bin && !hex && !lineEquals(file, encodingStart, encodingLineEnd, BASE64)) {
            throw new InvalidSwarmKeyException(Reason.UNKNOWN_ENCODING,
                    "line 2 must be " + BASE16 + ", " + BASE64 + " or " + BIN);
        }
        int keyStart = encodingEnd + 1;
        if (encodingEnd < 0 || keyStart == file.length) {
            throw new InvalidSwarmKeyException(Reason.MISSING_LINE, "no key after the encoding line");
        }
        if (bin) {
            return decodeBin(file, keyStart);
        }
        int keyEnd = lineEnd(file, keyStart);
        if (keyEnd >= 0 && keyEnd + 1 != file.length) {
            throw new InvalidSwarmKeyException(Reason.TRAILING_CONTENT, "more lines follow the key");
        }
        int textEnd = keyEnd >= 0 ? stripCr(file, keyStart, keyEnd) : file.length;
        return hex ? decodeHex(file, keyStart, textEnd) : decodeBase64(file, keyStart, textEnd);
    }

    private static byte[] decodeBin(byte[] file, int start) throws InvalidSwarmKeyException {
        int available = file.length - start;
        if (available < SwarmKey.KEY_BYTES) {
            throw new InvalidSwarmKeyException(Reason.WRONG_KEY_LENGTH,
                    "binary key is " + available + " bytes, need " + SwarmKey.KEY_BYTES);
        }
        int tail = start + SwarmKey.KEY_BYTES;
        boolean lf = file.length == tail + 1 && file[tail] == '\n';
        boolean crlf = file.length == tail + 2 && file[tail] == '\r' && file[tail + 1] == '\n';
        if (file.length != tail && !lf && !crlf) {
            throw new InvalidSwarmKeyException(Reason.TRAILING_CONTENT,
                    (file.length - tail) + " bytes follow the 32-byte binary key");
        }
        return Arrays.copyOfRange(file, start, tail);
    }

    private static byte[] decodeHex(byte[] file, int start, int end) throws InvalidSwarmKeyException {
        for (int i = start; i < end; i++) {
            if (hexValue(file[i]) < 0) {
                throw new InvalidSwarmKeyException(Reason.BAD_KEY_TEXT,
                        "character " + (i - start + 1) + " of the key line is not a hex digit");
            }
        }
        if (end - start != HEX_CHARS) {
            throw new InvalidSwarmKeyException(Reason.WRONG_KEY_LENGTH,
                    "key line has " + (end - start) + " hex digits, need " + HEX_CHARS);
        }
        byte[] key = new byte[SwarmKey.KEY_BYTES];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (hexValue(file[start + 2 * i]) << 4 | hexValue(file[start + 2 * i + 1]));
        }
        return key;
    }

    private static byte[] decodeBase64(byte[] file, int start, int end) throws InvalidSwarmKeyException {
        for (int i = start; i < end; i++) {
            byte c = file[i];
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=';
            if (!alphabet) {
                throw new InvalidSwarmKeyException(Reason.BAD_KEY_TEXT,
                        "character " + (i - start + 1) + " of the key line is not standard base64");
            }
        }
        String text = new String(file, start, end - start, StandardCharsets.US_ASCII);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSwarmKeyException(Reason.BAD_KEY_TEXT, "key line is not valid base64");
        }
        if (key.length != SwarmKey.KEY_BYTES) {
            int length = key.length;
            Arrays.fill(key, (byte) 0);
            throw new InvalidSwarmKeyException(Reason.WRONG_KEY_LENGTH,
                    "base64 key decodes to " + length + " bytes, need " + SwarmKey.KEY_BYTES);
        }
        // The JDK decoder tolerates missing padding and stray low bits; only the canonical
        // padded form is accepted, so one key has one text.
        if (!Base64.getEncoder().encodeToString(key).equals(text)) {
            Arrays.fill(key, (byte) 0);
            throw new InvalidSwarmKeyException(Reason.BAD_KEY_TEXT, "key line is not canonical padded base64");
        }
        return key;
    }

    /** Index of the next '\n' at or after {@code from}, or -1. */
    private static int lineEnd(byte[] file, int from) {
        for (int i = from; i < file.length; i++) {
            if (file[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** End of the line's content: {@code newline} (a '\n' index or the file's end) minus one '\r'. */
    private static int stripCr(byte[] file, int start, int newline) {
        return newline > start && file[newline - 1] == '\r' ? newline - 1 : newline;
    }

    private static boolean lineEquals(byte[] file, int start, int newline, String expected) {
        int end = stripCr(file, start, newline);
        if (end - start != expected.length()) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            if (file[start + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithBom(byte[] file) {
        return file.length >= 3 && (file[0] & 0xff) == 0xef && (file[1] & 0xff) == 0xbb && (file[2] & 0xff) == 0xbf;
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
