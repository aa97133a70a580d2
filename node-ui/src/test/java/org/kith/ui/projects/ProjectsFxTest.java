package org.kith.ui.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.Views;
import org.kith.ui.KithApp;
import org.kith.ui.app.AppOptions;
import org.kith.ui.app.NodeSession;
import org.kith.ui.shell.Screens;
import org.kith.ui.shell.Section;
import org.kith.ui.shell.ShellController;
import org.kith.ui.testing.Screenshots;
import org.kith.ui.testing.TestNodes;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Robot tests of the Projects screen on real homes: creating a proposal (inline errors for an empty
 * title and a gathering in the past, nothing stored, then published), committing to a role of
 * another person's proposal, and screenshots of the board, the detail and the form.
 */
@ExtendWith(ApplicationExtension.class)
class ProjectsFxTest {

    @TempDir
    Path tmp;

    private NodeSession session;
    private ShellController shell;
    private String boProposal;

    @Start
    void start(Stage stage) throws Exception {
        Path ada = TestNodes.identity(tmp.resolve("ada"), "Ada");
        TestNodes.kith(ada, "profile", "set", "--skill", "carpentry", "--skill", "design");
        TestNodes.kith(ada, "propose", "--title", "Repair café", "--summary", "Fix things together, monthly",
                "--kind", "gathering", "--when", LocalDate.now(ZoneOffset.UTC).plusDays(12).toString(), "--where",
                "Library basement", "--tag", "repair");
        Path bo = TestNodes.identity(tmp.resolve("bo"), "Bo");
        boProposal = TestNodes.kith(bo, "propose", "--title", "Garden beds", "--summary",
                "Raised beds for the community garden", "--details", "Six beds of larch, 1.2 m by 3 m.",
                "--role", "builder:carpentry:2 days", "--role", "planner:design,planting", "--tag", "garden",
                "--tag", "outdoors");
        TestNodes.kith(bo, "propose", "--title", "Neighbourhood tool library", "--summary",
                "Lend and borrow tools", "--role", "keeper:organising");
        TestNodes.kith(bo, "export", "--out", tmp.resolve("bo.json").toString());
        TestNodes.kith(ada, "import", tmp.resolve("bo.json").toString());
        KithApp.applyTheme(AppOptions.parse(List.of("--theme", "light"), java.util.Map.of()));
        session = TestNodes.session(ada, false);
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

    private ProjectsController projects() {
        return (ProjectsController) shell.screen(Section.PROJECTS);
    }

    @SuppressWarnings("unchecked")
    private ListView<ProposalRow> list(FxRobot robot) {
        return robot.lookup("#projects-list").queryAs(ListView.class);
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<Views.Proposal> stored() throws Exception {
        return session.call(node -> node.queries().proposals(Views.ProposalFilter.ALL)).get(10, TimeUnit.SECONDS);
    }

    private void type(FxRobot robot, String query, String text) {
        TextInputControl field = robot.lookup(query).queryAs(TextInputControl.class);
        robot.interact(() -> {
            field.clear();
            field.requestFocus();
        });
        robot.clickOn(field).write(text);
    }

    private void typeDate(FxRobot robot, String query, String text) {
        DatePicker picker = robot.lookup(query).queryAs(DatePicker.class);
        robot.interact(() -> {
            picker.getEditor().clear();
            picker.getEditor().requestFocus();
        });
        robot.clickOn(picker.getEditor()).write(text);
    }

    private String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private boolean visible(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().map(n -> n.isVisible() && n.getScene() != null).orElse(false);
    }

    @Test
    void createsAProposalAfterInlineErrorsForAnEmptyTitleAndAPastGathering(FxRobot robot) throws Exception {
        robot.clickOn("#nav-projects");
        waitFor(() -> list(robot).getItems().size() == 3);
        Path board = WaitForAsyncUtils.asyncFx(() -> Screenshots.save(robot.window(0).getScene(), "projects-board"))
                .get(10, TimeUnit.SECONDS);
        assertTrue(board.toFile().length() > 1000);

        robot.clickOn("#new-proposal");
        waitFor(() -> visible(robot, "#form-title"));
        robot.clickOn("#form-submit");
        waitFor(() -> visible(robot, "#error-title"));
        assertEquals("A title is needed", text(robot, "#error-title"));
        assertEquals("A short summary is needed", text(robot, "#error-summary"));
        assertEquals(3, stored().size(), "nothing published while the form has errors");

        robot.clickOn("#kind-gathering");
        type(robot, "#form-title", "Seed swap");
        type(robot, "#form-summary", "Bring seeds, take seeds");
        typeDate(robot, "#form-start", "2020-05-01");
        type(robot, "#form-place", "Town hall");
        type(robot, "#form-role-name-0", "host");
        type(robot, "#form-role-skills-0", "organising, gardening");
        type(robot, "#form-tags", "garden, seeds");
        robot.clickOn("#form-submit");
        waitFor(() -> visible(robot, "#error-start"));
        assertEquals("The start date 2020-05-01 is in the past", text(robot, "#error-start"));
        assertTrue(!visible(robot, "#error-title"), "the title error is gone once there is a title");
        assertEquals(3, stored().size(), "nothing published while the form has errors");
        WaitForAsyncUtils.asyncFx(() -> Screenshots.save(robot.window(0).getScene(), "projects-form-error"))
                .get(10, TimeUnit.SECONDS);

        String day = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
        typeDate(robot, "#form-start", day);
        robot.clickOn("#form-submit");
        waitFor(() -> list(robot).getItems().stream().anyMatch(r -> r.title().equals("Seed swap")));
        waitFor(() -> visible(robot, "#detail-title") && "Seed swap".equals(text(robot, "#detail-title")));
        Views.Proposal p = stored().stream().filter(x -> x.title().equals("Seed swap")).findFirst().orElseThrow();
        assertEquals("gathering", p.kind());
        assertEquals(day, p.whenStart());
        assertEquals("Town hall", p.place());
        assertEquals(List.of("garden", "seeds"), p.tags());
        assertEquals("host", p.roles().get(0).name());
        assertEquals(List.of("organising", "gardening"), p.roles().get(0).skills());
        assertEquals(session.self(), p.author());
        assertEquals(p.id(), list(robot).getSelectionModel().getSelectedItem().id(), "the new proposal is selected");
    }

    @Test
    void commitsToARoleOfAnotherPersonsProposal(FxRobot robot) throws Exception {
        robot.clickOn("#nav-projects");
        waitFor(() -> list(robot).getItems().size() == 3);
        robot.interact(() -> shell.open(Section.PROJECTS, boProposal));
        waitFor(() -> visible(robot, "#detail-title") && "Garden beds".equals(text(robot, "#detail-title")));
        assertTrue(text(robot, "#detail-author").contains("Bo"));
        WaitForAsyncUtils.asyncFx(() -> Screenshots.save(robot.window(0).getScene(), "projects-detail"))
                .get(10, TimeUnit.SECONDS);

        robot.clickOn("#commit-role-0");
        waitFor(() -> visible(robot, "#commit-what"));
        typeDate(robot, "#commit-due", "2021-01-01");
        robot.clickOn("#commit-submit");
        waitFor(() -> visible(robot, "#commit-error-due"));
        assertEquals("The due date 2021-01-01 is in the past", text(robot, "#commit-error-due"));

        String due = LocalDate.now(ZoneOffset.UTC).plusDays(9).toString();
        typeDate(robot, "#commit-due", due);
        type(robot, "#commit-what", "Build the six frames");
        robot.clickOn("#commit-submit");
        waitFor(() -> !visible(robot, "#commit-what"));
        List<Views.Commitment> mine = session.call(node -> node.queries().commitments(boProposal, session.self(),
                null)).get(10, TimeUnit.SECONDS);
        assertEquals(1, mine.size());
        assertEquals("builder", mine.get(0).role());
        assertEquals("Build the six frames", mine.get(0).what());
        assertEquals(due, mine.get(0).due());
        assertEquals("2 days", mine.get(0).effort());
        waitFor(() -> robot.lookup(".kith-commitment-line").queryAll().size() == 1);
    }
}
