package org.kith.ui;

import javafx.application.Application;

/**
 * {@code main} of the desktop app. Not a subclass of {@link Application}: started with JavaFX on
 * the class path (not the module path), the JDK refuses to launch an Application main class
 * directly ("JavaFX runtime components are missing").
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        Application.launch(KithApp.class, args);
    }
}
