package org.kith.ui.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.ui.testing.Robots.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.DatePicker;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.net.SwarmHost;
import org.kith.node.store.Views;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.ui.KithApp;
import org.kith.ui.app.NodeSession;
import org.kith.ui.shell.Section;
import org.kith.ui.shell.ShellController;
import org.kith.ui.swarms.SwarmService.PeerInfo;
import org.kith.ui.testing.Robots;
import org.kith.ui.testing.TestNodes;
import org.kith.ui.testing.TestShell;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Two nodes in one JVM, each a full app session on its own data directory, networked on
 * 127.0.0.1: Ada creates the swarm "garden" and an invite on her Swarms screen and copies it; Bo
 * pastes it on his and joins; they connect; Ada publishes a proposal in garden, and it reaches
 * Bo's store and his Projects screen. The window shows one node's shell at a time.
 */
@ExtendWith(ApplicationExtension.class)
class SwarmInviteFlowFxTest {

    static final String TITLE = "Garden beds for Elm Street";

    @TempDir
    static Path tmp;

    private NodeSession ada;
    private NodeSession bo;
    private ShellController adaShell;
    private ShellController boShell;
    private Scene scene;

    @Start
    void start(Stage stage) throws Exception {
        TestShell.lightTheme();
        ada = TestNodes.session(TestNodes.identity(tmp.resolve("ada"), "Ada"), true);
        bo = TestNodes.session(TestNodes.identity(tmp.resolve("bo"), "Bo"), true);
        adaShell = TestShell.shell(ada);
        boShell = TestShell.shell(bo);
        scene = TestShell.show(stage, adaShell.root(), KithApp.WIDTH, KithApp.HEIGHT);
        ada.startNetwork().get(30, TimeUnit.SECONDS);
        bo.startNetwork().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        ada.close();
        bo.close();
    }


    private void showShellOf(FxRobot robot, ShellController shell) {
        robot.interact(() -> scene.setRoot(shell.root()));
    }

    private String swarmId(NodeSession s, String name) throws Exception {
        return s.call(node -> node.swarmIdOf(name)).get(10, TimeUnit.SECONDS);
    }

    private SwarmHost host(NodeSession s, String swarmId) {
        return s.runtime().orElseThrow().host(swarmId).orElse(null);
    }

