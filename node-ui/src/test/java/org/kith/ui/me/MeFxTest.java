package org.kith.ui.me;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.ui.testing.Robots.waitFor;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.KithHome;
import org.kith.node.keys.IdentitySetup;
import org.kith.node.store.Views;
import org.kith.protocol.record.Limits;
import org.kith.protocol.record.Profile;
import org.kith.ui.app.Identity;
import org.kith.ui.app.NodeSession;
import org.kith.ui.shell.Section;
import org.kith.ui.testing.Robots;
import org.kith.ui.testing.TestNodes;
import org.kith.ui.testing.TestShell;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Me on a real node: edit and publish the profile (limits inline), a picture, the key backup, the history. */
@ExtendWith(ApplicationExtension.class)
class MeFxTest {

    @TempDir
    static Path tmp;

    private static int run;
    private Path home;
    private NodeSession session;
    private MeController me;
    private Stage stage;
    private Path toOpen;
    private Path toSave;

    private final FilePicker picker = new FilePicker() {
        @Override
        public Optional<Path> open(javafx.scene.Node owner, String title, String description, List<String> ext) {
            return Optional.ofNullable(toOpen);
        }

        @Override
        public Optional<Path> save(javafx.scene.Node owner, String title, String suggestedName) {
            return Optional.ofNullable(toSave);
        }
    };

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        home = TestNodes.identity(tmp.resolve("ada-" + (++run)), "Ada");
        TestNodes.kith(home, "profile", "set", "--skill", "carpentry", "--bio", "Builds things.");
        TestNodes.kith(home, "propose", "--title", "Garden beds", "--summary", "Raised beds", "--role",
                "builder:carpentry");
        session = TestShell.session(home);
        me = new MeController(session, picker);
        TestShell.show(stage, session, Map.of(Section.ME, me)).show(Section.ME);
    }

    @AfterEach
    void close() {
        session.close();
    }

    private int historySize() throws Exception {
        return session.call(node -> node.queries().history(node.self().toBase58()).size()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void editsAndPublishesTheProfileWithLimitsCheckedInline(FxRobot robot) throws Exception {
        waitFor(20, () -> me.model().skills.contains("carpentry"));
        Button save = robot.lookup("#me-save").queryButton();
        assertTrue(save.isDisabled(), "nothing changed yet");
        int before = historySize();

        robot.clickOn("#me-field-skills-input").write("x".repeat(Limits.MAX_SKILL_CHARS + 1)).type(KeyCode.ENTER);
        assertFalse(save.isDisabled());
        robot.clickOn(save);
        assertTrue(robot.lookup("#me-error").queryLabeled().getText().contains("at most " + Limits.MAX_SKILL_CHARS),
                robot.lookup("#me-error").queryLabeled().getText());
        assertEquals(before, historySize(), "nothing published");
        robot.interact(() -> me.model().skills.remove(1));
        robot.clickOn("#me-field-links-input").write("not a link").type(KeyCode.ENTER);
        robot.clickOn(save);
        assertTrue(robot.lookup("#me-error").queryLabeled().getText().contains("not an http or https address"));
        robot.interact(() -> me.model().links.clear());
        assertTrue(save.isDisabled(), "back to what is published");

        // a picture larger than the protocol allows, scaled down to fit
        BufferedImage noise = new BufferedImage(600, 400, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(7);
        for (int y = 0; y < 400; y++) {
            for (int x = 0; x < 600; x++) {
                noise.setRGB(x, y, (x * 255 / 600) << 16 | (y * 255 / 400) << 8 | r.nextInt(64));
            }
        }
        toOpen = tmp.resolve("me-" + run + ".png");
        ImageIO.write(noise, "png", toOpen.toFile());
        assertTrue(Files.size(toOpen) > Limits.MAX_AVATAR_BYTES);
        robot.clickOn("#me-avatar-choose");
        waitFor(20, () -> me.model().avatar.get() != null);
        assertTrue(me.model().avatar.get().length <= Limits.MAX_AVATAR_BYTES);

        robot.clickOn("#me-field-skills-input").write("welding").type(KeyCode.ENTER);
        robot.clickOn("#me-field-values-input").write("repair over replace").type(KeyCode.ENTER);
        robot.clickOn("#me-field-links-input").write("https://ada.example").type(KeyCode.ENTER);
        robot.clickOn("#me-field-location").write("Leeds");
        robot.press(KeyCode.CONTROL).press(KeyCode.S).release(KeyCode.S).release(KeyCode.CONTROL);
        waitFor(20, () -> "Published".equals(me.model().status.get()));
        assertTrue(save.isDisabled(), "published: nothing to save");
        assertEquals("", me.model().error.get());
        Views.Person p = session.call(node -> node.profile().orElseThrow()).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("carpentry", "welding"), p.skills());
        assertEquals(List.of("repair over replace"), p.values());
        assertEquals(List.of("https://ada.example"), p.links());
        assertEquals("Leeds", p.location());
        assertEquals("Builds things.", p.bio(), "kept");
        assertTrue(p.hasAvatar());
        assertEquals(before + 1, historySize());
        Robots.shot(stage.getScene(), "me");

        // the history, newest first, the new profile on top
        robot.interact(() -> robot.lookup("#me-screen").lookup(".tab-pane").queryAs(TabPane.class)
                .getSelectionModel().select(2));
        @SuppressWarnings("unchecked")
        ListView<MeModel.HistoryRow> history = robot.lookup("#me-history").queryAs(ListView.class);
        waitFor(20, () -> history.getItems().size() == before + 1);
        assertEquals("profile", history.getItems().get(0).type());
        assertEquals(before + 1, history.getItems().get(0).seq(), "all in the public swarm");
        assertEquals("proposal", history.getItems().get(1).type());
        Robots.shot(stage.getScene(), "me-history");
    }

    @Test
    void backsTheKeyUpAndShowsThePhraseOfAnUnencryptedKey(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#me-screen").lookup(".tab-pane").queryAs(TabPane.class)
                .getSelectionModel().select(1));
        toSave = tmp.resolve("backup-" + run + ".key");
        robot.clickOn("#me-backup-key");
        waitFor(20, () -> !me.model().keyStatus.get().isEmpty());
        assertArrayEquals(Files.readAllBytes(home.resolve("identity.key")), Files.readAllBytes(toSave));
        assertFalse(robot.lookup("#me-phrase-passphrase").query().isVisible(), "no passphrase to ask for");
        robot.clickOn("#me-phrase-show");
        waitFor(20, () -> robot.lookup("#me-phrase-word-24").tryQuery().isPresent());
        assertEquals(IdentitySetup.recoveryPhrase(new KithHome(home), null).get(23),
                robot.lookup("#me-phrase-word-24").queryLabeled().getText());
        Robots.shot(stage.getScene(), "me-key");
        robot.clickOn("#me-phrase-hide");
        assertTrue(me.model().phraseWords.isEmpty());
    }

    @Test
    void thePhraseOfAnEncryptedKeyOnlyWithThePassphrase() throws Exception {
        KithHome locked = new KithHome(tmp.resolve("locked-" + run));
        var key = IdentitySetup.generate(new SecureRandom());
        IdentitySetup.create(locked, key, "open sesame".toCharArray(), Profile.named("Cy"), Clock.systemUTC()).close();
        NodeSession cy = NodeSession.open(Identity.open(locked, "open sesame".toCharArray(), Clock.systemUTC()),
                Clock.systemUTC(), false, "127.0.0.1", false);
        try {
            MeController c = WaitForAsyncUtils.asyncFx(() -> new MeController(cy, picker)).get(10, TimeUnit.SECONDS);
            MeModel m = c.model();
            waitFor(20, () -> "Cy".equals(m.name.get()) && m.keyEncrypted.get());
            WaitForAsyncUtils.asyncFx(c::onShowPhrase).get(10, TimeUnit.SECONDS);
            assertEquals("Type your passphrase first", m.keyError.get());
            WaitForAsyncUtils.asyncFx(() -> {
                m.phrasePassphrase.set("guess");
                c.onShowPhrase();
            }).get(10, TimeUnit.SECONDS);
            waitFor(20, () -> !m.keyBusy.get() && !m.keyError.get().isEmpty());
            assertEquals("Wrong passphrase", m.keyError.get());
            assertTrue(m.phraseWords.isEmpty());
            assertEquals("", m.phrasePassphrase.get(), "the typed passphrase is not kept");
            WaitForAsyncUtils.asyncFx(() -> {
                m.phrasePassphrase.set("open sesame");
                c.onShowPhrase();
            }).get(10, TimeUnit.SECONDS);
            waitFor(20, () -> m.phraseWords.size() == 24);
            assertEquals(IdentitySetup.phraseOf(key), List.copyOf(m.phraseWords));
            assertEquals("", m.keyError.get());
        } finally {
            cy.close();
        }
    }
}
