package org.kith.ui.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.ui.testing.Robots.text;
import static org.kith.ui.testing.Robots.type;
import static org.kith.ui.testing.Robots.typeDate;
import static org.kith.ui.testing.Robots.visible;
import static org.kith.ui.testing.Robots.waitFor;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.Views;
import org.kith.ui.app.NodeSession;
import org.kith.ui.shell.Section;
import org.kith.ui.shell.ShellController;
import org.kith.ui.testing.Robots;
import org.kith.ui.testing.TestNodes;
import org.kith.ui.testing.TestShell;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

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
        session = TestShell.session(ada);
        shell = TestShell.show(stage, session);
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

    private List<Views.Proposal> stored() throws Exception {
        return session.call(node -> node.queries().proposals(Views.ProposalFilter.ALL)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void createsAProposalAfterInlineErrorsForAnEmptyTitleAndAPastGathering(FxRobot robot) throws Exception {
        robot.clickOn("#nav-projects");
        waitFor(() -> list(robot).getItems().size() == 3);
        Path board = Robots.shot(robot.window(0).getScene(), "projects-board");
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
        Robots.shot(robot.window(0).getScene(), "projects-form-error");

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
        Robots.shot(robot.window(0).getScene(), "projects-detail");

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
