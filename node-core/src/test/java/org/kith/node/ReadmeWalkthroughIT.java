package org.kith.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's walk-through exactly as a new user would paste it, through the real
 * {@code ./kith} launcher and the jar this build packaged. Each command must succeed, except the
 * one the README says fails (verifying the tampered bundle), which must fail.
 */
class ReadmeWalkthroughIT {

    private static final String START = "<!-- walkthrough:start -->";
    private static final String END = "<!-- walkthrough:end -->";

    @TempDir
    Path tmp;

    @Test
    void readmeWalkthroughWorksAsWritten() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        String readme = Files.readString(root.resolve("README.md"));
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertTrue(start >= 0 && end > start, "README has a marked walk-through");
        String block = readme.substring(start + START.length(), end)
                .replace("```sh", "").replace("```", "").strip();

        StringBuilder script = new StringBuilder("set -euo pipefail\ncd '" + root + "'\n");
        int commands = 0;
        for (String line : block.split("\n")) {
            String command = line.replace("/tmp/", tmp + "/");
            if (command.isBlank()) {
                continue;
            }
            commands++;
            // The README says which command fails; it must fail, and the rest must not.
            boolean mustFail = line.contains("# fails");
            script.append("echo '$ ").append(line.replace("'", "'\\''")).append("'\n");
            script.append(mustFail ? "! " : "").append(command).append('\n');
        }
        assertTrue(commands >= 10, "walk-through has its commands");

        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(true);
        pb.environment().put("KITH_NO_BUILD", "1");
        pb.environment().remove("KITH_HOME");
        pb.environment().put("TMPDIR", tmp.toString()); // mktemp -d: the data directories go here too
        pb.environment().remove("KITH_PASSPHRASE");
        Process p = pb.start();
        String output = readAll(p);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "walk-through finished in time");
        assertEquals(0, p.exitValue(), "walk-through failed:\n" + output);
        assertTrue(output.contains("Created identity 12D3KooW"), output);
        assertTrue(output.contains("Notes on the Analytical Engine"), output);
        assertTrue(output.contains("wants french — a project by Ada Lovelace"), output);
        assertTrue(output.contains("To attest (1)") && output.contains("Bo delivered \"Translate the memoir\""),
                output);
        assertTrue(output.contains("your vouch:   high") && output.contains("you → Bo")
                && output.contains("1 kept, 0 partly kept, 0 not kept"), output);
        assertTrue(output.contains("the summary matches the records"), output);
        assertTrue(output.contains("seq 3 of 3 in the author's feed") && output.contains("imported from ada.json"),
                output);
        assertTrue(output.contains("kith: verification failed"), output);
        assertTrue(Files.exists(tmp.resolve("credits.html")));
    }

    private static String readAll(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
