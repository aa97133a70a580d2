package org.kith.protocol.record;

/**
 * A record was refused. {@link #reason()} says why in a stable code; the message adds the field
 * and the limit, never the record's content.
 */
public final class InvalidRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public InvalidRecordException(RejectReason reason, String detail) {
        super(reason.code() + ": " + detail);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    /** The detail without the reason code prefix. */
    public String detail() {
        return getMessage().substring(reason.code().length() + 2);
    }
}
