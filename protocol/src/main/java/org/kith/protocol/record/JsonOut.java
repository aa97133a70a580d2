package org.kith.protocol.record;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** Writes record JSON: absent values and empty lists are omitted, so each value has one form. */
public final class JsonOut {

    private final JsonGenerator g;

    JsonOut(JsonGenerator g) {
        this.g = g;
    }

    JsonGenerator generator() {
        return g;
    }

    JsonOut text(String name, Object value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value instanceof WireEnum w ? w.wire() : value.toString());
        }
        return this;
    }

    JsonOut number(String name, long value) throws IOException {
        g.writeNumberField(name, value);
        return this;
    }

    JsonOut list(String name, List<String> values) throws IOException {
        if (values != null && !values.isEmpty()) {
            g.writeArrayFieldStart(name);
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        }
        return this;
    }

    void startObject(String name) throws IOException {
        g.writeObjectFieldStart(name);
    }

    void startObject() throws IOException {
        g.writeStartObject();
    }

    void endObject() throws IOException {
        g.writeEndObject();
    }
}
