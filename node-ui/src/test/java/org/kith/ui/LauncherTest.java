package org.kith.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kith.node.cli.Version;

/** {@code kith app --version} and {@code --help} answer without opening a window. */
class LauncherTest {

    @Test
    void versionAndHelpPrintAndReturn() {
        assertEquals("kith " + Version.current(), run("--version").strip());
        String help = run("--home", "/tmp/x", "--help");
        assertTrue(help.startsWith("kith app [--home DIR]"), help);
        assertTrue(help.contains("--no-network"), help);
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Launcher.main(args);
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
