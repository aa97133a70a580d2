package org.kith.protocol.record;

import java.util.Locale;

/**
 * Why a record was refused. Every rejection anywhere in Kith carries exactly one of these; the
 * {@link #code()} is the stable, machine-readable form used in CLI output and logs.
 */
public enum RejectReason {
    // Envelope
    ENVELOPE_MALFORMED("the SignedRecord envelope is not canonical protobuf with payload and signature"),
    ENVELOPE_TOO_LARGE("the envelope is over Limits.MAX_ENVELOPE_BYTES"),
    PAYLOAD_TOO_LARGE("the payload is over Limits.MAX_PAYLOAD_BYTES"),
    // Payload text and JSON
    NOT_UTF8("the payload is not well-formed UTF-8 (or holds an unpaired surrogate)"),
    JSON_MALFORMED("the payload is not a single well-formed JSON value"),
    DUPLICATE_KEY("a JSON object repeats a key"),
    NOT_AN_OBJECT("a value that must be a JSON object is not"),
    TOO_DEEP("JSON nesting is deeper than Limits.MAX_JSON_DEPTH"),
    MISSING_FIELD("a required field is absent"),
    UNKNOWN_FIELD("a field this record version does not define is present"),
    WRONG_TYPE("a field has the wrong JSON type"),
    // Field values
    UNSUPPORTED_VERSION("v is not a version this node understands"),
    BAD_TYPE_NAME("the record type name is not a valid type identifier"),
    TOO_LONG("a string is longer than its limit"),
    TOO_MANY("a list has more entries than its limit"),
    EMPTY("a string or list that must not be empty is empty"),
    OUT_OF_RANGE("a number or date is outside its allowed range"),
    BAD_VALUE("a value is not one of those allowed"),
    BAD_TEXT("a text field holds control characters or is not trimmed"),
    BAD_PEER_ID("a peer ID is not a canonical base58 Ed25519 peer ID"),
    BAD_RECORD_ID("a record id is not 52 lower-case base32 characters"),
    BAD_SWARM_ID("the swarm is neither \"public\" nor a swarm ID"),
    BAD_DATE("a date is not ISO-8601 in the accepted forms"),
    TIMESTAMP_IN_FUTURE("ts is more than Limits.MAX_CLOCK_SKEW_MILLIS ahead of this node's clock"),
    PREV_MISSING("seq > 1 but prev is absent"),
    PREV_UNEXPECTED("seq is 1 but prev is present"),
    SELF_ATTESTATION("an attestation by the committer about their own commitment"),
    SELF_VOUCH("a vouch by a person about themselves"),
    ID_MISMATCH("a stated record id is not sha256 of the payload"),
    // Signature
    BAD_SIGNATURE("the signature does not verify under the author's key"),
    // Feed (stateful, checked at ingest)
    PREV_MISMATCH("prev is not the id of the author's record at seq - 1"),
    SEQ_GAP("the predecessor is missing and the record cannot be held"),
    TARGET_UNKNOWN("an update or retraction names a record not earlier in the author's own feed, or a commitment or attestation names a record this node cannot hold it for"),
    TARGET_WRONG_TYPE("an update, retraction, commitment or attestation names a record of the wrong type"),
    WRONG_SWARM("the record belongs to a swarm this store does not accept"),
    // Workflow (stateful, checked at ingest against the records the target names)
    NOT_TARGET_AUTHOR("an update or retraction names another author's record"),
    TARGET_OTHER_SWARM("a commitment or attestation names a record of another swarm"),
    COMMITTER_MISMATCH("an attestation names a committer who is not the commitment's author"),
    TRANSITION_NOT_ALLOWED("a proposal or commitment status change its lifecycle does not allow"),
    DATE_OUT_OF_RANGE("a due date before the day the record was made, or too far after it");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    /** Stable machine-readable code, e.g. {@code bad-signature}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String description() {
        return description;
    }
}
