package org.kith.ui.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.ui.testing.Robots.waitFor;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.Views;
import org.kith.node.workflow.Inbox;
import org.kith.ui.app.NodeSession;
import org.kith.ui.commitments.AttestFixture;
import org.kith.ui.projects.ProjectsController;
import org.kith.ui.shell.Section;
import org.kith.ui.shell.ShellController;
import org.kith.ui.testing.Robots;
import org.kith.ui.testing.TestShell;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The inbox on Ada's home: grouped items, attesting Bo's delivered commitment inline (note, one
 * click) — stored, the count drops — and links to the Projects and Commitments screens.
 */
@ExtendWith(ApplicationExtension.class)
class InboxFxTest {

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

    private InboxController inbox() {
        return (InboxController) shell.screen(Section.INBOX);
    }

    private List<Inbox.Kind> kinds() {
        return inbox().model().rows.stream().filter(r -> r instanceof InboxModel.Header)
                .map(r -> ((InboxModel.Header) r).kind()).toList();
    }

    @Test
    void attestsInlineAndTheCountDrops(FxRobot robot) throws Exception {
        String c = fx.boCommitment;
        waitFor(() -> robot.lookup("#inbox-kept-" + c).tryQuery().isPresent());
        assertEquals(Section.INBOX, shell.current(), "the app opens on the inbox");
        assertEquals(List.of(Inbox.Kind.ATTEST, Inbox.Kind.DUE_SOON, Inbox.Kind.MATCH), kinds());
        waitFor(() -> shell.inboxCount() == 3);
        robot.clickOn("#inbox-note-" + c).write("Good work");
        Robots.shot(robot.window(0).getScene(), "inbox");

        robot.clickOn("#inbox-partly-kept-" + c);
        waitFor(() -> !stored().isEmpty());
        assertEquals("partly-kept", stored().get(0).outcome());
        assertEquals("Good work", stored().get(0).note());
        waitFor(() -> shell.inboxCount() == 2);
        waitFor(() -> inbox().model().count.get() == 2);
        assertEquals(List.of(Inbox.Kind.DUE_SOON, Inbox.Kind.MATCH), kinds());
        assertTrue(robot.lookup("#inbox-notice").queryLabeled().getText().contains("partly kept"));
    }

    @Test
    void opensTheMatchingProposalInProjects(FxRobot robot) throws Exception {
        waitFor(() -> inbox().model().count.get() == 3);
        Inbox.Item match = inbox().model().rows.stream().filter(r -> r instanceof InboxModel.Item i
                && i.item().kind() == Inbox.Kind.MATCH).map(r -> ((InboxModel.Item) r).item()).findFirst()
                .orElseThrow();
        assertEquals("Harvest supper", match.title());
        robot.clickOn("#inbox-open-" + match.id());
        waitFor(() -> shell.current() == Section.PROJECTS);
        waitFor(() -> robot.lookup("#detail-title").tryQuery().map(n -> ((javafx.scene.control.Label) n).getText()
                .equals("Harvest supper")).orElse(false));
        assertTrue(shell.screen(Section.PROJECTS) instanceof ProjectsController);
    }

    @Test
    void showsTheEmptyStateWhenNothingIsWaiting(FxRobot robot) throws Exception {
        waitFor(() -> inbox().model().count.get() == 3);
        // Attest, deliver and commit away everything that is waiting.
        session.call(node -> {
            node.attest(org.kith.protocol.record.RecordId.parse(fx.boCommitment),
                    org.kith.protocol.record.Outcome.KEPT, null);
            for (Views.Commitment mine : node.queries().commitments(null, session.self(), "open")) {
                node.updateCommitment(org.kith.protocol.record.RecordId.parse(mine.id()),
                        org.kith.protocol.record.CommitmentStatus.DELIVERED, null, null);
            }
            for (Views.Proposal p : node.queries().proposals(Views.ProposalFilter.ALL)) {
                if (p.title().equals("Harvest supper")) {
                    node.rsvp(org.kith.protocol.record.RecordId.parse(p.id()), null,
                            java.time.LocalDate.now(session.clock()));
                }
            }
            return null;
        }).get(10, TimeUnit.SECONDS);
        waitFor(() -> inbox().model().count.get() == 0);
        waitFor(() -> robot.lookup("#inbox-empty").tryQuery().map(n -> n.isVisible()).orElse(false));
        assertEquals("Nothing needs you right now", robot.lookup("#inbox-empty").queryLabeled().getText());
        Robots.shot(robot.window(0).getScene(), "inbox-empty");
    }

    private List<Views.Attestation> stored() throws Exception {
        return session.call(node -> node.queries().attestations(fx.boCommitment, null, null)).get(10,
                TimeUnit.SECONDS);
    }
}
