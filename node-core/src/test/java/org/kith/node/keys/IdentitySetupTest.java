package org.kith.node.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.KithException;
import org.kith.node.KithHome;
import org.kith.node.KithNode;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.Profile;

/** Creating, restoring and backing up an identity: all or nothing, and the secrets only with the passphrase. */
class IdentitySetupTest {

    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path tmp;

    private static Profile profile(String name, List<String> skills) {
        return new Profile(name, "bio", skills, List.of("tea"), List.of(), List.of(), List.of(), null, null);
    }

    @Test
    void createsKeyStoreAndProfileAndReturnsTheOpenNode() throws Exception {
        KithHome home = new KithHome(tmp.resolve("a").resolve("kith"));
        Ed25519KeyPair key = IdentitySetup.generate(new SecureRandom());
        try (KithNode node = IdentitySetup.create(home, key, "pw".toCharArray(), profile("Ada", List.of("carpentry")),
                CLOCK)) {
            assertEquals(key.peerId(), node.self());
            assertEquals("Ada", node.profile().orElseThrow().name());
            assertEquals(List.of("carpentry"), node.profile().orElseThrow().skills());
            assertEquals(home, node.home());
        }
        assertTrue(home.keyStore().isEncrypted());
        assertEquals(IdentitySetup.phraseOf(key), IdentitySetup.recoveryPhrase(home, "pw".toCharArray()));
        assertFalse(key.isDestroyed(), "the caller's key stays the caller's");
    }

    @Test
    void aRefusedProfileOrEmptyPassphraseWritesNothing() throws Exception {
        Path dir = tmp.resolve("b").resolve("kith");
        KithHome home = new KithHome(dir);
        Ed25519KeyPair key = IdentitySetup.generate(new SecureRandom());
        KithException e = assertThrows(KithException.class,
                () -> IdentitySetup.create(home, key, null, profile("N".repeat(65), List.of()), CLOCK));
        assertTrue(e.getMessage().contains("64"), e.getMessage());
        assertThrows(KithException.class, () -> IdentitySetup.create(home, key, new char[0], Profile.named("Ada"), CLOCK));
        assertFalse(Files.exists(tmp.resolve("b")), "not even the parent directory");
    }

    @Test
    void aFailureAfterTheKeyIsWrittenRemovesIt() throws Exception {
        Ed25519KeyPair key = IdentitySetup.generate(new SecureRandom());
        Path dir = Files.createDirectory(tmp.resolve("c"));
        Path store = Files.createDirectories(dir.resolve(key.peerId().toBase58())).resolve("kith.db");
        Files.writeString(store, "not an SQLite database, not at all, no, no, no, no, no, no, no, no, no, no.");
        KithHome home = new KithHome(dir);
        assertThrows(Exception.class, () -> IdentitySetup.create(home, key, null, Profile.named("Ada"), CLOCK),
                "the store cannot be opened");
        assertFalse(Files.exists(home.keyFile()));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "only the damaged store that was there before");
        }
    }

    @Test
    void restoresFromThePhraseAndFromABackup() throws Exception {
        KithHome home = new KithHome(tmp.resolve("d"));
        Ed25519KeyPair key = IdentitySetup.generate(new SecureRandom());
        IdentitySetup.create(home, key, "secret".toCharArray(), Profile.named("Ada"), CLOCK).close();
        String phrase = String.join("  ", IdentitySetup.phraseOf(key)).toUpperCase();
        assertEquals(key.peerId(), IdentitySetup.restore(phrase).peerId());

        Path backup = tmp.resolve("backup.key");
        IdentitySetup.backup(home, backup);
        assertArrayEquals(Files.readAllBytes(home.keyFile()), Files.readAllBytes(backup));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
        assertTrue(IdentitySetup.backupIsEncrypted(backup));
        assertEquals(key.peerId(), IdentitySetup.restoreFromBackup(backup, "secret".toCharArray()).peerId());
        KithException wrong = assertThrows(KithException.class,
                () -> IdentitySetup.restoreFromBackup(backup, "nope".toCharArray()));
        assertEquals("wrong passphrase for this key backup", wrong.getMessage());
        assertThrows(KithException.class, () -> IdentitySetup.restoreFromBackup(backup, null));
        assertThrows(KithException.class, () -> IdentitySetup.restoreFromBackup(tmp.resolve("missing"), null));

        // a second backup replaces the first; the key file itself is refused
        IdentitySetup.backup(home, backup);
        assertThrows(KithException.class, () -> IdentitySetup.backup(home, home.keyFile()));
        assertThrows(KithException.class, () -> IdentitySetup.backup(home, tmp.resolve("no").resolve("x.key")));
    }

    @Test
    void thePhraseAgainOnlyWithThePassphrase() throws Exception {
        KithHome home = new KithHome(tmp.resolve("e"));
        Ed25519KeyPair key = IdentitySetup.generate(new SecureRandom());
        IdentitySetup.create(home, key, "secret".toCharArray(), null, CLOCK).close();
        assertEquals("wrong passphrase", assertThrows(KithException.class,
                () -> IdentitySetup.recoveryPhrase(home, "guess".toCharArray())).getMessage());
        assertThrows(KithException.class, () -> IdentitySetup.recoveryPhrase(home, new char[0]));
        assertEquals(24, IdentitySetup.recoveryPhrase(home, "secret".toCharArray()).size());

        KithHome plain = new KithHome(tmp.resolve("f"));
        IdentitySetup.create(plain, key, null, null, CLOCK).close();
        assertEquals(IdentitySetup.phraseOf(key), IdentitySetup.recoveryPhrase(plain, null));
    }
}
