package org.kith.ui.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.kith.node.KithException;
import org.kith.ui.KithApp;
import org.kith.ui.app.AppOptions;
import org.kith.ui.app.NodeSession;
import org.kith.ui.shell.Screen;
import org.kith.ui.shell.Screens;
import org.kith.ui.shell.Section;
import org.kith.ui.shell.ShellController;

/** The app's shell on a real node for robot tests: light theme, session, screens, a styled scene on the stage. */
public final class TestShell {

    private TestShell() {
    }

    /** Switches the app to the light theme (the screenshots' look). */
    public static void lightTheme() {
        KithApp.applyTheme(AppOptions.parse(List.of("--theme", "light"), Map.of()));
    }

    /** The light theme and a session on {@code home} without a network. */
    public static NodeSession session(Path home) throws KithException {
        lightTheme();
        return TestNodes.session(home, false);
    }

    /** A shell on {@code session} with the app's screens. */
    public static ShellController shell(NodeSession session) {
        return shell(session, Map.of());
    }

    /** A shell on {@code session} with the app's screens, but the given ones for their sections. */
    public static ShellController shell(NodeSession session, Map<Section, Screen> screens) {
        ShellController[] s = new ShellController[1];
        s[0] = new ShellController(session, section -> screens.containsKey(section) ? screens.get(section)
                : Screens.create(section, session, s[0]));
        return s[0];
    }

    /** Shows {@code root} on {@code stage} in a styled scene of the app's size. */
    public static Scene show(Stage stage, Parent root) {
        return show(stage, root, KithApp.WIDTH, KithApp.HEIGHT);
    }

    /** Shows {@code root} on {@code stage} in a styled scene of the given size. */
    public static Scene show(Stage stage, Parent root, double width, double height) {
        Scene scene = new Scene(root, width, height);
        KithApp.style(scene);
        stage.setScene(scene);
        stage.show();
        return scene;
    }

    /** A shell on {@code session} (the app's screens but {@code screens}), shown on {@code stage}. */
    public static ShellController show(Stage stage, NodeSession session, Map<Section, Screen> screens) {
        ShellController shell = shell(session, screens);
        show(stage, shell.root());
        return shell;
    }

    /** A shell on {@code session} with the app's screens, shown on {@code stage}. */
    public static ShellController show(Stage stage, NodeSession session) {
        return show(stage, session, Map.of());
    }
}
