package org.kith.p2p.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MiniJsonTest {

    @Test
    void readsWhatPeerMjsPrints() {
        Map<String, Object> m = MiniJson.parseObject(
                "{\"event\":\"identify\",\"peerId\":\"12D3KooW\",\"protocols\":[\"/ipfs/id/1.0.0\",\"/kith/echo/1.0.0\"],"
                + "\"agentVersion\":null,\"rtt\":3,\"ms\":15.12,\"ok\":true,\"nested\":{\"a\":[1,-2,3e2]}}");
        assertEquals("identify", m.get("event"));
        assertEquals(List.of("/ipfs/id/1.0.0", "/kith/echo/1.0.0"), m.get("protocols"));
        assertNull(m.get("agentVersion"));
        assertEquals(3L, m.get("rtt"));
        assertEquals(15.12, m.get("ms"));
        assertEquals(true, m.get("ok"));
        assertEquals(Map.of("a", List.of(1L, -2L, 300.0)), m.get("nested"));
    }

    @Test
    void decodesEscapes() {
        assertEquals("a\"b\\c/d\b\f\n\r\t\u00e9\ud83d\ude00", MiniJson.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\""));
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", 7L);
        m.put("cmd", "echo");
        m.put("text", "line\nbreak \"quoted\" \u0001 \u2028");
        m.put("list", List.of(1, "two", false));
        m.put("none", null);
        m.put("x", 1.5);
        String json = MiniJson.write(m);
        assertEquals("{\"id\":7,\"cmd\":\"echo\",\"text\":\"line\\nbreak \\\"quoted\\\" \\u0001 \\u2028\","
                + "\"list\":[1,\"two\",false],\"none\":null,\"x\":1.5}", json);
        Map<String, Object> back = MiniJson.parseObject(json);
        assertEquals(m.get("text"), back.get("text"));
        assertEquals(List.of(1L, "two", false), back.get("list"));
    }

    @Test
    void largeIntegersBecomeDoubles() {
        assertEquals(9_223_372_036_854_775_807L, MiniJson.parse("9223372036854775807"));
        assertEquals(1e19, MiniJson.parse("10000000000000000000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "{\"a\":1,}", "{\"a\":1}x", "{\"a\":1,\"a\":2}", "[1,]", "[01]", "-", "1.", "1e", ".5",
        "\"unterminated", "\"tab\there\"", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "tru", "nul", "{a:1}",
        "{'a':1}", "NaN", "[1 2]", "{\"a\" 1}",
    })
    void refusesMalformedJson(String text) {
        assertThrows(IllegalArgumentException.class, () -> MiniJson.parse(text));
    }

    @Test
    void refusesDeepNesting() {
        char[] open = new char[MiniJson.MAX_DEPTH + 2];
        char[] close = new char[open.length];
        Arrays.fill(open, '[');
        Arrays.fill(close, ']');
        assertThrows(IllegalArgumentException.class, () -> MiniJson.parse(new String(open) + new String(close)));
        assertEquals(List.of(List.of()), MiniJson.parse("[[]]"));
    }

    @Test
    void parseObjectRefusesOtherValues() {
        assertThrows(IllegalArgumentException.class, () -> MiniJson.parseObject("[1]"));
    }
}
