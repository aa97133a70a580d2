package org.kith.p2p.interop;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A js-libp2p peer ({@code interop/peer.mjs}) in a child process, for interop tests.
 *
 * <p>{@link #start} finds {@code node} (property {@code kith.node}, env {@code KITH_NODE}, else
 * {@code PATH}), runs {@code npm ci} once per JVM if {@code interop/node_modules} is missing or
 * older than the lock file, starts the peer and waits for its {@code listening} event. The
 * peer's stdout is newline-delimited JSON: events (kept, in order, for {@link #awaitEvent}) and
 * replies to {@link #command}s. Its stderr is kept (last {@value #STDERR_KEEP_CHARS} characters)
 * and added to every failure message; {@code -Dkith.interop.verbose=true} also copies it to
 * {@code System.err}.
 *
 * <p>Thread-safe. {@link #close} asks the peer to stop, then destroys it, then destroys it
 * forcibly; it never leaves the process behind. Every address the peer uses is loopback
 * (peer.mjs refuses anything else).
 */
public final class JsPeer implements AutoCloseable {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);
    static final int STDERR_KEEP_CHARS = 64 * 1024;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private final StringBuilder stderr = new StringBuilder();
    private final boolean verbose = Boolean.getBoolean("kith.interop.verbose");

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<JsMessage> events = new ArrayList<>();
    private final List<String> protocolErrors = new ArrayList<>();
    private boolean stdoutClosed;

    private final Map<Long, CompletableFuture<JsMessage>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    private volatile String peerId;
    private volatile List<String> addrs = List.of();
    private volatile boolean closed;

    public static JsPeerOptions options() {
        return new JsPeerOptions();
    }

    /** Starts a peer and waits until it reports {@code listening}. */
    public static JsPeer start(JsPeerOptions options) throws IOException, InterruptedException, TimeoutException {
        Path dir = NodeRuntime.interopDir();
        NodeRuntime.ensureDependencies(dir);
        List<String> command = new ArrayList<>();
        command.add(NodeRuntime.node().toString());
        command.add("peer.mjs");
        command.addAll(options.arguments());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(options.environment());
        JsPeer peer = new JsPeer(options.name(), pb.start());
        try {
            JsMessage first = peer.awaitEvent(m -> m.is("listening") || m.is("fatal"), options.startTimeout());
            if (first.is("fatal")) {
                throw new JsPeerException(peer.describe("js peer refused to start: " + first.str("message")));
            }
            peer.peerId = Objects.requireNonNull(first.str("peerId"), "listening event without peerId");
            peer.addrs = first.strings("addrs");
            return peer;
        } catch (InterruptedException | TimeoutException | RuntimeException e) {
            peer.close();
            throw e;
        }
    }

    private JsPeer(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.stdoutReader = daemon("js-peer-" + name + "-stdout", () -> readStdout(process.getInputStream()));
        this.stderrReader = daemon("js-peer-" + name + "-stderr", () -> readStderr(process.getErrorStream()));
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The peer's ID (base58). */
    public String peerId() {
        return peerId;
    }

    /** Its loopback listen addresses, each ending in {@code /p2p/<peerId>}; empty if not listening. */
    public List<String> addrs() {
        return addrs;
    }

    /** Its first listen address. */
    public String addr() {
        if (addrs.isEmpty()) {
            throw new IllegalStateException("js peer " + name + " is not listening");
        }
        return addrs.get(0);
    }

    /** The TCP port of its first listen address. */
    public int port() {
        String[] parts = addr().split("/");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equals("tcp")) {
                return Integer.parseInt(parts[i + 1]);
            }
        }
        throw new IllegalStateException("no /tcp/ in " + addr());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the peer has written to stderr (the last {@value #STDERR_KEEP_CHARS} characters). */
    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** All events so far, in order. */
    public List<JsMessage> events() {
        lock.lock();
        try {
            return List.copyOf(events);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The first event (from the start of the peer's life) matching {@code predicate}, waiting
     * until {@code timeout} for it if none has arrived yet.
     *
     * @throws TimeoutException if none arrives in time
     * @throws JsPeerException if the peer exits first
     */
    public JsMessage awaitEvent(Predicate<JsMessage> predicate, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        lock.lock();
        try {
            while (true) {
                for (; checked < events.size(); checked++) {
                    if (predicate.test(events.get(checked))) {
                        return events.get(checked);
                    }
                }
                if (stdoutClosed) {
                    throw new JsPeerException(describe("js peer exited while waiting for an event"));
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new TimeoutException(describe("no matching event within " + timeout.toMillis() + " ms"));
                }
                changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@link #awaitEvent(Predicate, Duration)} for an event name plus a condition on it. */
    public JsMessage awaitEvent(String eventName, Predicate<JsMessage> predicate, Duration timeout)
            throws InterruptedException, TimeoutException {
        return awaitEvent(m -> m.is(eventName) && predicate.test(m), timeout);
    }

    /** Runs a command; an {@code error} reply becomes a {@link JsPeerException}. */
    public JsMessage command(String name, Map<String, ?> args) throws InterruptedException, TimeoutException {
        return command(name, args, DEFAULT_COMMAND_TIMEOUT);
    }

    public JsMessage command(String name, Map<String, ?> args, Duration timeout) throws InterruptedException, TimeoutException {
        JsMessage reply = tryCommand(name, args, timeout);
        if (reply.has("error")) {
            throw new JsPeerException(describe(name + " failed: " + reply.str("error")));
        }
        return reply;
    }

    /**
     * Runs a command and returns its reply, error replies included. peer.mjs also gets the
     * timeout (as {@code timeoutMs}) so its own operation is aborted a little earlier.
     */
    public JsMessage tryCommand(String name, Map<String, ?> args, Duration timeout) throws InterruptedException, TimeoutException {
        if (closed) {
            throw new JsPeerException("js peer " + this.name + " is closed");
        }
        long id = nextId.getAndIncrement();
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("id", id);
        msg.put("cmd", name);
        msg.putAll(args);
        msg.putIfAbsent("timeoutMs", Math.max(1, timeout.toMillis() - 500));
        CompletableFuture<JsMessage> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            synchronized (stdin) {
                stdin.write(MiniJson.write(msg));
                stdin.write('\n');
                stdin.flush();
            }
            if (stdoutClosedNow()) {
                failPending();
            }
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new JsPeerException(describe("cannot send " + name + ": " + e.getMessage()), e);
        } catch (ExecutionException e) {
            throw new JsPeerException(describe(name + ": " + e.getCause().getMessage()), e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutException(describe(name + ": no reply within " + timeout.toMillis() + " ms"));
        } finally {
            pending.remove(id);
        }
    }

    private boolean stdoutClosedNow() {
        lock.lock();
        try {
            return stdoutClosed;
        } finally {
            lock.unlock();
        }
    }

    private void readStdout(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (verbose) {
                    System.err.println("[" + name + " out] " + line);
                }
                if (!line.isBlank()) {
                    onLine(line);
                }
            }
        } catch (IOException e) {
            addProtocolError("stdout read failed: " + e.getMessage());
        } finally {
            lock.lock();
            try {
                stdoutClosed = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            failPending();
        }
    }

    private void onLine(String line) {
        JsMessage m;
        try {
            m = new JsMessage(MiniJson.parseObject(line));
        } catch (IllegalArgumentException e) {
            addProtocolError("not a JSON object (" + e.getMessage() + "): " + abbreviate(line));
            return;
        }
        if (m.fields().get("reply") instanceof Long id) {
            CompletableFuture<JsMessage> f = pending.get(id);
            if (f != null) {
                f.complete(m);
            }
            return;
        }
        if (m.event() == null) {
            addProtocolError("neither event nor reply: " + abbreviate(line));
            return;
        }
        lock.lock();
        try {
            events.add(m);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void addProtocolError(String error) {
        lock.lock();
        try {
            protocolErrors.add(error);
        } finally {
            lock.unlock();
        }
    }

    private void failPending() {
        for (CompletableFuture<JsMessage> f : pending.values()) {
            f.completeExceptionally(new JsPeerException("js peer " + name + " exited"));
        }
    }

    private void readStderr(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (verbose) {
                    System.err.println("[" + name + " err] " + line);
                }
                synchronized (stderr) {
                    stderr.append(line).append('\n');
                    if (stderr.length() > STDERR_KEEP_CHARS) {
                        stderr.delete(0, stderr.length() - STDERR_KEEP_CHARS);
                    }
                }
            }
        } catch (IOException e) {
            synchronized (stderr) {
                stderr.append("[stderr read failed: ").append(e.getMessage()).append("]\n");
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    /** A failure message with the peer's state and stderr tail. */
    String describe(String what) {
        StringBuilder out = new StringBuilder(what);
        out.append("\n  js peer ").append(name);
        if (peerId != null) {
            out.append(" (").append(peerId).append(')');
        }
        if (!process.isAlive()) {
            out.append(", exited with ").append(process.exitValue());
        }
        lock.lock();
        try {
            if (!protocolErrors.isEmpty()) {
                out.append("\n  protocol errors: ").append(protocolErrors);
            }
        } finally {
            lock.unlock();
        }
        String err = stderr();
        if (!err.isEmpty()) {
            String tail = err.length() > 4000 ? "…" + err.substring(err.length() - 4000) : err;
            out.append("\n  --- stderr ---\n").append(tail.strip());
        }
        return out.toString();
    }

    /** Stops the peer: a {@code stop} command, then destroy, then destroyForcibly. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (process.isAlive() && !stdoutClosedNow()) {
                try {
                    tryCommand("stop", Map.of(), STOP_GRACE);
                } catch (TimeoutException | JsPeerException e) {
                    // Ending it below is all that is left to do.
                }
            }
            closed = true;
            closeQuietly(stdin);
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            stdoutReader.join(STOP_GRACE.toMillis());
            stderrReader.join(STOP_GRACE.toMillis());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
        }
    }

    private static void closeQuietly(Writer w) {
        synchronized (w) {
            try {
                w.close();
            } catch (IOException e) {
                // The process is going away; its stdin may already be closed.
            }
        }
    }

    @Override
    public String toString() {
        return "JsPeer[" + name + " " + peerId + "]";
    }

    /**
     * The deterministic test data peer.mjs sends ({@code interop/lib/protocols.mjs seededBytes}):
     * the AES-128-CTR keystream with key = the first 16 bytes of sha256("kith-interop:" + seed)
     * and an all-zero IV. {@code echo} uses seed "1" by default, {@code echoParallel} seeds
     * "&lt;seed&gt;/&lt;index&gt;", and sink/source repeat the 64 KiB block of seed "sink"/"source".
     */
    public static byte[] seededBytes(String seed, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("kith-interop:" + seed).getBytes(StandardCharsets.UTF_8));
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(Arrays.copyOf(digest, 16), "AES"),
                    new IvParameterSpec(new byte[16]));
            return aes.doFinal(new byte[length]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and AES/CTR are required of every Java platform", e);
        }
    }
}
