package org.kith.p2p.multiaddr;

import java.util.Arrays;

/**
 * One {@code /protocol/value} part of a {@link Multiaddr}: the protocol, its raw binary value and
 * the canonical text of that value. Instances exist only inside validated multiaddrs, so the value
 * is always well formed for its protocol.
 *
 * <p>Immutable and thread-safe; equality is by protocol and value bytes.
 */
public final class MultiaddrComponent {

    private static final byte[] NO_VALUE = new byte[0];

    private final MultiaddrProtocol protocol;
    private final byte[] value;
    private final String valueText;

    MultiaddrComponent(MultiaddrProtocol protocol, byte[] value, String valueText) {
        this.protocol = protocol;
        this.value = value.length == 0 ? NO_VALUE : value;
        this.valueText = valueText;
    }

    public MultiaddrProtocol protocol() {
        return protocol;
    }

    /** The binary value without code or length prefix (a copy); empty for value-less protocols. */
    public byte[] rawValue() {
        return value.clone();
    }

    /** The value's canonical text, e.g. {@code "443"}; empty for value-less protocols. */
    public String value() {
        return valueText;
    }

    int valueLength() {
        return value.length;
    }

    byte valueByte(int i) {
        return value[i];
    }

    byte[] valueUnsafe() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiaddrComponent other
                && protocol == other.protocol
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * protocol.hashCode() + Arrays.hashCode(value);
    }

    /** {@code /name} or {@code /name/value}. */
    @Override
    public String toString() {
        return protocol.hasValue() ? "/" + protocol.textName() + "/" + valueText : "/" + protocol.textName();
    }
}
