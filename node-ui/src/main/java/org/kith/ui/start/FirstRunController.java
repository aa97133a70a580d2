package org.kith.ui.start;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.Parent;
import org.kith.node.KithException;
import org.kith.node.KithHome;
import org.kith.node.KithNode;
import org.kith.node.keys.IdentitySetup;
import org.kith.node.keys.InvalidRecoveryPhraseException;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.Profile;
import org.kith.ui.app.NodeSession;
import org.kith.ui.fx.Fx;
import org.kith.ui.me.FilePicker;
import org.kith.ui.me.ProfileRules;
import org.kith.ui.start.FirstRunModel.Step;

/**
 * The first run of a data directory with no identity: create one (name, passphrase, the recovery
 * phrase shown once and three of its words typed back, a first profile) or restore one (from the
 * phrase or from a key backup). Nothing is written until the last step: the key, the store and the
 * profile are then written together by {@link IdentitySetup#create}, which removes what it wrote if
 * any part fails. All key and file work runs off the FX thread; {@code onReady} gets the open
 * session on the FX thread.
 */
public final class FirstRunController {

    /** Opens the session of a newly created node (off the FX thread). */
    @FunctionalInterface
    public interface Opener {
        NodeSession open(KithNode node) throws KithException;
    }

    private final KithHome home;
    private final Clock clock;
    private final FilePicker files;
    private final Opener opener;
    private final Consumer<NodeSession> onReady;
    private final SecureRandom random = new SecureRandom();
    private final FirstRunModel model = new FirstRunModel();
    private final FirstRunView view;
    /** The new key between the name step and the end; destroyed when abandoned or written. */
    private Ed25519KeyPair key;

    public FirstRunController(KithHome home, Clock clock, FilePicker files, Opener opener,
            Consumer<NodeSession> onReady) {
        this.home = home;
        this.clock = clock;
        this.files = files;
        this.opener = opener;
        this.onReady = onReady;
        model.home.set(home.dir().toString());
        view = new FirstRunView(model, this);
    }

    public Parent root() {
        return view.root();
    }

    // ---- choose ----------------------------------------------------------------------------

    void onCreateChosen() {
        go(Step.CREATE);
    }

    void onRestoreChosen() {
        go(Step.RESTORE);
    }

    void onBack() {
        switch (model.step.get()) {
            case CREATE, RESTORE -> {
                dropKey();
                go(Step.CHOOSE);
            }
            case PHRASE -> {
                dropKey(); // a new name or passphrase gets a new key and new words
                go(Step.CREATE);
            }
            case CONFIRM -> go(Step.PHRASE);
            default -> {
            }
        }
    }

    // ---- create ----------------------------------------------------------------------------

    /** Whether there is no passphrase or a passphrase typed twice alike; else says what is wrong. */
    private boolean passphraseChosen() {
        if (model.noPassphrase.get()) {
            return true;
        }
        if (model.passphrase.get().isEmpty()) {
            fail("Choose a passphrase, or tick \"no passphrase\" if only you use this machine");
            return false;
        }
        if (!model.passphrase.get().equals(model.repeat.get())) {
            fail("The two passphrases differ");
            return false;
        }
        return true;
    }

    void onCreateNext() {
        String name = model.name.get().strip();
        List<ProfileRules.Problem> problems = new ProfileRules(name, null, null, null, null, null, null, null, null)
                .problems();
        if (!problems.isEmpty()) {
            fail(problems.get(0).message());
            return;
        }
        if (!passphraseChosen()) {
            return;
        }
        run("Making your key…", () -> {
            home.requireNoIdentity(); // say it now, not after the words are written down
            Ed25519KeyPair k = key != null ? key : IdentitySetup.generate(random);
            IdentitySetup.checkProfile(k, Profile.named(name), clock);
            return k;
        }, k -> {
            key = k;
            model.words.setAll(IdentitySetup.phraseOf(k));
            model.confirmPositions.setAll(positions());
            model.confirmWords.forEach(w -> w.set(""));
            go(Step.PHRASE);
        });
    }

    void onWordsWrittenDown() {
        model.confirmWords.forEach(w -> w.set(""));
        go(Step.CONFIRM);
    }

    void onConfirm() {
        for (int i = 0; i < model.confirmPositions.size(); i++) {
            int position = model.confirmPositions.get(i);
            String typed = model.confirmWords.get(i).get().strip().toLowerCase(Locale.ROOT);
            if (typed.isEmpty()) {
                fail("Type word #" + position);
                return;
            }
            if (!typed.equals(model.words.get(position - 1))) {
                fail("Word #" + position + " is not the one shown. Check what you wrote down, or go back to the words.");
                return;
            }
        }
        model.words.clear(); // shown once: from here on only the passphrase brings it back (Me → Key backup)
        model.confirmWords.forEach(w -> w.set(""));
        go(Step.PROFILE);
    }

    // ---- profile, then everything is written ------------------------------------------------

    void onSkipProfile() {
        finish(Profile.named(model.name.get().strip()));
    }

