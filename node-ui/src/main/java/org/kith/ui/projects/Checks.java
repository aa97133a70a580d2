package org.kith.ui.projects;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.kith.protocol.record.Limits;

/**
 * Field checks shared by the proposal and commitment forms, mirroring the protocol's text and
 * date rules (so the node refuses nothing the form let through), with messages for people.
 */
final class Checks {

    private Checks() {
    }

    /** Code points, as the protocol counts characters. */
    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** What is wrong with single-line text {@code s} (already stripped), or null. */
    static String singleLine(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\t') {
                return "line breaks and tabs are not allowed here";
            }
            if (isControl(c) || isInvisible(c)) {
                return "contains an invisible or control character (U+" + String.format("%04X", (int) c) + ")";
            }
        }
        return null;
    }

    /** What is wrong with multi-line text {@code s}, or null. */
    static String multiLine(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\n' && c != '\t' && isControl(c)) {
                return "contains a control character (U+" + String.format("%04X", (int) c) + ")";
            }
        }
        return null;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }

    private static boolean isInvisible(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200B'
                || c == '\u200E' || c == '\u200F' || c == '\u061C' || (c >= '\u2060' && c <= '\u2064')
                || c == '\uFEFF';
    }

    /**
     * Checks optional text {@code raw} (stripped) against {@code max} characters; puts an error
     * under {@code field} and returns null when wrong, or returns the text (null when blank).
     */
    static String text(Map<String, String> errors, String field, String label, String raw, int max,
            boolean single) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.strip();
        int n = length(s);
        if (n > max) {
            errors.putIfAbsent(field, label + " is too long: " + n + " characters, at most " + max);
            return null;
        }
        String problem = single ? singleLine(s) : multiLine(s);
        if (problem != null) {
            errors.putIfAbsent(field, label + " " + problem);
            return null;
        }
        return s;
    }

    /** Like {@link #text} but blank is an error ({@code missing}). */
    static String required(Map<String, String> errors, String field, String label, String raw, int max,
            boolean single, String missing) {
        if (raw == null || raw.isBlank()) {
            errors.putIfAbsent(field, missing);
            return null;
        }
        return text(errors, field, label, raw, max, single);
    }

    /** Parses an optional date typed as YYYY-MM-DD; null when blank or wrong (with an error). */
    static LocalDate date(Map<String, String> errors, String field, String label, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        LocalDate d;
        try {
            d = LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            errors.putIfAbsent(field, label + " must be a date like 2026-05-31");
            return null;
        }
        if (d.isBefore(Limits.MIN_DATE) || d.isAfter(Limits.MAX_DATE)) {
            errors.putIfAbsent(field, label + " must lie between " + Limits.MIN_DATE + " and " + Limits.MAX_DATE);
            return null;
        }
        return d;
    }
}
