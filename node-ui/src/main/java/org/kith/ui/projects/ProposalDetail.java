package org.kith.ui.projects;

import java.util.List;
import org.kith.node.store.Views;

/**
 * Everything the detail pane shows of one proposal, loaded in one background call.
 *
 * @param author the author's name with their trust, e.g. "Bo · trust 42 % · reliability 80 %"
 * @param swarmName the swarm's local name ("public" for the public swarm)
 * @param mine the user wrote it (may edit it and move its status)
 * @param myRsvp for a gathering: the user's commitment to attend that is not withdrawn, or null
 * @param provenance one line: where this node first got it and its place in the author's chain
 */
record ProposalDetail(Views.Proposal proposal, String author, String swarmName, boolean mine, String myRsvp,
        List<CommitmentLine> commitments, List<CommentLine> comments, String provenance) {

    /** Someone's commitment to the proposal. */
    record CommitmentLine(String id, String who, String role, String what, String due, String effort, String status,
            boolean mine) {
    }

    record CommentLine(String id, String who, String text, String when) {
    }
}
