package org.kith.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control API: reachable only on 127.0.0.1, only with the token, bounded, and gone when the node stops. */
class ControlServerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ControlServer server;
    final List<String> announced = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = ControlServer.start(dir, new ControlServer.Handler() {
            @Override
            public Map<String, Object> status() {
                return Map.of("peerId", "12D3KooWtest", "records", 3);
            }

            @Override
            public Map<String, Object> announce(String recordId) {
                if (!recordId.startsWith("ok")) {
                    throw new IllegalArgumentException("no record " + recordId);
                }
                announced.add(recordId);
                return Map.of("published", recordId);
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> raw(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token() throws IOException {
        return JSON.readTree(Files.readAllBytes(dir.resolve(ControlServer.FILE_NAME))).get("token").asText();
    }

    @Test
    void theControlFileIsOwnerOnlyAndTheClientFindsTheNode() throws Exception {
        Path file = dir.resolve(ControlServer.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        JsonNode info = JSON.readTree(Files.readAllBytes(file));
        assertEquals(server.port(), info.get("port").asInt());
        assertEquals(ProcessHandle.current().pid(), info.get("pid").asLong());
        ControlClient client = ControlClient.find(dir).orElseThrow();
        assertEquals(3, client.status().get("records").asInt());
        assertEquals("ok-1", client.announce("ok-1").get("published").asText());
        assertEquals(List.of("ok-1"), announced);
    }

    @Test
    void withoutTheRightTokenNothingHappens() throws Exception {
        assertEquals(401, raw("GET", "/v1/status", null, null).statusCode());
        assertEquals(401, raw("GET", "/v1/status", "0".repeat(64), null).statusCode());
        assertEquals(401, raw("POST", "/v1/announce", token().substring(1), "{\"id\":\"ok-2\"}").statusCode());
        assertTrue(announced.isEmpty());
    }

    @Test
    void badRequestsGetAClearErrorAndChangeNothing() throws Exception {
        String t = token();
        assertEquals(404, raw("GET", "/v1/nothing", t, null).statusCode());
        assertEquals(404, raw("DELETE", "/v1/status", t, null).statusCode());
        assertEquals(400, raw("POST", "/v1/announce", t, "not json").statusCode());
        assertEquals(400, raw("POST", "/v1/announce", t, "{\"id\":7}").statusCode());
        assertEquals(400, raw("POST", "/v1/announce", t, "{}").statusCode());
        HttpResponse<String> unknown = raw("POST", "/v1/announce", t, "{\"id\":\"missing\"}");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("no record missing"), unknown.body());
        String huge = "{\"id\":\"ok\",\"pad\":\"" + "x".repeat(ControlServer.MAX_BODY_BYTES) + "\"}";
        assertEquals(400, raw("POST", "/v1/announce", t, huge).statusCode());
        assertTrue(announced.isEmpty());
        IOException e = assertThrows(IOException.class, () -> ControlClient.find(dir).orElseThrow().announce("missing"));
        assertTrue(e.getMessage().contains("400"), e.getMessage());
    }

    @Test
    void theFileGoesWithTheServerAndStaleOrDamagedFilesAreIgnored() throws Exception {
        server.close();
        assertFalse(Files.exists(dir.resolve(ControlServer.FILE_NAME)));
        assertTrue(ControlClient.find(dir).isEmpty());
        Path file = dir.resolve(ControlServer.FILE_NAME);
        // a node killed with -9 leaves its file: a dead pid means no node
        long dead = new ProcessBuilder("true").start().onExit().get().pid();
        Files.writeString(file, "{\"port\":1234,\"token\":\"" + "a".repeat(64) + "\",\"pid\":" + dead + "}");
        assertTrue(ControlClient.find(dir).isEmpty());
        for (String junk : new String[] {"", "{", "[]", "{\"port\":0,\"token\":\"x\",\"pid\":1}",
            "{\"port\":70000,\"token\":\"" + "a".repeat(64) + "\",\"pid\":" + ProcessHandle.current().pid() + "}",
            "x".repeat(10_000)}) {
            Files.writeString(file, junk);
            assertTrue(ControlClient.find(dir).isEmpty(), junk);
        }
        // a new server replaces a stale file
        server = ControlServer.start(dir, null);
        assertTrue(ControlClient.find(dir).isPresent());
    }
}
