package org.kith.protocol.record;

import java.util.Optional;
import org.kith.protocol.identity.PeerId;

/**
 * The validated content of a record: the common header and a typed body.
 *
 * @param type the wire type name; for types this node does not know, {@code body} is an
 *     {@link OpaqueBody}
 * @param seq position in the author's feed for {@code swarm}, from 1
 * @param prev id of the record at {@code seq - 1}; {@code null} exactly when seq is 1
 * @param timestampMillis the author's clock, informational only (order comes from seq)
 */
public record RecordPayload(String type, PeerId author, String swarm, long seq, RecordId prev,
        long timestampMillis, RecordBody body) {

    /** The payload format version this node reads and writes. */
    public static final int VERSION = 1;

    /** The interpreted type, or empty for an opaque record. */
    public Optional<RecordType> knownType() {
        return Optional.ofNullable(WireEnum.fromWire(RecordType.class, type));
    }
}
