package org.kith.protocol.record;

/** Direct trust from one person to another. Distrust is applied directly, never propagated. */
public enum TrustLevel implements WireEnum {
    DISTRUST("distrust"),
    NEUTRAL("neutral"),
    SOME("some"),
    HIGH("high");

    private final String wire;

    TrustLevel(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
