package org.kith.p2p.pubsub;

/**
 * Score thresholds (gossipsub v1.1): below {@code gossip} no gossip is exchanged with the peer,
 * below {@code publish} our own messages are not flood-published to it, below {@code graylist}
 * all its RPCs are dropped unread; PX is accepted only from peers at or above {@code acceptPX};
 * opportunistic grafting runs when the mesh's median score is below {@code opportunisticGraft}.
 */
public record PeerScoreThresholds(double gossip, double publish, double graylist, double acceptPX,
        double opportunisticGraft) {

    public PeerScoreThresholds {
        if (gossip > 0 || publish > gossip || graylist > publish || acceptPX < 0 || opportunisticGraft < 0) {
            throw new IllegalArgumentException(
                    "need graylist ≤ publish ≤ gossip ≤ 0, acceptPX ≥ 0 and opportunisticGraft ≥ 0");
        }
    }

    /** gossip −10, publish −50, graylist −80, acceptPX 10, opportunisticGraft 1. */
    public static PeerScoreThresholds kithDefaults() {
        return new PeerScoreThresholds(-10, -50, -80, 10, 1);
    }
}
