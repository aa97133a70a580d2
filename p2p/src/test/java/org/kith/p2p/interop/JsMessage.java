package org.kith.p2p.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON object from a {@link JsPeer}: an event ({@code "event"} set) or a command reply
 * ({@code "reply"} set). JSON nulls are dropped, so an absent and a null field read alike.
 * Immutable.
 */
public record JsMessage(Map<String, Object> fields) {

    public JsMessage {
        fields = Map.copyOf(withoutNulls(fields));
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The event name, or null for a reply. */
    public String event() {
        return fields.get("event") instanceof String s ? s : null;
    }

    public boolean is(String eventName) {
        return eventName.equals(event());
    }

    public boolean has(String key) {
        return fields.containsKey(key);
    }

    /** A string field, or null if absent (JSON null counts as absent). */
    public String str(String key) {
        Object v = fields.get(key);
        if (v != null && !(v instanceof String)) {
            throw new IllegalStateException(key + " is not a string in " + this);
        }
        return (String) v;
    }

    public long num(String key) {
        if (!(fields.get(key) instanceof Number n)) {
            throw new IllegalStateException(key + " is not a number in " + this);
        }
        return n.longValue();
    }

    public double dbl(String key) {
        if (!(fields.get(key) instanceof Number n)) {
            throw new IllegalStateException(key + " is not a number in " + this);
        }
        return n.doubleValue();
    }

    public boolean bool(String key) {
        if (!(fields.get(key) instanceof Boolean b)) {
            throw new IllegalStateException(key + " is not a boolean in " + this);
        }
        return b;
    }

    /** A list field (elements as {@link MiniJson} reads them). */
    public List<Object> list(String key) {
        if (!(fields.get(key) instanceof List<?> list)) {
            throw new IllegalStateException(key + " is not a list in " + this);
        }
        return List.copyOf(list);
    }

    public List<String> strings(String key) {
        if (!(fields.get(key) instanceof List<?> list)) {
            throw new IllegalStateException(key + " is not a list in " + this);
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new IllegalStateException(key + " holds a non-string in " + this);
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return MiniJson.write(fields);
    }
}
