package org.kith.protocol.record;

/** The record types this node interprets. Other type names are stored as opaque records. */
public enum RecordType implements WireEnum {
    PROFILE("profile"),
    PROPOSAL("proposal"),
    COMMITMENT("commitment"),
    COMMITMENT_UPDATE("commitment-update"),
    ATTESTATION("attestation"),
    VOUCH("vouch"),
    COMMENT("comment"),
    RETRACTION("retraction");

    private final String wire;

    RecordType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
