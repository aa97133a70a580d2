package org.kith.ui.commitments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.ui.testing.Robots.waitFor;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextInputControl;
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
import org.kith.ui.testing.TestShell;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Attesting a delivered commitment in the Commitments screen (Bo delivered on Ada's proposal; Ada
 * selects it, writes a note, clicks Kept): the attestation is stored and the inbox count drops;
 * and delivering one of Ada's own commitments.
 */
@ExtendWith(ApplicationExtension.class)
class CommitmentsFxTest {

    @TempDir
    Path tmp;

    private AttestFixture fx;
    private NodeSession session;
    private ShellController shell;

    @Start
    void start(Stage stage) throws Exception {
        fx = new AttestFixture(tmp);
        session = TestShell.session(fx.ada);
        shell = TestShell.show(stage, session);
    }

    @AfterEach
    void close() {
        session.close();
    }

    /** The list cell showing the commitment whose "what" is {@code what}. */
    static Node cell(FxRobot robot, String what) {
        return robot.lookup(".list-cell").match((ListCell<?> c) -> c.getItem() instanceof CommitmentsModel.Item i
                && i.entry().what().equals(what)).query();
    }

    private boolean hasCell(FxRobot robot, String what) {
        return robot.lookup(".list-cell").match((ListCell<?> c) -> c.getItem() instanceof CommitmentsModel.Item i
                && i.entry().what().equals(what)).tryQuery().isPresent();
    }

    private CommitmentsController screen() {
        return (CommitmentsController) shell.screen(Section.COMMITMENTS);
    }

    @Test
    void attestsADeliveredCommitmentWithOneClickAndANote(FxRobot robot) throws Exception {
        waitFor(() -> shell.inboxCount() == 3);
        robot.clickOn("#nav-commitments");
        waitFor(() -> hasCell(robot, "Build the frames"));
        List<Entry.Group> groups = screen().model().rows.stream().filter(r -> r instanceof CommitmentsModel.Header)
                .map(r -> ((CommitmentsModel.Header) r).group()).toList();
        assertEquals(List.of(Entry.Group.ATTEST, Entry.Group.DUE_SOON, Entry.Group.OPEN, Entry.Group.DELIVERED),
                groups);
        robot.clickOn(cell(robot, "Build the frames"));
        waitFor(() -> robot.lookup("#attest-kept").tryQuery().isPresent());
        TextInputControl note = robot.lookup("#commitment-note").queryAs(TextInputControl.class);
        robot.clickOn(note).write("Sturdy and on time");
        Robots.shot(robot.window(0).getScene(), "commitments");

        robot.clickOn("#attest-kept");
        waitFor(() -> !stored().isEmpty());
        Views.Attestation a = stored().get(0);
        assertEquals("kept", a.outcome());
        assertEquals("Sturdy and on time", a.note());
        assertEquals(session.self(), a.author());
        waitFor(() -> shell.inboxCount() == 2);
        waitFor(() -> !hasCell(robot, "Build the frames"));
        assertEquals(0, screen().toAttest());
        assertTrue(robot.lookup("#commitment-notice").queryLabeled().getText().contains("kept"));
    }

    @Test
    void deliversOwnCommitmentWithANote(FxRobot robot) throws Exception {
        robot.clickOn("#nav-commitments");
        waitFor(() -> hasCell(robot, "Catalogue the tools"));
        robot.clickOn(cell(robot, "Catalogue the tools"));
        waitFor(() -> robot.lookup("#deliver").tryQuery().isPresent());
        robot.clickOn("#commitment-note").write("Spreadsheet shared");
        robot.clickOn("#deliver");
        waitFor(() -> session.call(node -> node.queries().commitments(null, session.self(), "delivered").size())
                .get(5, TimeUnit.SECONDS) == 2);
        waitFor(() -> screen().selected().map(e -> e.group() == Entry.Group.DELIVERED).orElse(false));
        assertEquals("Spreadsheet shared", screen().selected().orElseThrow().note());
    }

    private List<Views.Attestation> stored() throws Exception {
        return session.call(node -> node.queries().attestations(fx.boCommitment, null, null)).get(10,
                TimeUnit.SECONDS);
    }
}
