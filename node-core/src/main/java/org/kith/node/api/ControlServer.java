package org.kith.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.kith.node.keys.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running node's local control API: HTTP on 127.0.0.1 at a random port, every request
 * authenticated by a random bearer token. Port, token and process ID are published in
 * {@value #FILE_NAME} in the data directory (mode 0600), so only the user (and their CLI) can
 * talk to the node; the file is removed when the node stops.
 *
 * <p>Endpoints (JSON): {@code GET /v1/status}, {@code POST /v1/announce {"id": RECORD_ID}} —
 * see {@link Handler}. Request bodies are capped at {@value #MAX_BODY_BYTES} bytes.
 */
public final class ControlServer implements AutoCloseable {

    public static final String FILE_NAME = "control.json";
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the node answers; called on the API's own thread. */
    public interface Handler {
        /** The node's status: swarms, peers, sync progress. */
        Map<String, Object> status();

        /**
         * Publishes a record the CLI just stored.
         *
         * @throws IllegalArgumentException with a message for the user if there is no such record
         */
        Map<String, Object> announce(String recordId);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] token;
    private final Path file;

    private ControlServer(HttpServer server, ExecutorService executor, byte[] token, Path file) {
        this.server = server;
        this.executor = executor;
        this.token = token;
        this.file = file;
    }

    /** Binds 127.0.0.1 on a free port, starts serving and writes the control file into {@code dir}. */
    public static ControlServer start(Path dir, Handler handler) throws IOException {
        byte[] token = new byte[32];
        new SecureRandom().nextBytes(token);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kith-control");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        Path file = dir.resolve(FILE_NAME);
        ControlServer cs = new ControlServer(server, executor, token, file);
        server.createContext("/v1/", exchange -> cs.serve(exchange, handler));
        server.start();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("port", server.getAddress().getPort());
        info.put("token", HexFormat.of().formatHex(token));
        info.put("pid", ProcessHandle.current().pid());
        Files.deleteIfExists(file); // left by a node that was killed
        PrivateFiles.createNew(file, JSON.writeValueAsBytes(info));
        LOG.info("control API on 127.0.0.1:{}", server.getAddress().getPort());
        return cs;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !MessageDigest.isEqual(
                    auth.substring("Bearer ".length()).getBytes(StandardCharsets.US_ASCII),
                    HexFormat.of().formatHex(token).getBytes(StandardCharsets.US_ASCII))) {
                reply(exchange, 401, Map.of("error", "missing or wrong token"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            try {
                if (path.equals("/v1/status") && method.equals("GET")) {
                    reply(exchange, 200, handler.status());
                } else if (path.equals("/v1/announce") && method.equals("POST")) {
                    JsonNode body = body(exchange);
                    JsonNode id = body == null ? null : body.get("id");
                    if (id == null || !id.isTextual()) {
                        reply(exchange, 400, Map.of("error", "expected {\"id\": RECORD_ID}"));
                        return;
                    }
                    reply(exchange, 200, handler.announce(id.textValue()));
                } else {
                    reply(exchange, 404, Map.of("error", "no such endpoint: " + method + " " + path));
                }
            } catch (IllegalArgumentException e) {
                reply(exchange, 400, Map.of("error", e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("control request {} {} failed", method, path, e);
                reply(exchange, 500, Map.of("error", "internal error: " + e));
            }
        }
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IllegalArgumentException("request body over " + MAX_BODY_BYTES + " bytes");
            }
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new IllegalArgumentException("request body is not JSON");
            }
        }
    }

    private static void reply(HttpExchange exchange, int code, Object value) throws IOException {
        byte[] out = JSON.writeValueAsBytes(value);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.getMessage());
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
