package org.kith.protocol.record;

import java.time.LocalDate;

/**
 * Every bound a valid record respects, in one place, with units in the names. A value exactly
 * at a limit is accepted; one past it is rejected. Character limits count Unicode code points.
 */
public final class Limits {

    /** Largest payload (the signed UTF-8 JSON). */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    /** Largest envelope: payload, signature and protobuf framing. */
    public static final int MAX_ENVELOPE_BYTES = MAX_PAYLOAD_BYTES + 128;
    /** Deepest JSON nesting anywhere in a payload (the payload object itself is depth 1). */
    public static final int MAX_JSON_DEPTH = 8;
    /**
     * Longest JSON number anywhere in a payload, in digits (as Jackson counts them). Longer
     * numbers are refused as {@link RejectReason#OUT_OF_RANGE}: no field accepts one, and
     * parsing them is superlinear.
     */
    public static final int MAX_NUMBER_DIGITS = 32;
    /** How far ahead of the local clock a record's ts may be. */
    public static final long MAX_CLOCK_SKEW_MILLIS = 10 * 60 * 1000L;
    /** Earliest ts accepted: 2020-01-01T00:00:00Z. */
    public static final long MIN_TIMESTAMP_MILLIS = 1_577_836_800_000L;
    /** Largest seq: the largest integer every JSON implementation reads exactly (2^53 - 1). */
    public static final long MAX_SEQ = (1L << 53) - 1;
    /** Earliest and latest calendar dates accepted in due dates and gathering times. */
    public static final LocalDate MIN_DATE = LocalDate.of(2000, 1, 1);
    public static final LocalDate MAX_DATE = LocalDate.of(2199, 12, 31);
    public static final int MAX_TYPE_NAME_CHARS = 32;

    // profile
    public static final int MAX_NAME_CHARS = 64;
    public static final int MAX_BIO_CHARS = 2_000;
    public static final int MAX_SKILLS = 32;
    public static final int MAX_SKILL_CHARS = 48;
    public static final int MAX_PROFILE_LIST_ITEMS = 32;
    public static final int MAX_PROFILE_ITEM_CHARS = 200;
    public static final int MAX_LINKS = 8;
    public static final int MAX_LINK_CHARS = 512;
    public static final int MAX_LOCATION_CHARS = 128;
    /** Largest avatar image, decoded (PNG, JPEG or WebP). */
    public static final int MAX_AVATAR_BYTES = 16 * 1024;

    // proposal
    public static final int MAX_TITLE_CHARS = 140;
    public static final int MAX_SUMMARY_CHARS = 1_000;
    public static final int MAX_DETAILS_CHARS = 20_000;
    public static final int MAX_ROLES = 20;
    public static final int MAX_ROLE_NAME_CHARS = 64;
    public static final int MAX_ROLE_SKILLS = 8;
    public static final int MAX_EFFORT_CHARS = 32;
    public static final int MAX_TAGS = 16;
    public static final int MAX_TAG_CHARS = 32;
    public static final int MAX_PLACE_CHARS = 200;

    // commitment, attestation, vouch, comment, retraction
    public static final int MAX_WHAT_CHARS = 1_000;
    public static final int MAX_NOTE_CHARS = 2_000;
    public static final int MAX_COMMENT_CHARS = 4_000;
    public static final int MAX_REASON_CHARS = 500;

    private Limits() {
    }
}
