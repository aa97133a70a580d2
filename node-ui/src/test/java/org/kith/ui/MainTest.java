package org.kith.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged launcher's choice between the desktop app and the command line, as ./kith makes it. */
class MainTest {

    @Test
    void noArgumentsOpenTheApp() {
        Main.Dispatch d = Main.dispatch(new String[0]);
        assertTrue(d.app());
        assertArrayEquals(new String[0], d.args());
    }

    @Test
    void appFirstOpensTheAppWithTheRest() {
        Main.Dispatch d = Main.dispatch(new String[] {"app", "--home", "/tmp/x", "--theme", "dark"});
        assertTrue(d.app());
        assertArrayEquals(new String[] {"--home", "/tmp/x", "--theme", "dark"}, d.args());
    }

    @Test
    void anythingElseGoesToTheCliUnchanged() {
        for (String[] args : new String[][] {
                {"--version"}, {"--help"}, {"init", "--name", "Ada"}, {"run", "--home", "app"}, {"App"}, {"list", "app"}}) {
            Main.Dispatch d = Main.dispatch(args);
            assertFalse(d.app(), String.join(" ", args));
            assertArrayEquals(args, d.args());
        }
    }

    @Test
    void displayIsX11OrWayland() {
        assertTrue(Main.hasDisplay(Map.of("DISPLAY", ":0")));
        assertTrue(Main.hasDisplay(Map.of("WAYLAND_DISPLAY", "wayland-0")));
        assertFalse(Main.hasDisplay(Map.of()));
        assertFalse(Main.hasDisplay(Map.of("DISPLAY", "")));
    }

    @Test
    void versionAndHelpNeedNoDisplay() {
        assertFalse(Main.needsDisplay(new String[] {"--version"}));
        assertFalse(Main.needsDisplay(new String[] {"--home", "/tmp/x", "--help"}));
        assertTrue(Main.needsDisplay(new String[0]));
        assertTrue(Main.needsDisplay(new String[] {"--theme", "dark"}));
    }
}