    @Test
    void anInviteMadeOnOneNodeJoinsTheOtherTheirProposalArrivesAndTheCommitmentGoesBack(FxRobot robot) throws Exception {
        // Ada: create garden, then an invite, and copy it.
        robot.clickOn("#nav-swarms");
        robot.clickOn("#swarm-create-name").write("garden");
        robot.clickOn("#swarm-create");
        await("garden's host runs on Ada's node", 30, () -> {
            try {
                SwarmHost h = host(ada, swarmId(ada, "garden"));
                return h != null && !h.listenAddrs().isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        String garden = swarmId(ada, "garden");
        await("garden shown", 10, () -> "garden".equals(robot.lookup("#swarm-title").queryLabeled().getText()));
        robot.clickOn("#invite-create");
        TextArea inviteText = robot.lookup("#invite-text").queryAs(TextArea.class);
        await("the invite", 10, () -> !inviteText.getText().isEmpty());
        String invite = inviteText.getText();
        assertTrue(invite.startsWith("kith-invite:v1:"), invite);
        assertNotNull(robot.lookup("#invite-qr").queryAs(ImageView.class).getImage(), "the QR code is drawn");
        robot.clickOn("#invite-copy");
        assertEquals(invite, WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString())
                .get(5, TimeUnit.SECONDS), "Copy puts the invite on the clipboard");
        Path swarms = Robots.shot(scene, "swarms");
        assertTrue(Files.size(swarms) > 1000);

        // Bo: paste it and join.
        showShellOf(robot, boShell);
        robot.clickOn("#nav-swarms");
        robot.clickOn("#swarm-join-text").press(KeyCode.CONTROL).press(KeyCode.V).release(KeyCode.V)
                .release(KeyCode.CONTROL);
        assertEquals(invite, robot.lookup("#swarm-join-text").queryAs(TextArea.class).getText());
        robot.clickOn("#swarm-join");
        await("Bo is connected to Ada in garden", 30, () -> {
            SwarmHost h = host(bo, garden);
            return h != null && h.host().connectedPeers().contains(PeerId.parse(ada.self()));
        });
        @SuppressWarnings("unchecked")
        ListView<PeerInfo> peers = robot.lookup("#swarm-peers").queryAs(ListView.class);
        await("Bo's screen shows Ada connected", 15, () -> peers.getItems().stream()
                .anyMatch(p -> p.peerId().equals(ada.self()) && p.connected()));
        assertEquals("", robot.lookup("#swarm-join-error").queryLabeled().getText());
        Path joined = Robots.shot(scene, "swarms-joined");
        assertTrue(Files.size(joined) > 1000);

        // Ada publishes in garden (once her host knows Bo reads the swarm's topic, so gossip carries it).
        SwarmHost adaGarden = host(ada, garden);
        await("Ada's host sees Bo on garden's topic", 30, () -> adaGarden.gossip().topicPeers(adaGarden.topic())
                .contains(PeerId.parse(bo.self())));
        Proposal p = new Proposal(ProposalKind.PROJECT, TITLE, "Four raised beds and a compost corner", null,
                List.of(new Proposal.Role("builder", List.of("carpentry"), null)), null, List.of(),
                ProposalStatus.OPEN, null);
        ada.call(node -> node.propose(p, "garden")).get(10, TimeUnit.SECONDS);

        await("the proposal is in Bo's store", 30, () -> {
            try {
                return bo.call(node -> node.queries().proposals(new Views.ProposalFilter(null, null, null, null, null,
                        null))).get(10, TimeUnit.SECONDS).stream().anyMatch(x -> x.title().equals(TITLE));
            } catch (Exception e) {
                return false;
            }
        });
        assertBosProjectsScreenShows(robot);

        // Bo commits to it on his Projects screen; the commitment reaches Ada's node over garden.
        String proposalId = bo.call(node -> node.queries().proposals(new Views.ProposalFilter(null, null, null, null,
                null, null))).get(10, TimeUnit.SECONDS).stream().filter(x -> x.title().equals(TITLE)).findFirst()
                .orElseThrow().id();
        robot.interact(() -> boShell.open(Section.PROJECTS, proposalId));
        await("Bo sees the proposal's roles", 15, () -> robot.lookup("#commit-role-0").tryQuery().isPresent());
        robot.clickOn("#commit-role-0");
        await("the commitment form", 10, () -> robot.lookup("#commit-what").tryQuery().map(Node::isVisible)
                .orElse(false));
        String due = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(10).toString();
        DatePicker picker = robot.lookup("#commit-due").queryAs(DatePicker.class);
        robot.interact(() -> picker.getEditor().clear());
        robot.clickOn(picker.getEditor()).write(due);
        javafx.scene.control.TextInputControl what = robot.lookup("#commit-what")
                .queryAs(javafx.scene.control.TextInputControl.class);
        robot.interact(what::clear); // the form suggests a text; Bo writes his own
        robot.clickOn(what).write("Build the four beds");
        robot.clickOn("#commit-submit");
        await("Bo's commitment is stored on his node", 15, () -> !commitments(bo, proposalId).isEmpty());
        Views.Commitment made = commitments(bo, proposalId).get(0);
        assertEquals("builder", made.role());
        assertEquals("Build the four beds", made.what());
        assertEquals(due, made.due());
        await("Bo's commitment is in Ada's store", 30, () -> commitments(ada, proposalId).contains(made));
    }

    /** Bo's commitments to {@code proposalId} as {@code node} has them (empty on any error). */
    private java.util.List<Views.Commitment> commitments(NodeSession node, String proposalId) {
        try {
            return node.call(n -> n.queries().commitments(proposalId, bo.self(), null)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return java.util.List.of();
        }
    }

    /**
     * Bo's Projects screen lists the proposal. Contract with that screen: its main list is a
     * {@code ListView} with id {@code projects-list} whose items (their toString, or the text of
     * their cells) show the proposal's title.
     */
    private void assertBosProjectsScreenShows(FxRobot robot) throws Exception {
        robot.clickOn("#nav-projects");
        Node projects = boShell.screen(Section.PROJECTS).root();
        ListView<?> list = robot.from(projects).lookup("#projects-list").tryQueryAs(ListView.class).orElse(null);
        assertNotNull(list, "the Projects screen's main list must be a ListView with id projects-list");
        await("Bo's Projects screen lists \"" + TITLE + "\"", 30, () -> list.getItems().stream()
                .anyMatch(item -> String.valueOf(item).contains(TITLE))
                || robot.from(list).lookup(".list-cell").queryAllAs(Labeled.class).stream()
                        .anyMatch(c -> cellText(c).contains(TITLE)));
        Path png = Robots.shot(scene, "projects-from-swarm");
        assertFalse(Files.size(png) < 1000);
    }

    /** A cell's text, or the texts of the labels in its graphic. */
    private static String cellText(Labeled cell) {
        StringBuilder b = new StringBuilder(String.valueOf(cell.getText()));
        if (cell.getGraphic() != null) {
            collect(cell.getGraphic(), b);
        }
        return b.toString();
    }

    private static void collect(Node n, StringBuilder b) {
        if (n instanceof Labeled l) {
            b.append(' ').append(l.getText());
        } else if (n instanceof javafx.scene.text.Text t) {
            b.append(' ').append(t.getText());
        }
        if (n instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, b));
        }
    }
}
