package org.kith.ui.me;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.Views;
import org.kith.ui.app.NodeSession;
import org.kith.ui.testing.TestNodes;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Me controller and model on a real home with a fake file picker, without the robot: editing
 * and publishing the profile (only when changed, only when valid), the key backup copy, and the
 * recovery phrase shown again.
 */
@ExtendWith(ApplicationExtension.class)
class MeControllerTest {

    @TempDir
    Path tmp;

    private Path home;
    private Path backup;
    private NodeSession session;
    private MeController controller;

    /** Answers every "save as" with {@link #backup}; never opens a picture. */
    private final FilePicker files = new FilePicker() {
        @Override
        public Optional<Path> open(Node owner, String title, String description, List<String> extensions) {
            return Optional.empty();
        }

        @Override
        public Optional<Path> save(Node owner, String title, String suggestedName) {
            return Optional.of(backup);
        }
    };

    @Start
    void start(Stage stage) {
        // The toolkit is all these tests need; they drive the controller directly.
    }

    @BeforeEach
    void setUp() throws Exception {
        home = TestNodes.identity(tmp.resolve("ada"), "Ada");
        backup = tmp.resolve("backup.key");
        session = TestNodes.session(home, false);
        controller = fx(() -> new MeController(session, files));
        waitFor(() -> !model().loading.get() && "Ada".equals(model().name.get()));
    }

    @AfterEach
    void close() {
        session.close();
    }

    private MeModel model() {
        return controller.model();
    }

    @Test
    void savesTheProfileOnlyWhenChangedAndValid() throws Exception {
        assertFalse(fx(() -> model().dirty.get()), "nothing changed yet");
        long before = records();
        fx(() -> {
            model().name.set("x".repeat(500));
            controller.onSave();
        });
        assertFalse(fx(() -> model().error.get()).isEmpty(), "an over-long name is refused inline");
        assertEquals(before, records(), "nothing published");

        fx(() -> {
            model().name.set("Ada Lovelace");
            model().bio.set("Mathematician");
            model().skills.add("analysis");
            controller.onSave();
        });
        waitFor(() -> "Published".equals(model().status.get()));
        Views.Person p = session.call(node -> node.profile().orElseThrow()).get(10, TimeUnit.SECONDS);
        assertEquals("Ada Lovelace", p.name());
        assertEquals("Mathematician", p.bio());
        assertEquals(List.of("analysis"), p.skills());
        assertEquals(before + 1, records());
        assertFalse(fx(() -> model().dirty.get()), "saved: nothing to save again");
        waitFor(() -> model().history.size() == before + 1);
    }

    @Test
    void backsUpTheKeyAndShowsThePhraseAgain() throws Exception {
        fx(() -> controller.onBackupKey(null));
        waitFor(() -> !model().keyStatus.get().isEmpty() || !model().keyError.get().isEmpty());
        assertEquals("", fx(() -> model().keyError.get()));
        assertArrayEquals(Files.readAllBytes(home.resolve("identity.key")), Files.readAllBytes(backup));

        fx(() -> controller.onShowPhrase());
        waitFor(() -> model().phraseWords.size() == 24);
        fx(() -> controller.onHidePhrase());
        assertTrue(fx(() -> model().phraseWords.isEmpty()));
    }

    private long records() throws Exception {
        return session.call(node -> node.queries().history(session.self()).size()).get(10, TimeUnit.SECONDS);
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private static void fx(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get(10, TimeUnit.SECONDS);
    }

    private static void waitFor(java.util.function.BooleanSupplier ok) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, ok::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
