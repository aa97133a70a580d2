package org.kith.p2p.multiaddr;

/**
 * Strict text forms of IP addresses, with no name lookups ever (unlike
 * {@link java.net.InetAddress#getByName}, which resolves anything that is not an address).
 *
 * <p>IPv4: exactly four decimal parts of 1–3 ASCII digits, each 0..255, no leading zeros (Go's
 * {@code net.ParseIP} refuses them too, as ambiguous with octal). IPv6: the RFC 4291 §2.2 forms —
 * eight groups of 1–4 hex digits, at most one {@code ::}, optionally ending in a dotted quad; no
 * zone suffix. Output follows RFC 5952 (lower case, longest zero run of two or more groups
 * compressed, first on ties), except that IPv4-mapped addresses print as {@code ::ffff:a.b.c.d}
 * as go-multiaddr prints them.
 */
final class IpText {

    /** Longest IPv6 text form: {@code ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255}. */
    static final int MAX_IP6_CHARS = 45;

    private IpText() {
    }

    /** @return 4 bytes, or {@code null} if {@code s} is not a strict dotted quad */
    static byte[] parseIp4(String s) {
        if (s.length() < 7 || s.length() > 15) {
            return null;
        }
        byte[] out = new byte[4];
        int part = 0;
        int i = 0;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= s.length() || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == s.length() ? out : null;
    }

    /** @return 16 bytes, or {@code null} if {@code s} is not an RFC 4291 text form */
    static byte[] parseIp6(String s) {
        if (s.length() < 2 || s.length() > MAX_IP6_CHARS) {
            return null;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = new int[8];
        int[] tail = new int[8];
        int headCount;
        int tailCount = 0;
        if (gap < 0) {
            headCount = parseGroups(s, head, true);
            if (headCount != 8) {
                return null;
            }
        } else {
            headCount = parseGroups(s.substring(0, gap), head, false);
            tailCount = parseGroups(s.substring(gap + 2), tail, true);
            // "::" stands for at least one group of zeros (RFC 4291 §2.2 item 2).
            if (headCount < 0 || tailCount < 0 || headCount + tailCount > 7) {
                return null;
            }
        }
        if (headCount < 0) {
            return null;
        }
        byte[] out = new byte[16];
        for (int g = 0; g < headCount; g++) {
            out[2 * g] = (byte) (head[g] >>> 8);
            out[2 * g + 1] = (byte) head[g];
        }
        for (int g = 0; g < tailCount; g++) {
            int at = 8 - tailCount + g;
            out[2 * at] = (byte) (tail[g] >>> 8);
            out[2 * at + 1] = (byte) tail[g];
        }
        return out;
    }

    /**
     * Parses colon-separated hex groups; the last one may be a dotted quad (two groups) when
     * {@code ipv4Last}. An empty string is zero groups.
     *
     * @return number of groups written, or -1 if malformed (or more than 8)
     */
    private static int parseGroups(String s, int[] groups, boolean ipv4Last) {
        if (s.isEmpty()) {
            return 0;
        }
        int count = 0;
        int start = 0;
        while (true) {
            int end = s.indexOf(':', start);
            boolean last = end < 0;
            String piece = last ? s.substring(start) : s.substring(start, end);
            if (last && ipv4Last && piece.indexOf('.') >= 0) {
                byte[] v4 = parseIp4(piece);
                if (v4 == null || count + 2 > 8) {
                    return -1;
                }
                groups[count++] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
                groups[count++] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
                return count;
            }
            int value = parseHexGroup(piece);
            if (value < 0 || count == 8) {
                return -1;
            }
            groups[count++] = value;
            if (last) {
                return count;
            }
            start = end + 1;
        }
    }

    private static int parseHexGroup(String piece) {
        if (piece.isEmpty() || piece.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < piece.length(); i++) {
            int digit = Character.digit(piece.charAt(i), 16);
            // Character.digit also accepts non-ASCII digits; only ASCII hex is an IPv6 group.
            if (digit < 0 || piece.charAt(i) > 'f') {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    static String formatIp4(byte[] b, int offset) {
        return (b[offset] & 0xFF) + "." + (b[offset + 1] & 0xFF) + "."
                + (b[offset + 2] & 0xFF) + "." + (b[offset + 3] & 0xFF);
    }

    static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
    }

    static String formatIp6(byte[] b) {
        if (isIpv4Mapped(b)) {
            return "::ffff:" + formatIp4(b, 12);
        }
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            groups[g] = ((b[2 * g] & 0xFF) << 8) | (b[2 * g + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            if (groups[g] != 0) {
                g++;
                continue;
            }
            int start = g;
            while (g < 8 && groups[g] == 0) {
                g++;
            }
            if (g - start > bestLength) {
                bestStart = start;
                bestLength = g - start;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                sb.append("::");
                g += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[g]));
        }
        return sb.toString();
    }
}
