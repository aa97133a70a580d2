package org.kith.ui;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * {@code main} of the packaged {@code kith} launcher: with no arguments, or {@code app} first,
 * the desktop app ({@link Launcher}); anything else is a command line for
 * {@link org.kith.node.cli.Main}, which exits with its own codes (0 success, 1 user error,
 * 2 usage error). The same decision as the {@code ./kith} script at the repository root, so the
 * installed {@code kith} behaves like the one in a checkout.
 */
public final class Main {

    /** Exit code when the app is asked for and there is no display: the CLI's user error. */
    static final int EXIT_NO_DISPLAY = org.kith.node.cli.Main.EXIT_USER_ERROR;

    /** App options that print and exit without opening a window, so they need no display. */
    private static final Set<String> NO_WINDOW_OPTIONS = Set.of("--version", "-V", "--help", "-h");

    /** What a command line starts: the desktop app or the command line, and with which arguments. */
    record Dispatch(boolean app, String[] args) {
    }

    private Main() {
    }

    public static void main(String[] args) {
        Dispatch d = dispatch(args);
        if (!d.app()) {
            org.kith.node.cli.Main.main(d.args());
            return;
        }
        if (needsDisplay(d.args()) && !hasDisplay(System.getenv())) {
            noDisplay(System.err);
            System.exit(EXIT_NO_DISPLAY);
        }
        Launcher.main(d.args());
    }

    /** No arguments or {@code app} first: the app, with what follows {@code app}; else the CLI, with all of them. */
    static Dispatch dispatch(String[] args) {
        if (args.length == 0) {
            return new Dispatch(true, args);
        }
        if (args[0].equals("app")) {
            return new Dispatch(true, Arrays.copyOfRange(args, 1, args.length));
        }
        return new Dispatch(false, args);
    }

    static boolean needsDisplay(String[] appArgs) {
        return Arrays.stream(appArgs).noneMatch(NO_WINDOW_OPTIONS::contains);
    }

    /** An X11 or Wayland display to open a window on, as {@code ./kith} checks it. */
    static boolean hasDisplay(Map<String, String> env) {
        return isSet(env.get("DISPLAY")) || isSet(env.get("WAYLAND_DISPLAY"));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }

    private static void noDisplay(PrintStream err) {
        err.println("kith: the desktop app needs a display (none here); 'kith --help' lists the command-line commands");
        err.flush();
    }
}
