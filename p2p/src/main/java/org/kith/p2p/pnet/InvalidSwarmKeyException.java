package org.kith.p2p.pnet;

import java.util.Locale;

/**
 * A swarm.key file was refused. {@link #reason()} says why in a stable code; the message adds the
 * line or the bound that failed, never any key material.
 */
public final class InvalidSwarmKeyException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a swarm.key file was refused. */
    public enum Reason {
        FILE_TOO_LARGE("the file is longer than SwarmKey.MAX_FILE_BYTES"),
        BAD_HEADER("line 1 is not /key/swarm/psk/1.0.0/"),
        MISSING_LINE("the file ends before the encoding line or the key"),
        UNKNOWN_ENCODING("line 2 is not /base16/, /base64/ or /bin/"),
        BAD_KEY_TEXT("the key is not valid text in the declared encoding"),
        WRONG_KEY_LENGTH("the key does not decode to exactly 32 bytes"),
        TRAILING_CONTENT("something follows the key other than one line ending");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** Stable machine-readable code, e.g. {@code wrong-key-length}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public String description() {
            return description;
        }
    }

    private final Reason reason;

    public InvalidSwarmKeyException(Reason reason, String detail) {
        super(reason.code() + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
