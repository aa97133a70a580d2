package org.kith.ui;

import javafx.application.Application;
import org.kith.node.store.SqliteRecordStore;

/**
 * {@code main} of the desktop app. Not a subclass of {@link Application}: started with JavaFX on
 * the class path (not the module path), the JDK refuses to launch an Application main class
 * directly ("JavaFX runtime components are missing").
 */
public final class Launcher {

    private Launcher() {
    }

    /** The app's SQLite page cache: a quarter of the CLI's, for an idle RSS under 300 MB with 100k records. */
    static final String APP_CACHE_KIB = "16384";

    public static void main(String[] args) {
        if (System.getProperty(SqliteRecordStore.CACHE_PROPERTY) == null) {
            System.setProperty(SqliteRecordStore.CACHE_PROPERTY, APP_CACHE_KIB);
        }
        Application.launch(KithApp.class, args);
    }
}
