package org.kith.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Talks to the node running on a data directory, if there is one: reads {@value
 * ControlServer#FILE_NAME}, checks that its process is alive, and calls the API on 127.0.0.1.
 */
public final class ControlClient {

    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final String token;

    private ControlClient(int port, String token) {
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        this.base = URI.create("http://127.0.0.1:" + port);
        this.token = token;
    }

    /** The running node's client, or empty if no node runs on {@code dir} (no file, or its process is gone). */
    public static Optional<ControlClient> find(Path dir) {
        Path file = dir.resolve(ControlServer.FILE_NAME);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 4096) {
                return Optional.empty();
            }
            JsonNode info = JSON.readTree(Files.readAllBytes(file));
            long pid = info.path("pid").asLong(-1);
            int port = info.path("port").asInt(-1);
            String token = info.path("token").asText("");
            if (port <= 0 || port > 65535 || !token.matches("[0-9a-f]{64}")
                    || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                return Optional.empty();
            }
            return Optional.of(new ControlClient(port, token));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public JsonNode status() throws IOException {
        return call(HttpRequest.newBuilder(base.resolve("/v1/status")).GET());
    }

    public JsonNode announce(String recordId) throws IOException {
        return call(HttpRequest.newBuilder(base.resolve("/v1/announce"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(Map.of("id", recordId)))));
    }

    private JsonNode call(HttpRequest.Builder request) throws IOException {
        HttpRequest r = request.timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IOException("the running node answered " + response.statusCode() + ": "
                    + body.path("error").asText("?"));
        }
        return body;
    }
}
