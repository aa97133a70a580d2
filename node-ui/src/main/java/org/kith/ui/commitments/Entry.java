package org.kith.ui.commitments;

import java.util.List;

/**
 * One commitment on the Commitments screen, loaded off the FX thread.
 *
 * @param who the committer with their trust ("you" for the user's own)
 * @param received attestations others gave about it: "Ada: kept — thanks!"
 * @param reason for {@link Group#ATTEST}: why it waits for the user (the inbox's line)
 */
record Entry(Group group, String id, String proposalId, String proposalTitle, String who, String role, String what,
        String due, String effort, String status, String note, List<String> received, String reason) {

    /** The groups, in screen order. */
    enum Group {
        ATTEST("Waiting for my attestation"),
        OVERDUE("Overdue"),
        DUE_SOON("Due soon"),
        OPEN("Open"),
        DELIVERED("Delivered"),
        WITHDRAWN("Withdrawn"),
        OTHER("Other commitments");

        final String title;

        Group(String title) {
            this.title = title;
        }
    }

    /** Whether the user can still deliver, renegotiate or withdraw it. */
    boolean active() {
        return group == Group.OVERDUE || group == Group.DUE_SOON || group == Group.OPEN;
    }
}
