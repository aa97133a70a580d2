package org.kith.node.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kith.node.KithException;
import org.kith.node.KithHome;
import org.kith.node.KithNode;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.SwarmId;

/**
 * Creating an identity in a data directory, shared by {@code kith init} and the desktop app's first
 * run: a new key or one restored from its recovery phrase or from a key backup, then the key file,
 * the store and the first profile written — all or nothing. Backing the key up again (a copy of the
 * key file, the recovery phrase after the passphrase) lives here too.
 *
 * <p>Keys handed in stay the caller's: nothing here destroys them. Passphrase arrays are never
 * modified; wipe them yourself. No message contains key material, a passphrase or a phrase word.
 */
public final class IdentitySetup {

    private IdentitySetup() {
    }

    /** A new random identity key. */
    public static Ed25519KeyPair generate(SecureRandom random) {
        return Ed25519KeyPair.generate(random);
    }

    /**
     * The key of a 24-word recovery phrase.
     *
     * @throws InvalidRecoveryPhraseException with the reason (and the position of an unknown word)
     */
    public static Ed25519KeyPair restore(String phrase) throws InvalidRecoveryPhraseException {
        byte[] seed = RecoveryPhrase.toSeed(phrase);
        try {
            return Ed25519KeyPair.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** Whether the key file (a backup copy of {@code identity.key}) at {@code keyFile} needs a passphrase. */
    public static boolean backupIsEncrypted(Path keyFile) throws KithException {
        try {
            return new KeyStore(keyFile).isEncrypted();
        } catch (KeyFileNotFoundException e) {
            throw new KithException("no key file at " + keyFile, e);
        } catch (IOException e) {
            throw new KithException(e.getMessage(), e);
        }
    }

    /**
     * The key in a backup copy of {@code identity.key}.
     *
     * @param passphrase the backup's passphrase; ignored (may be null) when the backup is not encrypted
     * @throws KithException for a missing, malformed or foreign file, or a wrong passphrase
     */
    public static Ed25519KeyPair restoreFromBackup(Path keyFile, char[] passphrase) throws KithException {
        KeyStore backup = new KeyStore(keyFile);
        try {
            if (backup.isEncrypted() && (passphrase == null || passphrase.length == 0)) {
                throw new KithException("this key backup is encrypted: enter its passphrase");
            }
            return backup.unlock(passphrase);
        } catch (WrongPassphraseException e) {
            throw new KithException("wrong passphrase for this key backup", e);
        } catch (KeyFileNotFoundException e) {
            throw new KithException("no key file at " + keyFile, e);
        } catch (IOException e) {
            throw new KithException(e.getMessage(), e);
        }
    }

    /** The 24 words of {@code key}. Show them, then drop them. */
    public static List<String> phraseOf(Ed25519KeyPair key) {
        byte[] seed = key.seed();
        try {
            return RecoveryPhrase.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * Checks that {@code profile} would be a valid record of {@code key}, before anything is written.
     *
     * @throws KithException naming the field and its limit
     */
    public static void checkProfile(Ed25519KeyPair key, Profile profile, Clock clock) throws KithException {
        try {
            new RecordSigner(key, clock).sign(SwarmId.PUBLIC, 1, null, profile);
        } catch (InvalidRecordException e) {
            throw new KithException(e.detail(), e);
        }
    }

    /**
     * Writes {@code key} (encrypted with {@code passphrase}, or in clear when it is null) and the
     * identity's store into {@code home}, publishes {@code profile} if not null, and returns the
     * opened node (the caller closes it). If any step fails, what this call created is removed
     * again: an identity whose recovery phrase was never shown, or whose store is unusable, must
     * not stay.
     *
     * @throws KithException if {@code home} already holds an identity or is not empty, the
     *     passphrase is empty, the profile is refused, or a write fails
     */
    public static KithNode create(KithHome home, Ed25519KeyPair key, char[] passphrase, Profile profile, Clock clock)
            throws KithException {
        if (passphrase != null && passphrase.length == 0) {
            throw new KithException("the passphrase is empty; choose one, or choose to store the key without one");
        }
        if (profile != null) {
            checkProfile(key, profile, clock);
        }
        home.requireNoIdentity();
        Path firstCreated = firstMissing(home.dir());
        Path storeDir = home.storeFile(key.peerId()).getParent();
        boolean storeExisted = Files.exists(storeDir, LinkOption.NOFOLLOW_LINKS);
        boolean keyWritten = false;
        KithNode node = null;
        try {
            home.prepareForInit();
            try {
                home.keyStore().create(key, passphrase);
                keyWritten = true;
            } catch (IOException e) {
                throw new KithException("cannot write " + home.keyFile() + ": " + e.getMessage(), e);
            }
            byte[] seed = key.seed();
            Ed25519KeyPair own;
            try {
                own = Ed25519KeyPair.fromSeed(seed); // the node destroys its copy when it closes
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
            try {
                node = KithNode.open(home, key.peerId(), own, clock);
            } catch (KithException | RuntimeException e) {
                own.destroy();
                throw e;
            }
            if (profile != null) {
                node.setProfile(profile);
            }
            return node;
        } catch (KithException | RuntimeException e) {
            if (node != null) {
                node.close();
            }
            undo(home, keyWritten, storeExisted ? null : storeDir, firstCreated);
            throw e;
        }
    }

    /**
     * Copies the identity key file of {@code home}, as it is (encrypted with the passphrase, or not),
     * to {@code target} with mode 0600, replacing a file there.
     *
     * @throws KithException if there is no valid key file, or {@code target} cannot be written
     */
    public static void backup(KithHome home, Path target) throws KithException {
        Path source = home.keyFile();
        Path to = target.toAbsolutePath().normalize();
        if (to.equals(source.toAbsolutePath().normalize())) {
            throw new KithException("choose a place other than the key file itself");
        }
        if (Files.isDirectory(to)) {
            throw new KithException(to + " is a directory");
        }
        if (to.getParent() == null || !Files.isDirectory(to.getParent())) {
            throw new KithException("no directory " + to.getParent());
        }
        byte[] content = null;
        try {
            new KeyStore(source).peerId(); // validates the whole file before copying it
            content = Files.readAllBytes(source);
            if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                PrivateFiles.replace(to, content);
            } else {
                PrivateFiles.createNew(to, content);
            }
        } catch (IOException e) {
            throw new KithException("cannot write the key backup: " + e.getMessage(), e);
        } finally {
            if (content != null) {
                Arrays.fill(content, (byte) 0);
            }
        }
    }

    /**
     * The recovery phrase of {@code home}'s identity, shown again only to whoever knows the
     * passphrase: the key file is unlocked with it (an unencrypted key needs none).
     *
     * @throws KithException for a wrong or missing passphrase
     */
    public static List<String> recoveryPhrase(KithHome home, char[] passphrase) throws KithException {
        KeyStore keys = home.keyStore();
        try {
            if (keys.isEncrypted() && (passphrase == null || passphrase.length == 0)) {
                throw new KithException("enter your passphrase");
            }
            Ed25519KeyPair key = keys.unlock(passphrase);
            try {
                return phraseOf(key);
            } finally {
                key.destroy();
            }
        } catch (WrongPassphraseException e) {
            throw new KithException("wrong passphrase", e);
        } catch (IOException e) {
            throw new KithException(e.getMessage(), e);
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
}
