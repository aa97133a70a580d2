package org.kith.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kith.node.KithException;
import org.kith.node.KithHome;
import org.kith.node.KithNode;
import org.kith.node.keys.InvalidRecoveryPhraseException;
import org.kith.node.keys.RecoveryPhrase;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.SwarmId;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init", description = "Create a new identity (or restore one from its recovery phrase).")
final class InitCommand extends BaseCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--name", paramLabel = "NAME", description = "Your display name (publishes your first profile).")
        String name;

        @Option(names = "--restore", paramLabel = "WORDS", description = "Restore the identity of this 24-word recovery phrase.")
        String restore;
    }

    @Option(names = "--no-passphrase", description = "Store the key unencrypted (only on a machine you alone use).")
    boolean noPassphrase;

    @Mixin
    JsonOption json;

    @Override
    void run() throws Exception {
        KithHome home = kithHome();
        Ed25519KeyPair key = source.restore != null ? restore(source.restore) : Ed25519KeyPair.generate(new SecureRandom());
        try {
            // Everything that can be refused is refused before anything is written (or asked).
            if (source.name != null) {
                checkProfile(key, source.name, ctx().clock);
            }
            home.requireNoIdentity();
            char[] passphrase = noPassphrase ? null : ctx().passphrase("to protect your key", true);
            try {
                if (passphrase != null && passphrase.length == 0) {
                    throw new KithException("the passphrase is empty; choose one, or pass --no-passphrase");
                }
                create(home, key, passphrase);
            } finally {
                if (passphrase != null) {
                    Arrays.fill(passphrase, '\0');
                }
            }
            report(home, key, source.restore == null ? phraseOf(key) : null);
        } finally {
            key.destroy();
        }
    }

    /**
     * Writes the key and the store (with the first profile). If any step fails, what this run
     * created is removed again: an identity whose recovery phrase was never shown must not stay.
     */
    private void create(KithHome home, Ed25519KeyPair key, char[] passphrase) throws KithException {
        Path firstCreated = firstMissing(home.dir());
        Path storeDir = home.storeFile(key.peerId()).getParent();
        boolean storeExisted = Files.exists(storeDir, LinkOption.NOFOLLOW_LINKS);
        boolean keyWritten = false;
        try {
            home.prepareForInit();
            try {
                home.keyStore().create(key, passphrase);
                keyWritten = true;
            } catch (IOException e) {
                throw new KithException("cannot write " + home.keyFile() + ": " + e.getMessage(), e);
            }
            try (KithNode node = KithNode.open(home, key.peerId(), Ed25519KeyPair.fromSeed(seedOf(key)), ctx().clock)) {
                if (source.name != null) {
                    node.setProfile(Profile.named(source.name));
                }
            }
        } catch (KithException | RuntimeException e) {
            undo(home, keyWritten, storeExisted ? null : storeDir, firstCreated);
            throw e;
        }
    }

    /** The outermost directory of {@code dir} and its ancestors that does not exist yet, or null. */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Best effort: deletes the key and store this run wrote, then the directories it made. */
    private static void undo(KithHome home, boolean keyWritten, Path newStoreDir, Path firstCreated) {
        List<Path> doomed = new ArrayList<>();
        if (keyWritten) {
            doomed.add(home.keyFile());
        }
        if (newStoreDir != null) {
            for (String name : List.of(KithHome.STORE_FILE, KithHome.STORE_FILE + "-wal", KithHome.STORE_FILE + "-shm",
                    KithHome.STORE_FILE + "-journal", KithNode.WRITE_LOCK_FILE)) {
                doomed.add(newStoreDir.resolve(name));
            }
            doomed.add(newStoreDir);
        }
        if (firstCreated != null) {
            for (Path p = home.dir(); p != null && p.startsWith(firstCreated); p = p.getParent()) {
                doomed.add(p);
            }
        }
        for (Path p : doomed) {
            try {
                Files.deleteIfExists(p); // a directory that is not empty stays
            } catch (IOException e) {
                // leave it; the error that brought us here is the one to report
            }
        }
    }

    private void report(KithHome home, Ed25519KeyPair key, List<String> words) throws KithException {
        if (json.json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("peerId", key.peerId().toBase58());
            out.put("home", home.dir().toString());
            out.put("encrypted", !noPassphrase);
            if (words != null) {
                out.put("recoveryPhrase", String.join(" ", words));
            }
            ctx().printJson(out);
            return;
        }
        ctx().out.println((words == null ? "Restored" : "Created") + " identity " + key.peerId());
        ctx().out.println("Data directory: " + home.dir());
        if (words != null) {
            ctx().out.println();
            ctx().out.println("Recovery phrase: write these 24 words down and keep them safe.");
            ctx().out.println("Anyone who has them can act as you; `kith init --restore \"…\"` brings you back.");
            ctx().out.println();
            for (int i = 0; i < words.size(); i += 6) {
                ctx().out.println("  " + String.join(" ", words.subList(i, i + 6)));
            }
        }
    }

    private static Ed25519KeyPair restore(String phrase) throws KithException {
        try {
            byte[] seed = RecoveryPhrase.toSeed(phrase);
            try {
                return Ed25519KeyPair.fromSeed(seed);
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        } catch (InvalidRecoveryPhraseException e) {
            throw new KithException("invalid recovery phrase: " + e.getMessage(), e);
        }
    }

    private static byte[] seedOf(Ed25519KeyPair key) {
        return key.seed();
    }

    private static List<String> phraseOf(Ed25519KeyPair key) {
        byte[] seed = key.seed();
        try {
            return RecoveryPhrase.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** Validates the first profile before anything is written, so a bad name leaves no trace. */
    private static void checkProfile(Ed25519KeyPair key, String name, Clock clock) throws KithException {
        try {
            new RecordSigner(key, clock).sign(SwarmId.PUBLIC, 1, null, Profile.named(name));
        } catch (InvalidRecordException e) {
            throw new KithException(e.detail(), e);
        }
    }
}
