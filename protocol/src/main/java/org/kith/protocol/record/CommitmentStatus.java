package org.kith.protocol.record;

/** What a committer says of their own commitment after making it. */
public enum CommitmentStatus implements WireEnum {
    DELIVERED("delivered"),
    WITHDRAWN("withdrawn"),
    RENEGOTIATED("renegotiated");

    private final String wire;

    CommitmentStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
