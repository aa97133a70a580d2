package org.kith.ui.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.ui.testing.Robots.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.KithHome;
import org.kith.ui.app.NodeSession;
import org.kith.ui.me.FilePicker;
import org.kith.ui.start.FirstRunModel.Step;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The first run's controller on its model, without the robot: steps, checks, and nothing written early. */
@ExtendWith(ApplicationExtension.class)
class FirstRunControllerTest {

    @TempDir
    Path tmp;

    private final AtomicReference<NodeSession> ready = new AtomicReference<>();

    private FirstRunController controller(Path home) throws Exception {
        FilePicker none = new FilePicker() {
            @Override
            public Optional<Path> open(javafx.scene.Node owner, String title, String description, List<String> e) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> save(javafx.scene.Node owner, String title, String suggestedName) {
                return Optional.empty();
            }
        };
        return WaitForAsyncUtils.asyncFx(() -> new FirstRunController(new KithHome(home), Clock.systemUTC(), none,
                node -> NodeSession.open(node, Clock.systemUTC(), false, "127.0.0.1", false), ready::set))
                .get(10, TimeUnit.SECONDS);
    }

    private static void fx(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get(10, TimeUnit.SECONDS);
    }

    @Test
    void checksEachStepAndWritesOnlyAtTheEnd() throws Exception {
        Path home = tmp.resolve("new");
        FirstRunController c = controller(home);
        FirstRunModel m = c.model();
        fx(c::onCreateChosen);
        fx(c::onCreateNext);
        assertEquals("Enter a name", c.error());
        fx(() -> m.name.set("Ada"));
        fx(c::onCreateNext);
        assertTrue(c.error().startsWith("Choose a passphrase"), c.error());
        fx(() -> m.noPassphrase.set(true));
        fx(c::onCreateNext);
        waitFor(20, () -> c.step() == Step.PHRASE);
        List<String> first = c.words();
        assertEquals(24, first.size());
        fx(c::onBack); // a new name or passphrase: new words
        assertEquals(Step.CREATE, c.step());
        assertTrue(c.words().isEmpty());
        fx(c::onCreateNext);
        waitFor(20, () -> c.step() == Step.PHRASE);
        assertFalse(first.equals(c.words()), "a new key");
        List<String> words = c.words();
        fx(c::onWordsWrittenDown);
        List<Integer> at = c.confirmPositions();
        assertEquals(3, at.size());
        fx(c::onConfirm);
        assertEquals("Type word #" + at.get(0), c.error());
        fx(() -> {
            for (int i = 0; i < 3; i++) {
                m.confirmWords.get(i).set(" " + words.get(at.get(i) - 1).toUpperCase() + " ");
            }
        });
        fx(c::onConfirm);
        assertEquals(Step.PROFILE, c.step(), "case and spaces do not matter");
        assertTrue(c.words().isEmpty(), "the words are dropped once confirmed");
        assertFalse(Files.exists(home));

        fx(() -> m.skills.add("s".repeat(49)));
        fx(c::onFinish);
        assertTrue(c.error().contains("at most 48"), c.error());
        assertFalse(Files.exists(home));
        fx(c::onSkipProfile);
        waitFor(20, () -> ready.get() != null);
        try {
            assertEquals("Ada", ready.get().call(n -> n.profile().orElseThrow().name()).get(10, TimeUnit.SECONDS));
            assertFalse(new KithHome(home).keyStore().isEncrypted(), "no passphrase, as chosen");
        } finally {
            ready.get().close();
        }
    }

    @Test
    void refusesADirectoryInUseBeforeShowingTheWords() throws Exception {
        Path used = Files.createDirectories(tmp.resolve("documents"));
        Files.writeString(used.resolve("letter.txt"), "dear Ada");
        FirstRunController c = controller(used);
        fx(() -> {
            c.onCreateChosen();
            c.model().name.set("Ada");
            c.model().noPassphrase.set(true);
            c.onCreateNext();
        });
        waitFor(20, () -> !c.error().isEmpty());
        assertTrue(c.error().contains("not empty"), c.error());
        assertEquals(Step.CREATE, c.step());
        assertTrue(c.words().isEmpty());
    }

    @Test
    void restoreNamesTheUnknownWord() throws Exception {
        Path home = tmp.resolve("restore");
        FirstRunController c = controller(home);
        fx(() -> {
            c.onRestoreChosen();
            c.onRestore();
        });
        assertEquals("Type the 24 words of your recovery phrase", c.error());
        fx(() -> {
            c.model().restorePhrase.set(String.join(" ", java.util.Collections.nCopies(4, "abandon")) + " kithkith "
                    + String.join(" ", java.util.Collections.nCopies(19, "abandon")));
            c.model().noPassphrase.set(true);
            c.onRestore();
        });
        waitFor(20, () -> !c.error().isEmpty());
        assertEquals("That is not a valid recovery phrase: word 5 is not in the BIP39 English word list", c.error());
        fx(() -> {
            c.model().restoreFromFile.set(true);
            c.onRestore();
        });
        assertEquals("Choose your key backup file", c.error());
        assertFalse(Files.exists(home));
    }
}
