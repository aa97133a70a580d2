package org.kith.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app image and the .deb that {@code mvn -Pdist} built, checked without installing anything:
 * the image's {@code bin/kith} runs the CLI and a headless node on the bundled runtime, and the
 * .deb, unpacked with dpkg-deb, has its dependencies, desktop entry, icon and scripts.
 */
class PackagedAppIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern PEER_ID = Pattern.compile("\"peerId\"\\s*:\\s*\"(12D3KooW[1-9A-HJ-NP-Za-km-z]+)\"");

    private final Path dist = Paths.get(System.getProperty("kith.dist", "target/dist"));
    private final String version = System.getProperty("kith.version", "");
    private final Path kith = dist.resolve("kith/bin/kith");

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {
    }

    @Test
    void launcherPrintsThePomVersion() throws Exception {
        Result r = kith("--version");
        assertEquals(0, r.exit(), r.err());
        assertEquals("kith " + version, r.out().strip());
    }

    @Test
    void launcherRunsTheCliAndAHeadlessNode() throws Exception {
        Path home = tmp.resolve("home");
        Result init = kith("init", "--name", "Test", "--no-passphrase", "--home", home.toString());
        assertEquals(0, init.exit(), init.err());
        Matcher created = Pattern.compile("Created identity (12D3KooW\\S+)").matcher(init.out());
        assertTrue(created.find(), init.out());
        String peerId = created.group(1);

        Result whoami = kith("whoami", "--json", "--home", home.toString());
        assertEquals(0, whoami.exit(), whoami.err());
        Matcher id = PEER_ID.matcher(whoami.out());
        assertTrue(id.find(), whoami.out());
        assertEquals(peerId, id.group(1));
        assertTrue(whoami.out().contains("\"name\" : \"Test\""), whoami.out());

        Result usage = kith("no-such-command");
        assertEquals(2, usage.exit(), "the CLI's usage exit code passes through the launcher");

        Process node = start("run", "--listen", "/ip4/127.0.0.1/tcp/0", "--no-mdns", "--home", home.toString());
        try {
            String line = CompletableFuture.supplyAsync(() -> firstListeningLine(node))
                    .get(LISTEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(line.contains("\"peerId\":\"" + peerId + "\""), line);
            assertTrue(Pattern.compile("\"addrs\":\\[\"/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/" + peerId + "\"").matcher(line).find(), line);
        } finally {
            node.toHandle().destroy();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void debDeclaresJavaFxLibrariesAndInstallsTheDesktopEntry() throws Exception {
        Path deb = dist.resolve("kith_" + version.replace("-SNAPSHOT", "") + "_amd64.deb");
        assertTrue(Files.isRegularFile(deb), deb + " exists");

        Path control = tmp.resolve("control");
        assertEquals(0, exec(List.of("dpkg-deb", "-e", deb.toString(), control.toString())).exit());
        String fields = Files.readString(control.resolve("control"));
        Matcher depends = Pattern.compile("(?m)^Depends: (.*)$").matcher(fields);
        assertTrue(depends.find(), fields);
        for (String lib : List.of("libgtk-3-0", "libxtst6", "libxxf86vm1", "libgl1")) {
            assertTrue(depends.group(1).contains(lib), "Depends lists " + lib + ": " + depends.group(1));
        }
        assertTrue(fields.contains("Package: kith"), fields);

        String postinst = Files.readString(control.resolve("postinst"));
        assertTrue(postinst.contains("ln -sf \"$APP_DIR/bin/kith\" /usr/bin/kith"), postinst);
        assertTrue(postinst.contains("/usr/share/applications/kith.desktop"), postinst);
        assertTrue(postinst.contains("[ -d /usr/share/applications ]"), "only where the directory exists");
        String prerm = Files.readString(control.resolve("prerm"));
        assertTrue(prerm.contains("rm -f /usr/bin/kith"), prerm);
        assertTrue(prerm.contains("rm -f /usr/share/applications/kith.desktop"), prerm);
        Result syntax = exec(List.of("sh", "-n", control.resolve("postinst").toString(), control.resolve("prerm").toString()));
        assertEquals(0, syntax.exit(), syntax.err());

        Path root = tmp.resolve("root");
        assertEquals(0, exec(List.of("dpkg-deb", "-x", deb.toString(), root.toString())).exit());
        Path app = root.resolve("opt/kith");
        assertTrue(Files.isExecutable(app.resolve("bin/kith")));
        assertTrue(Files.isDirectory(app.resolve("lib/runtime")));
        String desktop = Files.readString(app.resolve("lib/kith.desktop"));
        assertTrue(desktop.contains("Exec=/opt/kith/bin/kith app"), desktop);
        assertTrue(desktop.contains("Icon=kith"), desktop);
        byte[] icon = Files.readAllBytes(app.resolve("lib/kith.png"));
        assertTrue(icon.length > 1000 && icon[1] == 'P' && icon[2] == 'N' && icon[3] == 'G', "a PNG icon");
        assertTrue(Files.notExists(root.resolve("usr/share/applications")), "no --linux-shortcut");
    }

    private Result kith(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(kith.toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(kith.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(tmp.resolve("node.err").toFile()).start();
    }

    private static String firstListeningLine(Process node) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{\"event\":\"listening\"")) {
                    return line;
                }
            }
            throw new AssertionError("the node exited without a listening line");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Result exec(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not finish in " + COMMAND_TIMEOUT);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
