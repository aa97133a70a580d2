package org.kith.protocol.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.kith.protocol.identity.PeerId;

/**
 * Strict typed reads from one JSON object of a payload. Every failure names the field path and
 * carries a {@link RejectReason}. Absent and JSON {@code null} are both "absent"; a present
 * optional string must not be empty, so every value has one encoding.
 */
final class Fields {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final int MAX_DATE_TIME_CHARS = 35;
    /**
     * Peer-ID texts already found canonical with a valid Ed25519 key, so a busy author's ID is
     * not base58-decoded, re-encoded and its curve point decompressed again on every record.
     * Bounded: emptied when full.
     */
    private static final int MAX_VALID_PEER_IDS = 4096;
    private static final Map<String, PeerId> VALID_PEER_IDS = new ConcurrentHashMap<>();

    private final JsonNode node;
    private final String path;

    Fields(JsonNode node, String path) throws InvalidRecordException {
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException(RejectReason.NOT_AN_OBJECT, path + " must be a JSON object");
        }
        this.node = node;
        this.path = path;
    }

    String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Rejects any field not named in {@code allowed}. */
    Fields allowOnly(Set<String> allowed) throws InvalidRecordException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidRecordException(RejectReason.UNKNOWN_FIELD, path(printable(name)) + " is not defined");
            }
        }
        return this;
    }

    /** Longest field name (from the record) shown in a message. */
    static final int MAX_SHOWN_NAME_CHARS = 40;

    /**
     * A field name taken from the record, made safe for messages and logs: printable ASCII only
     * (anything else as {@code \\uXXXX}), at most {@link #MAX_SHOWN_NAME_CHARS} characters shown.
     */
    static String printable(String name) {
        StringBuilder sb = new StringBuilder(Math.min(name.length(), MAX_SHOWN_NAME_CHARS) + 8);
        int shown = Math.min(name.length(), MAX_SHOWN_NAME_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = name.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
        if (shown < name.length()) {
            sb.append("...(").append(name.length()).append(" chars)");
        }
        return sb.toString();
    }

    private JsonNode get(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    boolean has(String name) {
        return get(name) != null;
    }

    private JsonNode require(String name) throws InvalidRecordException {
        JsonNode value = get(name);
        if (value == null) {
            throw new InvalidRecordException(RejectReason.MISSING_FIELD, path(name) + " is required");
        }
        return value;
    }

    String text(String name, int maxChars, Text kind) throws InvalidRecordException {
        return checkText(require(name), path(name), maxChars, kind);
    }

    String optText(String name, int maxChars, Text kind) throws InvalidRecordException {
        JsonNode value = get(name);
        return value == null ? null : checkText(value, path(name), maxChars, kind);
    }

    static String checkText(JsonNode value, String where, int maxChars, Text kind) throws InvalidRecordException {
        if (!value.isTextual()) {
            throw new InvalidRecordException(RejectReason.WRONG_TYPE, where + " must be a string");
        }
        String s = value.textValue();
        if (s.isEmpty()) {
            throw new InvalidRecordException(RejectReason.EMPTY, where + " must not be empty");
        }
        int chars = s.codePointCount(0, s.length());
        if (chars > maxChars) {
            throw new InvalidRecordException(RejectReason.TOO_LONG,
                    where + " has " + chars + " characters, limit " + maxChars);
        }
        String problem = kind.problem(s);
        if (problem != null) {
            throw new InvalidRecordException(RejectReason.BAD_TEXT, where + ": " + problem);
        }
        return s;
    }

    /** An optional list of strings; absent is the empty list. */
    List<String> textList(String name, int maxItems, int maxChars, Text kind) throws InvalidRecordException {
        JsonNode value = array(name, maxItems);
        if (value == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            out.add(checkText(value.get(i), path(name) + "[" + i + "]", maxChars, kind));
        }
        return List.copyOf(out);
    }

    /** An optional array of at most {@code maxItems} entries; null if absent. */
    private JsonNode array(String name, int maxItems) throws InvalidRecordException {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw new InvalidRecordException(RejectReason.WRONG_TYPE, path(name) + " must be an array");
        }
        if (value.size() > maxItems) {
            throw new InvalidRecordException(RejectReason.TOO_MANY,
                    path(name) + " has " + value.size() + " entries, limit " + maxItems);
        }
        return value;
    }

    long integer(String name, long min, long max) throws InvalidRecordException {
        JsonNode value = require(name);
        if (!value.isIntegralNumber()) {
            throw new InvalidRecordException(RejectReason.WRONG_TYPE, path(name) + " must be an integer");
        }
        if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw new InvalidRecordException(RejectReason.OUT_OF_RANGE,
                    path(name) + " must be between " + min + " and " + max);
        }
        return value.longValue();
    }

    <E extends Enum<E> & WireEnum> E enumValue(String name, Class<E> type) throws InvalidRecordException {
        return toEnum(require(name), name, type);
    }

    <E extends Enum<E> & WireEnum> E optEnum(String name, Class<E> type) throws InvalidRecordException {
        JsonNode value = get(name);
        return value == null ? null : toEnum(value, name, type);
    }

    private <E extends Enum<E> & WireEnum> E toEnum(JsonNode value, String name, Class<E> type)
            throws InvalidRecordException {
        if (!value.isTextual()) {
            throw new InvalidRecordException(RejectReason.WRONG_TYPE, path(name) + " must be a string");
        }
        E e = WireEnum.fromWire(type, value.textValue());
        if (e == null) {
            throw new InvalidRecordException(RejectReason.BAD_VALUE,
                    path(name) + " must be one of " + WireEnum.choices(type));
        }
        return e;
    }

    RecordId recordId(String name) throws InvalidRecordException {
        return toRecordId(require(name), name);
    }

    RecordId optRecordId(String name) throws InvalidRecordException {
        JsonNode value = get(name);
        return value == null ? null : toRecordId(value, name);
    }

    private RecordId toRecordId(JsonNode value, String name) throws InvalidRecordException {
        if (!value.isTextual()) {
            throw new InvalidRecordException(RejectReason.WRONG_TYPE, path(name) + " must be a string");
        }
        try {
            return RecordId.parse(value.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(RejectReason.BAD_RECORD_ID,
                    path(name) + " must be " + RecordId.TEXT_CHARS + " lower-case base32 characters");
        }
    }

    /** A peer ID in canonical base58 whose key is Ed25519 (the only key type Kith signs with). */
    PeerId peerId(String name) throws InvalidRecordException {
        JsonNode value = require(name);
        if (!value.isTextual()) {
            throw new InvalidRecordException(RejectReason.WRONG_TYPE, path(name) + " must be a string");
        }
        String text = value.textValue();
        PeerId known = VALID_PEER_IDS.get(text);
        if (known != null) {
            return known;
        }
        try {
            PeerId id = PeerId.parse(text);
            if (id.toBase58().equals(text) && id.ed25519Key().isPresent()) {
                if (VALID_PEER_IDS.size() >= MAX_VALID_PEER_IDS) {
                    VALID_PEER_IDS.clear();
                }
                VALID_PEER_IDS.put(text, id);
                return id;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the one message for every malformed peer ID
        }
        throw new InvalidRecordException(RejectReason.BAD_PEER_ID,
                path(name) + " must be a canonical base58 Ed25519 peer ID");
    }

    Fields object(String name) throws InvalidRecordException {
        return new Fields(require(name), path(name));
    }

    Fields optObject(String name) throws InvalidRecordException {
        JsonNode value = get(name);
        return value == null ? null : new Fields(value, path(name));
    }

    List<Fields> objectList(String name, int maxItems) throws InvalidRecordException {
        JsonNode value = array(name, maxItems);
        if (value == null) {
            return List.of();
        }
        List<Fields> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            out.add(new Fields(value.get(i), path(name) + "[" + i + "]"));
        }
        return out;
    }

    /** A calendar date {@code YYYY-MM-DD} within {@link Limits#MIN_DATE}..{@link Limits#MAX_DATE}. */
    LocalDate date(String name) throws InvalidRecordException {
        return parseDate(text(name, 10, Text.SINGLE_LINE), path(name));
    }

    LocalDate optDate(String name) throws InvalidRecordException {
        String s = optText(name, 10, Text.SINGLE_LINE);
        return s == null ? null : parseDate(s, path(name));
    }

    static LocalDate parseDate(String s, String where) throws InvalidRecordException {
        LocalDate date;
        try {
            date = LocalDate.parse(s, DATE);
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException(RejectReason.BAD_DATE, where + " must be a date YYYY-MM-DD");
        }
        checkDateRange(date, where);
        return date;
    }

    /**
     * A date {@code YYYY-MM-DD} or a date-time with offset ({@code 2026-12-01T18:00Z},
     * {@code 2026-12-01T18:00:00+01:00}); returned as written, after validation.
     */
    String optDateOrDateTime(String name) throws InvalidRecordException {
        String s = optText(name, MAX_DATE_TIME_CHARS, Text.SINGLE_LINE);
        if (s == null) {
            return null;
        }
        sortKey(s, path(name));
        return s;
    }

    /** Instant-ish ordering key of a validated date or date-time (dates count as 00:00 UTC). */
    static long sortKey(String s, String where) throws InvalidRecordException {
        if (s.length() == 10) {
            return parseDate(s, where).toEpochDay() * 86_400_000L;
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            checkDateRange(t.toLocalDate(), where);
            return t.toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException(RejectReason.BAD_DATE,
                    where + " must be YYYY-MM-DD or an ISO-8601 date-time with offset");
        }
    }

    private static void checkDateRange(LocalDate date, String where) throws InvalidRecordException {
        if (date.isBefore(Limits.MIN_DATE) || date.isAfter(Limits.MAX_DATE)) {
            throw new InvalidRecordException(RejectReason.OUT_OF_RANGE,
                    where + " must be between " + Limits.MIN_DATE + " and " + Limits.MAX_DATE);
        }
    }
}
