package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code kith} in-process the way a user types it: one command line at a time, with the
 * output captured, an environment map, a clock that moves one second per command, and a
 * scripted terminal for passphrase prompts.
 */
final class CliRunner {

    /** Near the real date: records' ts must not run ahead of the verifying clock. */
    static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
    /** A due date safely after every clock a test uses. */
    static final String DUE = "2027-01-15";

    static final ObjectMapper JSON = new ObjectMapper();

    /** The outcome of one command line. */
    record Result(String[] args, int code, String out, String err) {

        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\\R"));
        }

        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\\R"));
        }

        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("stdout of " + this + " is not JSON", e);
            }
        }

        /** stdout, stripped: the id or line a writing command prints. */
        String printed() {
            return out.strip();
        }

        Result ok() {
            assertEquals(0, code, () -> "expected success: " + this);
            return this;
        }

        @Override
        public String toString() {
            return "kith " + String.join(" ", args) + " -> exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    /** A clock tests can move; shared by every runner of a scenario so peers agree on the time. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        synchronized void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    final TestClock clock;
    final Map<String, String> env = new HashMap<>();
    /** Answers the "terminal" gives, in order; when empty (or no terminal) the prompt returns null. */
    final Deque<String> answers = new ArrayDeque<>();
    /** The prompts shown, in order. */
    final List<String> prompts = new ArrayList<>();
    boolean terminal;
    private final List<Result> history = new ArrayList<>();

    CliRunner(TestClock clock, Path sandbox) {
        this.clock = clock;
        // Never let a test fall back to the real user's data directory.
        env.put("HOME", sandbox.resolve("user-home").toString());
        env.put("XDG_DATA_HOME", sandbox.resolve("xdg").toString());
    }

    CliRunner(Path sandbox) {
        this(new TestClock(START), sandbox);
    }

    CliRunner home(Path home) {
        env.put("KITH_HOME", home.toString());
        return this;
    }

    CliRunner passphrase(String p) {
        if (p == null) {
            env.remove(CliContext.ENV_PASSPHRASE);
        } else {
            env.put(CliContext.ENV_PASSPHRASE, p);
        }
        return this;
    }

    /** A terminal that will answer the next prompts with {@code typed}. */
    CliRunner typing(String... typed) {
        terminal = true;
        answers.addAll(Arrays.asList(typed));
        return this;
    }

    Result run(String... args) {
        clock.advance(Duration.ofSeconds(1));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.copyOf(env), clock, p -> {
            prompts.add(p);
            if (!terminal) {
                return null;
            }
            String a = answers.poll();
            return a == null ? null : a.toCharArray();
        });
        int code = Main.run(ctx, args);
        Result r = new Result(args, code, out.toString(), err.toString());
        history.add(r);
        return r;
    }

    /** Runs and requires exit 0. */
    Result ok(String... args) {
        return run(args).ok();
    }

    /** Every stderr text this runner produced, for secret checks. */
    String allStderr() {
        StringBuilder sb = new StringBuilder();
        history.forEach(r -> sb.append(r.err()));
        return sb.toString();
    }

    // ---- assertions --------------------------------------------------------------------------

    /** Exit 1 with exactly one line on stderr, starting "kith: ", no stack trace, nothing on stdout. */
    static String assertUserError(Result r, String... fragments) {
        assertEquals(1, r.code(), () -> "expected a user error: " + r);
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), () -> "expected exactly one stderr line: " + r);
        String line = lines.get(0);
        assertTrue(line.startsWith("kith: "), () -> "stderr must start with 'kith: ': " + r);
        assertNoStackTrace(r);
        for (String f : fragments) {
            assertTrue(line.contains(f), () -> "stderr should mention \"" + f + "\": " + r);
        }
        return line;
    }

    /** As {@link #assertUserError} and stdout is empty. */
    static String assertQuietUserError(Result r, String... fragments) {
        String line = assertUserError(r, fragments);
        assertEquals("", r.out(), () -> "stdout should be empty: " + r);
        return line;
    }

    static void assertUsageError(Result r, String... fragments) {
        assertEquals(2, r.code(), () -> "expected a usage error: " + r);
        assertTrue(r.err().startsWith("kith: "), () -> "usage errors start with 'kith: ': " + r);
        assertEquals("", r.out(), () -> "stdout should be empty: " + r);
        assertNoStackTrace(r);
        for (String f : fragments) {
            assertTrue(r.err().contains(f), () -> "stderr should mention \"" + f + "\": " + r);
        }
    }

    static void assertNoStackTrace(Result r) {
        for (String s : List.of(r.err(), r.out())) {
            assertFalse(s.contains("\tat ") || s.contains("Exception") || s.contains("Caused by"),
                    () -> "no stack traces or exception class names: " + r);
        }
    }
}
