package org.kith.ui.projects;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kith.protocol.record.Limits;

/**
 * Checks of the commit-to-a-role form: what will be done (required), the due date (today or later,
 * at most five years ahead, as the ingest door allows) and the effort. Errors keyed {@code what},
 * {@code due}, {@code effort}.
 */
final class CommitValidation {

    /** Years ahead a due date may lie (the ingest door's bound). */
    static final int MAX_DUE_YEARS = 5;

    /** The checked values; {@code errors} empty when they may be published. */
    record Result(Map<String, String> errors, String what, LocalDate due, String effort) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    private CommitValidation() {
    }

    static Result validate(String what, String due, String effort, LocalDate today) {
        Map<String, String> e = new LinkedHashMap<>();
        String w = Checks.required(e, "what", "What you will do", what, Limits.MAX_WHAT_CHARS, false,
                "Say what you will do");
        LocalDate d = Checks.date(e, "due", "The due date", due);
        if (d == null && !e.containsKey("due")) {
            e.put("due", "A due date is needed");
        } else if (d != null && d.isBefore(today)) {
            e.put("due", "The due date " + d + " is in the past");
        } else if (d != null && d.isAfter(today.plusYears(MAX_DUE_YEARS))) {
            e.put("due", "The due date may be at most " + MAX_DUE_YEARS + " years ahead");
        }
        String eff = Checks.text(e, "effort", "The effort", effort, Limits.MAX_EFFORT_CHARS, true);
        return new Result(Map.copyOf(e), w, d, eff);
    }
}