    void onFinish() {
        ProfileRules rules = new ProfileRules(model.name.get(), model.bio.get(), model.location.get(), model.skills,
                model.offers, model.needs, List.of(), List.of(), null);
        List<ProfileRules.Problem> problems = rules.problems();
        if (!problems.isEmpty()) {
            fail(problems.get(0).message());
            return;
        }
        finish(rules.toProfile());
    }

    private void finish(Profile profile) {
        Ed25519KeyPair k = key;
        char[] pass = model.noPassphrase.get() ? null : model.passphrase.get().toCharArray();
        run("Creating your identity…", () -> {
            try {
                return open(IdentitySetup.create(home, k, pass, profile, clock));
            } finally {
                wipe(pass);
            }
        }, session -> {
            dropKey();
            model.passphrase.set("");
            model.repeat.set("");
            onReady.accept(session);
        });
    }

    // ---- restore ---------------------------------------------------------------------------

    void onChooseBackupFile(Node owner) {
        files.open(owner, "Your key backup", "Kith key files", List.of("*.key")).ifPresent(file -> {
            model.backupFile.set(file);
            model.error.set("");
            Fx.whenDone(CompletableFuture.supplyAsync(() -> {
                try {
                    return IdentitySetup.backupIsEncrypted(file);
                } catch (KithException e) {
                    throw new CompletionException(e);
                }
            }), (encrypted, e) -> {
                if (e != null) {
                    model.backupFile.set(null);
                    fail(Fx.message(e));
                } else {
                    model.backupEncrypted.set(encrypted);
                }
            });
        });
    }

    void onRestore() {
        if (model.restoreFromFile.get()) {
            Path file = model.backupFile.get();
            if (file == null) {
                fail("Choose your key backup file");
                return;
            }
            char[] pass = model.backupEncrypted.get() ? model.backupPassphrase.get().toCharArray() : null;
            if (pass != null && pass.length == 0) {
                fail("Enter the passphrase of the key backup");
                return;
            }
            // the key stays protected by the passphrase it had (or by none, as before)
            run("Opening the key backup…", () -> restore(() -> IdentitySetup.restoreFromBackup(file, pass), pass),
                    this::restored);
            return;
        }
        String phrase = model.restorePhrase.get();
        if (phrase.isBlank()) {
            fail("Type the 24 words of your recovery phrase");
            return;
        }
        if (!passphraseChosen()) {
            return;
        }
        char[] pass = model.noPassphrase.get() ? null : model.passphrase.get().toCharArray();
        run("Restoring your identity…", () -> restore(() -> {
            try {
                return IdentitySetup.restore(phrase);
            } catch (InvalidRecoveryPhraseException e) {
                throw new KithException("That is not a valid recovery phrase: " + e.getMessage(), e);
            }
        }, pass), this::restored);
    }

    /**
     * Writes the identity of the restored {@code key} (protected by {@code pass}) and opens it; then
     * destroys the key and wipes {@code pass}.
     */
    private NodeSession restore(Work<Ed25519KeyPair> key, char[] pass) throws Exception {
        try {
            Ed25519KeyPair k = key.run();
            try {
                return open(IdentitySetup.create(home, k, pass, null, clock));
            } finally {
                k.destroy();
            }
        } finally {
            wipe(pass);
        }
    }

    private void restored(NodeSession session) {
        model.restorePhrase.set("");
        model.passphrase.set("");
        model.repeat.set("");
        model.backupPassphrase.set("");
        onReady.accept(session);
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** Opens the session of a created node, closing the node if that fails (the identity stays: it is complete). */
    private NodeSession open(KithNode node) throws KithException {
        try {
            return opener.open(node);
        } catch (KithException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private List<Integer> positions() {
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            all.add(i);
        }
        Collections.shuffle(all, random);
        List<Integer> three = new ArrayList<>(all.subList(0, 3));
        Collections.sort(three);
        return three;
    }

    private void go(Step step) {
        model.error.set("");
        model.step.set(step);
    }

    private void fail(String message) {
        model.error.set(message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1));
    }

    private void dropKey() {
        if (key != null) {
            key.destroy();
            key = null;
        }
        model.words.clear();
        model.confirmPositions.clear();
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws Exception;
    }

    private <T> void run(String what, Work<T> work, Consumer<T> then) {
        model.error.set("");
        model.busyText.set(what);
        model.busy.set(true);
        Fx.whenDone(CompletableFuture.supplyAsync(() -> {
            try {
                return work.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }), (value, e) -> {
            model.busy.set(false);
            if (e != null) {
                fail(Fx.message(e));
            } else {
                then.accept(value);
            }
        });
    }

    private static void wipe(char[] pass) {
        if (pass != null) {
            Arrays.fill(pass, '\0');
        }
    }

    // ---- for tests ---------------------------------------------------------------------------

    /** The step shown. */
    Step step() {
        return model.step.get();
    }

    /** The words of the phrase while shown, and the 1-based positions to type back. */
    List<String> words() {
        return List.copyOf(model.words);
    }

    List<Integer> confirmPositions() {
        return List.copyOf(model.confirmPositions);
    }

    String error() {
        return model.error.get();
    }

    FirstRunModel model() {
        return model;
    }
}
