package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.node.cli.CliRunner.assertQuietUserError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the passphrase comes from: KITH_PASSPHRASE, else the terminal (twice when choosing one). */
class CliPassphraseTest {

    @TempDir
    Path tmp;
    Path home;
    CliRunner kith;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("home");
        kith = new CliRunner(tmp).home(home);
    }

    private static boolean encrypted(Path home) throws Exception {
        return !Files.readString(home.resolve("identity.key")).replace(" ", "").contains("\"encryption\":\"none\"");
    }

    @Test
    void initWithThePassphraseFromTheEnvironment() throws Exception {
        kith.passphrase("from the environment");
        assertTrue(kith.ok("init", "--name", "Ada", "--json").json().get("encrypted").asBoolean());
        assertTrue(encrypted(home));
        assertEquals(List.of(), kith.prompts, "no prompt when KITH_PASSPHRASE is set");
        kith.ok("propose", "--title", "T", "--summary", "S");
        assertEquals(List.of(), kith.prompts);
        kith.passphrase(null);
        assertEquals("Ada", kith.ok("whoami", "--json").json().get("name").asText(), "reading needs no passphrase");
        assertEquals(1, kith.ok("list", "proposals", "--json").json().size());
    }

    @Test
    void initWithThePassphraseTypedTwice() throws Exception {
        kith.typing("typed at the terminal", "typed at the terminal");
        kith.ok("init", "--name", "Ada");
        assertTrue(encrypted(home));
        assertEquals(List.of("Passphrase to protect your key: ", "Repeat the passphrase: "), kith.prompts);
        // later writes ask once
        kith.typing("typed at the terminal");
        kith.ok("propose", "--title", "T", "--summary", "S");
        assertEquals(3, kith.prompts.size());
        assertTrue(kith.prompts.get(2).startsWith("Passphrase for "), kith.prompts::toString);
        // the environment works for the same key
        kith.passphrase("typed at the terminal").ok("vouch", TestRecords.key("someone").peerId().toBase58(),
                "--level", "some");
    }

    @Test
    void mismatchedPassphrasesCreateNothing() {
        kith.typing("first try", "second try");
        assertQuietUserError(kith.run("init", "--name", "Ada"), "the passphrases do not match");
        assertEquals(2, kith.prompts.size());
        assertFalse(Files.exists(home), "nothing is created");
        // the terminal goes away before the repeat: also a mismatch, also nothing
        kith.answers.clear();
        kith.typing("only once");
        assertQuietUserError(kith.run("init", "--name", "Ada"), "do not match");
        assertFalse(Files.exists(home));
        // and an existing empty directory stays empty
        kith.typing("a", "b");
        assertQuietUserError(kith.run("init", "--name", "Ada", "--home", tmp.toString()), "do not match");
        assertFalse(Files.exists(tmp.resolve("identity.key")));
    }

    @Test
    void anEmptyPassphraseIsRefused() {
        kith.passphrase("");
        assertQuietUserError(kith.run("init", "--name", "Ada"), "the passphrase is empty", "--no-passphrase");
        assertFalse(Files.exists(home), "nothing is created");
        kith.passphrase(null).typing("", "");
        assertQuietUserError(kith.run("init", "--name", "Ada"), "the passphrase is empty");
        assertFalse(Files.exists(home), "nothing is created");
    }

    @Test
    void noPassphraseAndNoTerminal() {
        assertQuietUserError(kith.run("init", "--name", "Ada"), "a passphrase is needed",
                "KITH_PASSPHRASE", "--no-passphrase");
        assertFalse(Files.exists(home), "nothing is created");
        // with --no-passphrase nobody is asked
        kith.ok("init", "--name", "Ada", "--no-passphrase");
        assertEquals(1, kith.prompts.size());
        kith.ok("propose", "--title", "T", "--summary", "S");
        assertEquals(1, kith.prompts.size(), "an unencrypted key needs no passphrase");
    }

    @Test
    void aWrongPassphraseTypedAtTheTerminal() {
        kith.passphrase("right").ok("init", "--name", "Ada");
        kith.passphrase(null).typing("wrong");
        assertQuietUserError(kith.run("propose", "--title", "T", "--summary", "S"), "wrong passphrase");
        assertQuietUserError(kith.run("propose", "--title", "T", "--summary", "S"), "a passphrase is needed");
        kith.typing("right");
        kith.ok("propose", "--title", "T", "--summary", "S");
        assertEquals(1, kith.ok("list", "proposals", "--json").json().size());
    }
}
