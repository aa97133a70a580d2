package org.kith.ui.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.ui.testing.Robots.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.KithHome;
import org.kith.node.keys.IdentitySetup;
import org.kith.node.store.Views;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.Profile;
import org.kith.ui.KithApp;
import org.kith.ui.app.AppOptions;
import org.kith.ui.app.NodeSession;
import org.kith.ui.me.FilePicker;
import org.kith.ui.shell.ShellController;
import org.kith.ui.testing.Robots;
import org.kith.ui.testing.TestShell;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The first run on a fresh data directory, driven by the robot as a person would: create an
 * identity, type back three words of the phrase (a wrong one first: an inline error and nothing on
 * disk), write a profile, land in the shell with the name shown. And restoring: a bad phrase is
 * refused inline; a key backup file with its passphrase brings the same identity back.
 */
@ExtendWith(ApplicationExtension.class)
class FirstRunFxTest {

    @TempDir
    static Path tmp;

    private static int run;
    private Path home;
    private Stage stage;
    private final AtomicReference<NodeSession> session = new AtomicReference<>();
    private final AtomicReference<ShellController> shell = new AtomicReference<>();
    private Path backupToPick;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        home = tmp.resolve("home-" + (++run)).resolve("kith");
        AppOptions options = AppOptions.parse(List.of("--home", home.toString(), "--no-network", "--theme", "light"),
                Map.of());
        KithApp.applyTheme(options);
        FilePicker picker = new FilePicker() {
            @Override
            public Optional<Path> open(javafx.scene.Node owner, String title, String description, List<String> ext) {
                return Optional.ofNullable(backupToPick);
            }

            @Override
            public Optional<Path> save(javafx.scene.Node owner, String title, String suggestedName) {
                return Optional.empty();
            }
        };
        StartController start = new StartController(options, picker, opened -> {
            session.set(opened);
            ShellController s = TestShell.shell(opened);
            shell.set(s);
            stage.getScene().setRoot(s.root());
        });
        TestShell.show(stage, start.root(), KithApp.WIDTH, KithApp.HEIGHT);
    }

    @AfterEach
    void close() {
        if (session.get() != null) {
            session.get().close();
        }
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryLabeled().getText();
    }

    @Test
    void createIdentityConfirmWordsWriteProfileAndLandInTheShell(FxRobot robot) throws Exception {
        Robots.shot(stage.getScene(), "first-run-1-choose");
        robot.clickOn("#first-create");
        robot.clickOn("#first-name").write("Ada Lovelace");
        robot.clickOn("#first-passphrase").write("correct horse");
        robot.clickOn("#first-repeat").write("correct horses");
        robot.clickOn("#first-next");
        assertEquals("The two passphrases differ", text(robot, "#first-error"));
        robot.doubleClickOn("#first-repeat").eraseText(14).write("correct horse");
        Robots.shot(stage.getScene(), "first-run-2-create");
        robot.clickOn("#first-next");
        waitFor(20, () -> robot.lookup("#phrase-word-24").tryQuery().isPresent());
        String[] words = new String[24];
        for (int i = 0; i < 24; i++) {
            words[i] = text(robot, "#phrase-word-" + (i + 1));
        }
        Robots.shot(stage.getScene(), "first-run-3-phrase");
        robot.clickOn("#phrase-written");

        // which three words: the fields say
        int[] positions = new int[3];
        for (int i = 0; i < 3; i++) {
            String label = robot.lookup("#confirm-word-" + i).queryAs(TextField.class).getAccessibleText();
            positions[i] = Integer.parseInt(label.replace("Word #", ""));
        }
        String wrong = words[positions[1] - 1].equals("abandon") ? "ability" : "abandon";
        robot.clickOn("#confirm-word-0").write(words[positions[0] - 1]);
        robot.clickOn("#confirm-word-1").write(wrong);
        robot.clickOn("#confirm-word-2").write(words[positions[2] - 1]);
        robot.type(KeyCode.ENTER); // the default button
        Label error = robot.lookup("#first-error").queryAs(Label.class);
        assertTrue(error.isVisible());
        assertTrue(error.getText().startsWith("Word #" + positions[1] + " is not the one shown"), error.getText());
        assertFalse(Files.exists(home), "a wrong word writes nothing");
        assertFalse(Files.exists(home.getParent()), "not even the directories");
        Robots.shot(stage.getScene(), "first-run-4-confirm-error");

        TextField second = robot.lookup("#confirm-word-1").queryAs(TextField.class);
        robot.clickOn(second).eraseText(wrong.length()).write(words[positions[1] - 1]);
        robot.clickOn("#confirm-button");
        waitFor(20, () -> robot.lookup("#profile-bio").tryQuery().isPresent());
        assertTrue(robot.lookup("#phrase-word-1").tryQuery().isEmpty(), "the words are gone once confirmed");
        assertFalse(Files.exists(home), "still nothing written before the last step");

        robot.clickOn("#profile-bio").write("Builds furniture.");
        robot.clickOn("#profile-skills-input").write("carpentry").type(KeyCode.ENTER).write("welding")
                .type(KeyCode.ENTER);
        robot.clickOn("#profile-offers-input").write("tool library,");
        robot.clickOn("#profile-needs-input").write("a van");
        Robots.shot(stage.getScene(), "first-run-5-profile");
        robot.clickOn("#profile-finish");
        waitFor(20, () -> session.get() != null);
        waitFor(20, () -> robot.lookup(".label").queryAllAs(Label.class).stream()
                .anyMatch(l -> "Ada Lovelace".equals(l.getText())));
        Robots.shot(stage.getScene(), "first-run-6-shell");

        KithHome h = new KithHome(home);
        assertTrue(h.keyStore().isEncrypted(), "protected by the passphrase");
        assertEquals(List.of(words), IdentitySetup.recoveryPhrase(h, "correct horse".toCharArray()));
        Views.Person me = session.get().call(node -> node.profile().orElseThrow()).get(10, TimeUnit.SECONDS);
        assertEquals("Ada Lovelace", me.name());
        assertEquals("Builds furniture.", me.bio());
        assertEquals(List.of("carpentry", "welding"), me.skills());
        assertEquals(List.of("tool library"), me.offers());
        assertEquals(List.of("a van"), me.needs());
        assertEquals(1, session.get().call(node -> node.queries().history(node.self().toBase58()).size())
                .get(10, TimeUnit.SECONDS), "one profile record, written with the identity");
    }

    @Test
    void restoreRefusesABadPhraseInlineAndRestoresFromAKeyBackup(FxRobot robot) throws Exception {
        // an identity elsewhere, and a backup of its key
        KithHome other = new KithHome(tmp.resolve("elsewhere-" + run));
        Ed25519KeyPair key = IdentitySetup.generate(new SecureRandom());
        IdentitySetup.create(other, key, "s3cret".toCharArray(), Profile.named("Bo"), Clock.systemUTC()).close();
        backupToPick = tmp.resolve("bo-backup-" + run + ".key");
        IdentitySetup.backup(other, backupToPick);

        robot.clickOn("#first-restore");
        List<String> words = IdentitySetup.phraseOf(key);
        List<String> typo = new java.util.ArrayList<>(words);
        typo.set(4, "kithkith"); // not in the word list (a swapped order would pass the checksum 1 time in 256)
        String swapped = String.join(" ", typo);
        // pasted, as a person would from their notes
        javafx.scene.control.TextArea phrase = robot.lookup("#restore-phrase").queryAs(javafx.scene.control.TextArea.class);
        robot.clickOn(phrase).interact(() -> phrase.setText(swapped));
        robot.clickOn("#restore-no-passphrase");
        robot.clickOn("#restore-button");
        waitFor(20, () -> !text(robot, "#first-error").isEmpty());
        assertEquals("That is not a valid recovery phrase: word 5 is not in the BIP39 English word list",
                text(robot, "#first-error"));
        assertFalse(Files.exists(home.resolve("identity.key")), "nothing written");
        Robots.shot(stage.getScene(), "first-run-7-restore-error");

        robot.clickOn("#restore-mode-file");
        robot.clickOn("#restore-file-button");
        waitFor(20, () -> text(robot, "#restore-file").equals(backupToPick.toString()));
        robot.clickOn("#restore-backup-passphrase").write("wrong");
        robot.clickOn("#restore-button");
        waitFor(20, () -> text(robot, "#first-error").equals("Wrong passphrase for this key backup"));
        assertFalse(Files.exists(home.resolve("identity.key")), "nothing written");
        TextField pass = robot.lookup("#restore-backup-passphrase").queryAs(TextField.class);
        robot.clickOn(pass).eraseText(5).write("s3cret");
        Robots.shot(stage.getScene(), "first-run-8-restore-file");
        robot.clickOn("#restore-button");
        waitFor(20, () -> session.get() != null);
        assertEquals(key.peerId().toBase58(), session.get().self());
        assertTrue(new KithHome(home).keyStore().isEncrypted());
        assertNotEquals(null, new KithHome(home).keyStore().unlock("s3cret".toCharArray()));
    }
}
