package org.kith.ui.swarms;

import java.time.Duration;

/** How long a new invite stays valid: the choices the Swarms screen offers. */
public enum InviteExpiry {
    ONE_HOUR("1 hour", Duration.ofHours(1)),
    ONE_DAY("1 day", Duration.ofDays(1)),
    ONE_WEEK("7 days", Duration.ofDays(7)),
    ONE_MONTH("30 days", Duration.ofDays(30));

    private final String label;
    private final Duration validity;

    InviteExpiry(String label, Duration validity) {
        this.label = label;
        this.validity = validity;
    }

    public Duration validity() {
        return validity;
    }

    @Override
    public String toString() {
        return label;
    }
}
