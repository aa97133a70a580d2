package org.kith.protocol.record;

import java.io.IOException;

/**
 * The body of a record type this node does not know: stored and relayed, never interpreted
 * (forward compatibility). It is known only to be a JSON object within the payload limits.
 */
public record OpaqueBody(String typeName) implements RecordBody {

    @Override
    public void write(JsonOut out) {
        throw new UnsupportedOperationException("opaque records are relayed as signed, never written");
    }
}
