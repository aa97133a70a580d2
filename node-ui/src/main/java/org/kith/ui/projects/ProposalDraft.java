package org.kith.ui.projects;

import java.util.List;

/**
 * What the proposal form holds, as typed: dates as text (the date pickers' editors), skills and
 * tags comma-separated. {@link ProposalValidation} turns it into a record or field errors.
 *
 * @param kind "project" or "gathering"
 * @param swarm the swarm's name (new proposals only)
 * @param status the wire status chosen (edits only; null for a new proposal)
 */
record ProposalDraft(String kind, String title, String summary, String details, List<RoleDraft> roles,
        String start, String end, String place, String tags, String swarm, String status) {

    /** One row of the roles editor. */
    record RoleDraft(String name, String skills, String effort) {
        boolean isBlank() {
            return blank(name) && blank(skills) && blank(effort);
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
