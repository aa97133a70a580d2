package org.kith.ui.projects;

import java.util.List;
import java.util.Locale;
import org.kith.protocol.record.ProposalStatus;

/**
 * The proposal lifecycle the ingest door enforces: open → forming | active | abandoned;
 * forming → open | active | abandoned; active → completed | abandoned; completed and abandoned
 * are final. The UI offers only these moves.
 */
public final class Lifecycle {

    private Lifecycle() {
    }

    /** The statuses {@code from} may move to (not including staying put). */
    public static List<ProposalStatus> next(ProposalStatus from) {
        return switch (from) {
            case OPEN -> List.of(ProposalStatus.FORMING, ProposalStatus.ACTIVE, ProposalStatus.ABANDONED);
            case FORMING -> List.of(ProposalStatus.OPEN, ProposalStatus.ACTIVE, ProposalStatus.ABANDONED);
            case ACTIVE -> List.of(ProposalStatus.COMPLETED, ProposalStatus.ABANDONED);
            case COMPLETED, ABANDONED -> List.of();
        };
    }

    public static boolean isFinal(ProposalStatus s) {
        return next(s).isEmpty();
    }

    /** "Open", "Forming", …: the status as a person reads it. */
    public static String label(ProposalStatus s) {
        String w = s.wire();
        return w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1);
    }
}
