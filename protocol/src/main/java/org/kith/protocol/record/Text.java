package org.kith.protocol.record;

/** Rules for human text in records. */
enum Text {
    /** Names, titles, tags: no control, line-break or bidi-override characters; trimmed. */
    SINGLE_LINE,
    /** Bios, details, notes: line feeds and tabs allowed, other control characters not. */
    MULTI_LINE;

    /**
     * Characters that change how a name reads without showing: bidi overrides and isolates,
     * direction marks, zero-width space, word joiner, invisible operators, BOM. Zero-width
     * (non-)joiners stay allowed: emoji sequences and several scripts need them.
     */
    private static boolean isInvisible(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200B' || c == '\u200E' || c == '\u200F' || c == '\u061C'
                || (c >= '\u2060' && c <= '\u2064') || c == '\uFEFF';
    }

    private static boolean isBlank(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /** Returns null if acceptable, otherwise what is wrong. */
    String problem(String s) {
        if (this == SINGLE_LINE && (isBlank(s.codePointAt(0)) || isBlank(s.codePointBefore(s.length())))) {
            return "leading or trailing white space";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\t') {
                if (this == SINGLE_LINE) {
                    return "line break or tab in a single-line field";
                }
                continue;
            }
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029') {
                return "control character U+" + String.format("%04X", (int) c);
            }
            if (this == SINGLE_LINE && isInvisible(c)) {
                return "invisible or direction-changing character U+" + String.format("%04X", (int) c);
            }
        }
        return null;
    }
}
