package org.kith.ui.swarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.ui.testing.Robots.await;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kith.ui.swarms.SwarmService.PeerInfo;
import org.kith.ui.swarms.SwarmService.SyncInfo;
import org.kith.ui.testing.TestShell;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Swarms screen on a fake service, driven by the robot: forms, inline errors, invite, QR, leave. */
@ExtendWith(ApplicationExtension.class)
class SwarmsControllerTest {

    private final FakeSwarmService service = new FakeSwarmService();
    private final List<String> clipboard = new CopyOnWriteArrayList<>();
    private SwarmsController controller;

    @Start
    void start(Stage stage) {
        TestShell.lightTheme();
        controller = new SwarmsController(service, clipboard::add);
        TestShell.show(stage, (javafx.scene.Parent) controller.root(), 1000, 760);
    }


    private String text(FxRobot robot, String id) {
        Node n = robot.lookup(id).query();
        return n instanceof Label l ? l.getText() : ((javafx.scene.control.TextInputControl) n).getText();
    }

    private SwarmsModel model() {
        return controller.model();
    }

    private void create(FxRobot robot, String name) {
        robot.clickOn("#swarm-create-name").eraseText(40).write(name);
        robot.clickOn("#swarm-create");
    }

    @Test
    void createShowsInlineErrorsForBadOrTakenNamesAndSelectsTheNewSwarm(FxRobot robot) throws Exception {
        await("the list", 10, () -> model().swarms.size() == 1);
        create(robot, "bad name!");
        await("an error", 10, () -> !text(robot, "#swarm-create-error").isEmpty());
        assertTrue(text(robot, "#swarm-create-error").contains("only letters, digits"), text(robot,
                "#swarm-create-error"));
        assertEquals(1, service.swarms.size(), "nothing created");

        create(robot, "garden");
        await("garden selected", 10, () -> model().selected.get() != null && model().selected.get().name().equals(
                "garden"));
        assertEquals("", text(robot, "#swarm-create-error"));
        assertEquals("garden", text(robot, "#swarm-title"));
        assertEquals("", text(robot, "#swarm-create-name"), "the form is cleared");
        assertTrue(text(robot, "#swarm-notice").startsWith("Created garden"));

        robot.clickOn("#swarm-create-name").write("garden").type(javafx.scene.input.KeyCode.ENTER);
        await("a duplicate error", 10, () -> text(robot, "#swarm-create-error").contains("already exists"));
        assertEquals(2, service.swarms.size());
    }

    @Test
    void anInviteShowsItsTextAndADecodableQrCodeAndCopies(FxRobot robot) throws Exception {
        create(robot, "garden");
        await("garden", 10, () -> model().selected.get() != null && model().selected.get().name().equals("garden"));
        robot.interact(() -> robot.lookup("#invite-expiry").queryAs(ComboBox.class).getSelectionModel()
                .select(InviteExpiry.ONE_DAY));
        robot.clickOn("#invite-create");
        await("the invite", 10, () -> !model().invite.get().isEmpty());
        assertTrue(service.calls.contains("invite garden PT24H"), service.calls.toString());
        assertEquals(service.inviteText, robot.lookup("#invite-text").queryAs(TextArea.class).getText());
        assertFalse(robot.lookup("#invite-text").queryAs(TextArea.class).isEditable());
        Image qr = model().qr.get();
        assertNotNull(qr);
        assertEquals(service.inviteText, decode(qr), "the QR code reads back as the invite");

        robot.clickOn("#invite-copy");
        assertEquals(List.of(service.inviteText), clipboard);
        assertTrue(text(robot, "#invite-copied").startsWith("Copied"));
    }

