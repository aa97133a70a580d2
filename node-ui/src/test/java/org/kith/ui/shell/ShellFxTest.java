package org.kith.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.ui.KithApp;
import org.kith.ui.app.AppOptions;
import org.kith.ui.app.NodeSession;
import org.kith.ui.testing.Screenshots;
import org.kith.ui.testing.TestNodes;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The shell on a real node: navigation by click and by shortcut, the inbox badge, a screenshot. */
@ExtendWith(ApplicationExtension.class)
class ShellFxTest {

    @TempDir
    static Path tmp;

    private NodeSession session;
    private ShellController shell;

    @Start
    void start(Stage stage) throws Exception {
        Path home = TestNodes.identity(tmp.resolve("ada"), "Ada");
        TestNodes.kith(home, "profile", "set", "--skill", "carpentry");
        Path other = TestNodes.identity(tmp.resolve("bo"), "Bo");
        TestNodes.kith(other, "propose", "--title", "Garden beds", "--summary", "Raised beds", "--role",
                "builder:carpentry");
        TestNodes.kith(other, "export", "--out", tmp.resolve("bo.json").toString());
        TestNodes.kith(home, "import", tmp.resolve("bo.json").toString());
        KithApp.applyTheme(AppOptions.parse(java.util.List.of("--theme", "light"), java.util.Map.of()));
        session = TestNodes.session(home, false);
        ShellController[] s = new ShellController[1];
        s[0] = new ShellController(session, section -> Screens.create(section, session, s[0]));
        shell = s[0];
        Scene scene = new Scene(shell.root(), KithApp.WIDTH, KithApp.HEIGHT);
        KithApp.style(scene);
        stage.setScene(scene);
        stage.show();
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

        Path png = WaitForAsyncUtils.asyncFx(() -> Screenshots.save(robot.window(0).getScene(), "shell"))
                .get(10, TimeUnit.SECONDS);
        assertTrue(Files.size(png) > 1000, "a real picture");
    }
}
