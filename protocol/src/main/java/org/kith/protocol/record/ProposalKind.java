package org.kith.protocol.record;

/** What a proposal proposes: a project, or a gathering (a meeting with a time and place). */
public enum ProposalKind implements WireEnum {
    PROJECT("project"),
    GATHERING("gathering");

    private final String wire;

    ProposalKind(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
