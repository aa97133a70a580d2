package org.kith.protocol.record;

/** Lifecycle of a proposal: open → forming → active → completed | abandoned. */
public enum ProposalStatus implements WireEnum {
    OPEN("open"),
    FORMING("forming"),
    ACTIVE("active"),
    COMPLETED("completed"),
    ABANDONED("abandoned");

    private final String wire;

    ProposalStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
