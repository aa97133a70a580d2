package org.kith.protocol.record;

/** An attester's verdict on a commitment. */
public enum Outcome implements WireEnum {
    KEPT("kept"),
    PARTLY_KEPT("partly-kept"),
    NOT_KEPT("not-kept");

    private final String wire;

    Outcome(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