    static String decode(Image image) throws Exception {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] px = new int[w * h];
        PixelReader r = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = r.getArgb(x, y);
            }
        }
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, px))))
                .getText();
    }

    @Test
    void joinShowsInvalidInvitesInlineAndToleratesLineBreaks(FxRobot robot) throws Exception {
        await("the list", 10, () -> model().swarms.size() == 1);
        robot.clickOn("#swarm-join-text").write("hello");
        robot.clickOn("#swarm-join");
        await("an error", 10, () -> text(robot, "#swarm-join-error").contains("not a Kith invite"));
        assertEquals(1, service.swarms.size());

        String invite = service.inviteText;
        String wrapped = invite.substring(0, 30) + "\n  " + invite.substring(30, 90) + "\n" + invite.substring(90);
        robot.interact(() -> robot.lookup("#swarm-join-text").queryAs(TextArea.class).setText(wrapped));
        robot.clickOn("#swarm-join");
        await("orchard joined and selected", 10, () -> model().selected.get() != null
                && model().selected.get().name().equals("orchard"));
        assertEquals("", text(robot, "#swarm-join-error"));
        assertTrue(service.calls.contains("join " + invite + " as "), service.calls.toString());
        assertEquals("", text(robot, "#swarm-join-text"));
        ListView<?> peers = robot.lookup("#swarm-peers").queryAs(ListView.class);
        assertEquals(1, peers.getItems().size());
        assertTrue(robot.from(peers).lookup(".label").queryAllAs(Label.class).stream()
                .anyMatch(l -> "not reached yet".equals(l.getText())), "the inviter is remembered, not connected");
    }

    @Test
    void connectionsAndSyncProgressFollowHostEvents(FxRobot robot) throws Exception {
        service.swarms.add(FakeSwarmService.privateSwarm("garden", List.of(new PeerInfo("12D3KooWBo", "Bo", false,
                null, 0)), SyncInfo.NONE));
        robot.interact(() -> controller.refresh());
        await("two swarms", 10, () -> model().swarms.size() == 2);
        robot.clickOn(robot.lookup("#swarms-list .list-cell").nth(1).queryAs(Node.class));
        await("garden", 10, () -> model().selected.get() != null && model().selected.get().name().equals("garden"));
        assertFalse(robot.lookup("#swarm-sync-progress").query().isVisible());
        assertEquals("No catch-up yet", text(robot, "#swarm-sync"));

        service.update(FakeSwarmService.privateSwarm("garden", List.of(new PeerInfo("12D3KooWBo", "Bo", true, null,
                0)), new SyncInfo(1, 240, 0, 0)));
        await("syncing shown", 10, () -> robot.lookup("#swarm-sync-progress").query().isVisible());
        assertEquals("Catching up with 1 peer — 240 records received so far", text(robot, "#swarm-sync"));
        assertEquals("1 peer connected · gossip mesh of 1", text(robot, "#swarm-mesh"));

        service.update(FakeSwarmService.privateSwarm("garden", List.of(new PeerInfo("12D3KooWBo", "Bo", true, null,
                0)), new SyncInfo(0, 0, 1, 240)));
        await("sync done", 10, () -> !robot.lookup("#swarm-sync-progress").query().isVisible());
        assertEquals("Up to date · the last catch-up brought 240 new records", text(robot, "#swarm-sync"));
    }

    @Test
    void leavingAsksFirstAndThePublicSwarmCannotBeLeftNorInvitedTo(FxRobot robot) throws Exception {
        create(robot, "garden");
        await("garden", 10, () -> model().selected.get() != null && model().selected.get().name().equals("garden"));
        robot.clickOn("#swarm-leave");
        assertTrue(robot.lookup("#swarm-leave-bar").query().isVisible());
        robot.clickOn("#swarm-leave-cancel");
        assertFalse(robot.lookup("#swarm-leave-bar").query().isVisible());
        assertFalse(service.calls.contains("leave garden"));

        robot.clickOn("#swarm-leave");
        robot.clickOn("#swarm-leave-confirm");
        await("garden gone", 10, () -> model().swarms.size() == 1);
        assertTrue(service.calls.contains("leave garden"));
        assertEquals("public", model().selected.get().name());
        assertFalse(robot.lookup("#swarm-leave").query().isVisible());
        assertTrue(robot.lookup("#invite-create").tryQuery().map(n -> n.getScene() == null).orElse(true),
                "no invite form for the public swarm");
    }

    @Test
    void peerAndSyncWording() {
        Instant now = Instant.parse("2026-05-01T12:00:00Z");
        assertEquals("connected", SwarmsView.peerState(new PeerInfo("p", null, true, null, 0), now));
        assertEquals("remembered · last connected 3 h ago · 2 failed dials", SwarmsView.peerState(new PeerInfo("p",
                null, false, now.minusSeconds(3 * 3600 + 5).toEpochMilli(), 2), now));
        assertEquals("not reached yet · 1 failed dial", SwarmsView.peerState(new PeerInfo("p", null, false, null, 1),
                now));
        assertEquals("Up to date · the last catch-up brought 1 new record", SwarmsView.syncText(new SyncInfo(0, 0, 2,
                1)));
    }
}
