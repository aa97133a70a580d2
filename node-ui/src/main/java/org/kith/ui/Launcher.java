package org.kith.ui;

import java.util.List;
import javafx.application.Application;
import org.kith.node.KithHome;
import org.kith.node.cli.Version;
import org.kith.node.store.SqliteRecordStore;
import org.kith.ui.app.AppOptions;

/**
 * {@code main} of the desktop app. Not a subclass of {@link Application}: started with JavaFX on
 * the class path (not the module path), the JDK refuses to launch an Application main class
 * directly ("JavaFX runtime components are missing").
 */
public final class Launcher {

    private Launcher() {
    }

    static final String USAGE = """
            kith app [--home DIR] [--theme light|dark|system] [--no-network] [--no-mdns] [--listen-ip IP]
              Opens the Kith desktop app on the data directory DIR (default: $KITH_HOME, else the XDG data
              directory, ~/.local/share/kith). --no-network keeps the node offline; --listen-ip sets the
              address the swarms listen on (default 0.0.0.0); --no-mdns does not look for peers on the LAN.
            kith --version | --help""";

    /** The app's SQLite page cache: a quarter of the CLI's, for an idle RSS under 300 MB with 100k records. */
    static final String APP_CACHE_KIB = "16384";

    public static void main(String[] args) {
        List<String> list = List.of(args);
        if (list.contains("--version")) {
            System.out.println("kith " + Version.current());
            return;
        }
        if (list.contains("--help") || list.contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        try {
            AppOptions.parse(list, System.getenv()); // refuse bad options before a window opens
        } catch (IllegalArgumentException e) {
            System.err.println("kith: " + e.getMessage());
            System.exit(2);
        }
        if (System.getProperty(SqliteRecordStore.CACHE_PROPERTY) == null) {
            System.setProperty(SqliteRecordStore.CACHE_PROPERTY, APP_CACHE_KIB);
        }
        if (System.getProperty("javafx.cachedir") == null) {
            // JavaFX unpacks its native libraries here on first start (default: ~/.openjfx/cache).
            System.setProperty("javafx.cachedir", KithHome.cacheDir(System.getenv()).resolve("openjfx").toString());
        }
        Application.launch(KithApp.class, args);
    }
}
