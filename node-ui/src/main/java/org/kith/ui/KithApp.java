package org.kith.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Objects;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.kith.ui.app.AppOptions;
import org.kith.ui.app.NodeSession;
import org.kith.ui.shell.Screens;
import org.kith.ui.shell.ShellController;
import org.kith.ui.start.StartController;

/** The desktop app: the start screen, then the shell with the node running inside. */
public final class KithApp extends Application {

    /** Width and height of a first window. */
    public static final double WIDTH = 1180;
    public static final double HEIGHT = 760;

    private NodeSession session;
    private AppOptions options;
    private long stageShown;

    @Override
    public void start(Stage stage) {
        AppOptions options;
        try {
            options = AppOptions.parse(getParameters().getRaw(), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("kith: " + e.getMessage());
            Platform.exit();
            return;
        }
        this.options = options;
        applyTheme(options);
        Scene scene = new Scene(new StartController(options, s -> showShell(stage, s)).root(), WIDTH, HEIGHT);
        style(scene);
        stage.setTitle("Kith — " + options.home().dir());
        stage.setScene(scene);
        stage.show();
        stageShown = System.currentTimeMillis();
    }

    /** Sets the AtlantaFX user-agent stylesheet for {@code options}' theme. */
    public static void applyTheme(AppOptions options) {
        applyTheme(options.dark());
    }

    /** Sets the AtlantaFX Primer dark or light user-agent stylesheet (on the FX thread, or before start). */
    public static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    /** Adds Kith's own stylesheet (on top of the theme) to {@code scene}. */
    public static void style(Scene scene) {
        scene.getStylesheets().add(Objects.requireNonNull(KithApp.class.getResource("kith.css")).toExternalForm());
    }

    private void showShell(Stage stage, NodeSession opened) {
        session = opened;
        ShellController[] shell = new ShellController[1];
        shell[0] = new ShellController(opened, section -> Screens.create(section, opened, shell[0]));
        long opened0 = System.currentTimeMillis();
        stage.getScene().setRoot(shell[0].root());
        opened.startNetwork();
        StartupProbe.shellShown(options.env(), stageShown, opened0);
    }

    @Override
    public void stop() {
        if (session != null) {
            session.close();
        }
    }
}
