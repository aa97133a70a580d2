package org.kith.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Follows a process's stdout of JSON lines ({@code kith run}) on a daemon thread: each line
 * parsed into the queue, then an {@code {"event":"eof"}} (or {@code reader-failed}) at the end.
 */
public final class JsonLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {
    }

    public static BlockingQueue<JsonNode> follow(Process p, String name) {
        BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(JSON.readTree(line));
                }
            } catch (Exception e) {
                lines.add(JSON.createObjectNode().put("event", "reader-failed").put("error", e.toString()));
            }
            lines.add(JSON.createObjectNode().put("event", "eof"));
        }, "kith-run-" + name);
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
