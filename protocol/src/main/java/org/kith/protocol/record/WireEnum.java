package org.kith.protocol.record;

/** An enum whose constants have a fixed name on the wire. */
public interface WireEnum {
    /** The name in record JSON and CLI output. */
    String wire();

    /** The constant of {@code type} whose wire name is {@code name}, or {@code null}. */
    static <E extends Enum<E> & WireEnum> E fromWire(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** Wire names of all constants, joined with {@code |}, for messages. */
    static <E extends Enum<E> & WireEnum> String choices(Class<E> type) {
        StringBuilder sb = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(e.wire());
        }
        return sb.toString();
    }
}
