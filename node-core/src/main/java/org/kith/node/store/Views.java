package org.kith.node.store;

import java.util.List;

/** Read-only views over the derived tables, as returned by {@link StoreQueries}. */
public final class Views {

    private Views() {
    }

    /** A person as their newest profile describes them. */
    public record Person(String peerId, String name, String bio, String location, List<String> skills,
            List<String> offers, List<String> needs, List<String> values, List<String> links, boolean hasAvatar,
            String profileId, long updatedMillis) {
    }

    public record Role(String name, List<String> skills, String effort) {
    }

    /** A proposal in its current state (original plus the author's updates). */
    public record Proposal(String id, String author, String swarm, String kind, String title, String summary,
            String details, String status, List<Role> roles, List<String> tags, String whenStart, String whenEnd,
            String place, String latestId, long createdMillis, long updatedMillis) {
    }

    /** A commitment in its current state. {@code status} is open until the committer updates it. */
    public record Commitment(String id, String author, String swarm, String proposalId, String role, String what,
            String due, String effort, String status, String note, long createdMillis, long updatedMillis) {
    }

    public record Attestation(String id, String author, String swarm, String commitmentId, String committer,
            String outcome, String note, long createdMillis) {
    }

    public record Vouch(String author, String subject, String domain, String level, String note, String recordId,
            long createdMillis) {
    }

    public record Comment(String id, String author, String swarm, String target, String text, long createdMillis) {
    }

    /** One record of a person's history, newest last. */
    public record HistoryEntry(String id, String swarm, long seq, String type, long createdMillis, boolean retracted,
            boolean forkEvidence) {
    }

    /** Filters for {@link StoreQueries#proposals}; null fields do not filter. */
    public record ProposalFilter(String status, String skill, String tag, String text, String swarm, String author) {
        public static final ProposalFilter ALL = new ProposalFilter(null, null, null, null, null, null);
    }
}
