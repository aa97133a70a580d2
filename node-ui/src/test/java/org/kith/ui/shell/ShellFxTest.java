package org.kith.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.ui.app.AppOptions;
import org.kith.ui.app.NodeSession;
import org.kith.ui.app.UiSettings;
import org.kith.ui.testing.Robots;
import org.kith.ui.testing.TestNodes;
import org.kith.ui.testing.TestShell;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The shell on a real node: navigation by click and by shortcut, the inbox badge, a screenshot. */
@ExtendWith(ApplicationExtension.class)
class ShellFxTest {

    @TempDir
    static Path tmp;

    private static int runs;
    private Path home;
    private NodeSession session;
    private ShellController shell;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = tmp.resolve("run-" + (++runs)); // @Start runs before each test
        home = TestNodes.identity(dir.resolve("ada"), "Ada");
        TestNodes.kith(home, "profile", "set", "--skill", "carpentry");
        Path other = TestNodes.identity(dir.resolve("bo"), "Bo");
        TestNodes.kith(other, "propose", "--title", "Garden beds", "--summary", "Raised beds", "--role",
                "builder:carpentry");
        TestNodes.kith(other, "export", "--out", dir.resolve("bo.json").toString());
        TestNodes.kith(home, "import", dir.resolve("bo.json").toString());
        session = TestShell.session(home);
        shell = TestShell.show(stage, session);
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void navigatesByClickAndShortcutAndShowsTheInboxCount(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shell.inboxCount() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        Label badge = robot.lookup("#inbox-badge").queryAs(Label.class);
        assertTrue(badge.isVisible());
        assertEquals("1", badge.getText(), "one new proposal matches Ada's skills");

        robot.clickOn("#nav-people");
        assertEquals(Section.PEOPLE, shell.current());
        robot.press(KeyCode.CONTROL).press(KeyCode.DIGIT6).release(KeyCode.DIGIT6).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Section.SWARMS, shell.current());
        assertEquals("Offline", shell.status());

        Path png = Robots.shot(robot.window(0).getScene(), "shell");
        assertTrue(Files.size(png) > 1000, "a real picture");
    }

    @Test
    void theThemeSwitchesAtOnceAndIsKeptForTheNextStart(FxRobot robot) throws Exception {
        assertFalse(shell.dark());
        robot.clickOn("#theme-toggle");
        WaitForAsyncUtils.waitForFxEvents();
        try {
            assertTrue(shell.dark());
            assertTrue(javafx.application.Application.getUserAgentStylesheet().toLowerCase().contains("dark"));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(home.resolve(UiSettings.FILE)));
            assertEquals(java.util.Optional.of(AppOptions.Theme.DARK), new UiSettings(home).theme());
            assertTrue(AppOptions.parse(java.util.List.of("--home", home.toString()), java.util.Map.of()).dark(),
                    "the next start opens dark");
            assertFalse(AppOptions.parse(java.util.List.of("--home", home.toString(), "--theme", "light"),
                    java.util.Map.of()).dark(), "--theme overrides the saved choice");
            robot.clickOn("#nav-projects");
            WaitForAsyncUtils.waitForFxEvents();
            Robots.shot(robot.window(0).getScene(), "shell-dark");
        } finally {
            robot.clickOn("#theme-toggle");
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertFalse(shell.dark());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> new UiSettings(home).theme()
                .equals(java.util.Optional.of(AppOptions.Theme.LIGHT)));
    }
}
