package org.kith.p2p.interop;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Finds Node.js and the repository's {@code interop/} directory, and installs its npm
 * dependencies once per JVM. Thread-safe.
 */
public final class NodeRuntime {

    static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
    private static final int MIN_NODE_MAJOR = 20;

    private static final Object DEPENDENCIES_LOCK = new Object();
    private static boolean dependenciesReady;
    private static Path nodeExecutable;

    private NodeRuntime() {
    }

    /**
     * The repository's {@code interop/} directory: {@code -Dkith.interop.dir}, else found by
     * walking up from the working directory (which is {@code p2p/} under Maven).
     */
    public static Path interopDir() {
        String configured = System.getProperty("kith.interop.dir");
        if (configured != null) {
            Path dir = Path.of(configured).toAbsolutePath();
            if (!Files.isRegularFile(dir.resolve("peer.mjs"))) {
                throw new JsPeerException("-Dkith.interop.dir=" + configured + " has no peer.mjs");
            }
            return dir;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("interop");
            if (Files.isRegularFile(candidate.resolve("peer.mjs")) && Files.isRegularFile(candidate.resolve("package-lock.json"))) {
                return candidate;
            }
        }
        throw new JsPeerException("cannot find interop/peer.mjs above " + Path.of("").toAbsolutePath()
                + "; set -Dkith.interop.dir");
    }

    /** The node executable (checked once to be Node.js ≥ 20). */
    public static synchronized Path node() throws IOException, InterruptedException {
        if (nodeExecutable != null) {
            return nodeExecutable;
        }
        Path node = findExecutable("kith.node", "KITH_NODE", "node");
        if (node == null) {
            String configured = System.getProperty("kith.node", System.getenv("KITH_NODE"));
            throw new JsPeerException(configured != null && !configured.isBlank()
                    ? "kith.node / KITH_NODE = " + configured + " is not an executable file"
                    : "node (Node.js " + MIN_NODE_MAJOR + " or newer) is not on PATH; install it or set"
                            + " -Dkith.node=/path/to/node (interop tests run js-libp2p in Node)");
        }
        Process p = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
        String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !version.matches("v\\d+\\..*")) {
            throw new JsPeerException(node + " --version did not answer like Node.js: " + version);
        }
        int major = Integer.parseInt(version.substring(1, version.indexOf('.')));
        if (major < MIN_NODE_MAJOR) {
            throw new JsPeerException(node + " is Node.js " + version + "; js-libp2p 3 needs " + MIN_NODE_MAJOR + " or newer");
        }
        nodeExecutable = node;
        return node;
    }

    private static Path findExecutable(String property, String envVar, String command) {
        String configured = System.getProperty(property, System.getenv(envVar));
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Runs {@code npm ci --no-audit --no-fund} once per JVM if {@code node_modules} is missing or
     * older than {@code package-lock.json}. Tests running in parallel wait for the first one.
     */
    static void ensureDependencies(Path dir) throws IOException, InterruptedException {
        synchronized (DEPENDENCIES_LOCK) {
            if (dependenciesReady) {
                return;
            }
            Path installed = dir.resolve("node_modules").resolve(".package-lock.json");
            Path lock = dir.resolve("package-lock.json");
            boolean fresh = Files.isRegularFile(installed)
                    && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0;
            if (!fresh) {
                runNpmCi(dir);
            }
            dependenciesReady = true;
        }
    }

    private static void runNpmCi(Path dir) throws IOException, InterruptedException {
        Path node = node();
        Path npm = node.resolveSibling("npm");
        if (!Files.isExecutable(npm)) {
            npm = findExecutable("kith.npm", "KITH_NPM", "npm");
        }
        if (npm == null) {
            throw new JsPeerException("npm is not on PATH; install it or run `npm ci` in " + dir + " by hand");
        }
        Path log = Files.createTempFile("kith-npm-ci", ".log");
        try {
            Process p = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(NPM_CI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new JsPeerException("npm ci in " + dir + " took over " + NPM_CI_TIMEOUT.toMinutes() + " min:\n" + tail(log));
            }
            if (p.exitValue() != 0) {
                throw new JsPeerException("npm ci in " + dir + " failed (exit " + p.exitValue() + "):\n" + tail(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.length() > 4000 ? "…" + text.substring(text.length() - 4000) : text;
    }
}
