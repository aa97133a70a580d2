package org.kith.ui.projects;

import java.util.Locale;
import org.kith.node.trust.TrustResult;

/** A person's trust and reliability from the user's point of view, in a few words. */
public final class TrustText {

    private TrustText() {
    }

    /**
     * "you", or "trust 42 %" ("no trust path" at zero), plus " · reliability 80 %" when
     * attestations about them count. Reads {@code result} only (any thread).
     */
    public static String of(TrustResult result, String person, String self) {
        if (person.equals(self)) {
            return "you";
        }
        double t = result.normalizedTrust(person);
        StringBuilder sb = new StringBuilder(t > 0 ? "trust " + percent(t) : "no trust path");
        if (result.distrustedByUser(person)) {
            sb.append(" · you distrust them");
        }
        TrustResult.Reliability r = result.reliability(person);
        if (r.evidence() > 0) {
            sb.append(" · reliability ").append(percent(r.expected()));
        }
        return sb.toString();
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%d %%", Math.round(v * 100));
    }
}
