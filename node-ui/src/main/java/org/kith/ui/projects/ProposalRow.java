package org.kith.ui.projects;

import java.util.List;
import java.util.Locale;

/**
 * One proposal on the board: what its cell shows and what the filters test, built off the FX
 * thread. {@link #toString()} is the title (what accessibility tools and tests read).
 *
 * @param byMe the user wrote it
 * @param authorTrust the author's normalised trust from the user's point of view (1 for the user)
 * @param skills every skill its roles ask for
 * @param haystack lower-cased text the search looks in: title, summary, tags, roles, place, author
 *     name and the first {@link #DETAILS_SEARCHED} characters of the details
 */
record ProposalRow(String id, String title, String summary, String kind, String status, String author,
        String authorName, boolean byMe, double authorTrust, int roles, List<String> skills, List<String> tags, String swarm,
        String whenStart, String place, long createdMillis, String haystack) {

    /** Characters of the details kept for search (bounds memory with many long proposals). */
    static final int DETAILS_SEARCHED = 2_000;

    static String haystack(String title, String summary, String details, List<String> tags, List<String> roleText,
            String place, String authorName) {
        StringBuilder sb = new StringBuilder(title).append('\n').append(summary);
        if (details != null) {
            sb.append('\n').append(details, 0, Math.min(details.length(), DETAILS_SEARCHED));
        }
        tags.forEach(t -> sb.append('\n').append(t));
        roleText.forEach(t -> sb.append('\n').append(t));
        if (place != null) {
            sb.append('\n').append(place);
        }
        sb.append('\n').append(authorName);
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return title;
    }
}
