package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.node.cli.CliRunner.assertQuietUserError;
import static org.kith.node.cli.CliRunner.assertUsageError;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.cli.CliRunner.Result;
import org.kith.node.keys.InvalidRecoveryPhraseException;
import org.kith.node.keys.RecoveryPhrase;

/** Passphrases and recovery phrases: shown once where they belong, never on stderr. */
class CliSecretsTest {

    static final String PASSPHRASE = "plum tree at midnight 42";

    @TempDir
    Path tmp;
    CliRunner kith;
    CliRunner.TestClock clock;

    @BeforeEach
    void setUp() {
        clock = new CliRunner.TestClock(CliRunner.START);
        kith = new CliRunner(clock, tmp);
    }

    private Result init(Path home, String... extra) {
        List<String> args = new ArrayList<>(List.of("init", "--home", home.toString()));
        args.addAll(List.of(extra));
        return kith.run(args.toArray(String[]::new));
    }

    /**
     * No stderr text carries two consecutive words of the phrase (in any punctuation), nor the
     * phrase itself. Single words are not checked: BIP39 words such as "file" may appear in a
     * message by chance.
     */
    static void assertNoPhraseIn(String text, List<String> words) {
        List<String> tokens = Arrays.asList(text.toLowerCase(Locale.ROOT).split("[^a-z]+"));
        for (int i = 0; i + 1 < words.size(); i++) {
            for (int j = 0; j + 1 < tokens.size(); j++) {
                boolean pair = tokens.get(j).equals(words.get(i)) && tokens.get(j + 1).equals(words.get(i + 1));
                int at = i;
                assertFalse(pair, () -> "words " + (at + 1) + " and " + (at + 2) + " of the phrase leaked: " + text);
            }
        }
    }

    @Test
    void initJsonShowsTheRecoveryPhraseExactlyOnce() throws Exception {
        Path home = tmp.resolve("ada");
        Result r = init(home, "--name", "Ada", "--no-passphrase", "--json").ok();
        JsonNode json = r.json();
        String phrase = json.get("recoveryPhrase").asText();
        List<String> words = List.of(phrase.split(" "));
        assertEquals(24, words.size());
        assertTrue(json.get("peerId").asText().startsWith("12D3KooW"));
        assertEquals(home.toString(), json.get("home").asText());
        assertFalse(json.get("encrypted").asBoolean());
        assertEquals(r.out().indexOf(phrase), r.out().lastIndexOf(phrase), "the phrase appears once");
        assertEquals("", r.err());
        // not in the data directory either
        for (Path f : Files.walk(home).filter(Files::isRegularFile).toList()) {
            String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertFalse(content.contains(words.get(0) + " " + words.get(1)), f::toString);
        }
        // the key is private to its owner
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                home.resolve("identity.key"))));
    }

    @Test
    void textInitShowsTheWordsOnStdoutOnly() {
        Result r = init(tmp.resolve("ada"), "--name", "Ada", "--no-passphrase").ok();
        List<String> lines = r.outLines();
        List<String> words = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("  ")) {
                words.addAll(List.of(line.strip().split(" ")));
            }
        }
        assertEquals(24, words.size(), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void restoreGivesTheSamePeerIdInANewHome() {
        JsonNode first = init(tmp.resolve("one"), "--name", "Ada", "--no-passphrase", "--json").ok().json();
        String phrase = first.get("recoveryPhrase").asText();

        Result restored = init(tmp.resolve("two"), "--restore", phrase, "--no-passphrase", "--json").ok();
        JsonNode json = restored.json();
        assertEquals(first.get("peerId").asText(), json.get("peerId").asText());
        assertNull(json.get("recoveryPhrase"), "a restore does not show the phrase again");
        assertEquals("", restored.err());
        JsonNode who = kith.ok("whoami", "--json", "--home", tmp.resolve("two").toString()).json();
        assertEquals(first.get("peerId").asText(), who.get("peerId").asText());
        assertTrue(who.get("name").isNull(), "the profile lives in records, not in the key");

        // any case, any spacing, and text output that does not repeat the words
        String sloppy = "  " + phrase.toUpperCase(Locale.ROOT).replace(" ", "   \t") + "\n";
        Result text = init(tmp.resolve("three"), "--restore", sloppy, "--no-passphrase").ok();
        assertEquals("Restored identity " + first.get("peerId").asText(), text.outLines().get(0));
        assertNoPhraseIn(text.out(), List.of(phrase.split(" ")));
    }

    @Test
    void restoreWithAWrongWord() {
        String phrase = init(tmp.resolve("one"), "--name", "Ada", "--no-passphrase", "--json").ok().json()
                .get("recoveryPhrase").asText();
        List<String> words = new ArrayList<>(List.of(phrase.split(" ")));
        List<String> typo = new ArrayList<>(words);
        typo.set(4, "zebrra");
        Path home = tmp.resolve("two");
        String line = assertQuietUserError(init(home, "--restore", String.join(" ", typo), "--no-passphrase"),
                "invalid recovery phrase", "word 5 is not in the BIP39 English word list");
        assertFalse(line.contains("zebrra"), "the mistyped word is not echoed");
        assertFalse(Files.exists(home));

        // every word known, one swapped for another: the checksum catches it. (The 8-bit checksum
        // misses one swap in 256, so the phrase is a fixed one and the swap one it is known to catch.)
        List<String> fixed = RecoveryPhrase.fromSeed(TestRecords.key("checksum").seed());
        List<String> swapped = null;
        for (String candidate : List.of("abandon", "ability", "able", "about", "above", "absent")) {
            List<String> attempt = new ArrayList<>(fixed);
            attempt.set(3, candidate);
            if (!candidate.equals(fixed.get(3)) && !restores(String.join(" ", attempt))) {
                swapped = attempt;
                break;
            }
        }
        assertNotNull(swapped);
        assertQuietUserError(init(home, "--restore", String.join(" ", swapped), "--no-passphrase"),
                "invalid recovery phrase", "checksum mismatch");
        assertQuietUserError(init(home, "--restore", String.join(" ", words.subList(0, 23)), "--no-passphrase"),
                "a recovery phrase has 24 words, this one has 23");
        assertFalse(Files.exists(home), "nothing is created");
        assertNoPhraseIn(kith.allStderr(), words);
    }

    @Test
    void anUnquotedPhraseIsNotEchoed() {
        String phrase = init(tmp.resolve("one"), "--name", "Ada", "--no-passphrase", "--json").ok().json()
                .get("recoveryPhrase").asText();
        List<String> words = List.of(phrase.split(" "));
        // kith init --restore w1 w2 … w24   (the quotes forgotten)
        List<String> args = new ArrayList<>(List.of("init", "--home", tmp.resolve("two").toString(), "--restore"));
        args.addAll(words);
        Result r = kith.run(args.toArray(String[]::new));
        assertUsageError(r, "quote");
        assertNoPhraseIn(r.err(), words);
        for (String w : words.subList(1, 24)) {
            assertFalse(r.err().contains("'" + w + "'"), () -> "a phrase word is echoed: " + r);
        }
        assertFalse(Files.exists(tmp.resolve("two")));
        // the same with --restore=w1
        args.set(3, "--restore=" + words.get(0));
        args.remove(4);
        Result r2 = kith.run(args.toArray(String[]::new));
        assertEquals(2, r2.code());
        assertNoPhraseIn(r2.err(), words);
    }

    @Test
    void otherUsageErrorsWithAPhraseDoNotEchoIt() {
        String phrase = init(tmp.resolve("one"), "--name", "Ada", "--no-passphrase", "--json").ok().json()
                .get("recoveryPhrase").asText();
        List<String> words = List.of(phrase.split(" "));
        Path two = tmp.resolve("two");
        assertUsageError(init(two, "--restore", phrase, "--name", "Ada"), "mutually exclusive");
        assertUsageError(init(two, "--restore", phrase, "--restore", phrase));
        assertUsageError(init(two, "--restore=" + phrase, "--nope"), "--nope");
        assertUsageError(init(two, "--restore", phrase, "--json=maybe"));
        assertNoPhraseIn(kith.allStderr(), words);
        assertFalse(Files.exists(two));
    }

    @Test
    void thePassphraseNeverReachesStderr() {
        Path home = tmp.resolve("locked");
        kith.passphrase(PASSPHRASE);
        JsonNode json = init(home, "--name", "Ada", "--json").ok().json();
        assertTrue(json.get("encrypted").asBoolean());
        kith.ok("propose", "--home", home.toString(), "--title", "T", "--summary", "S");
        kith.passphrase(PASSPHRASE + "!");
        assertQuietUserError(kith.run("propose", "--home", home.toString(), "--title", "T", "--summary", "S"),
                "wrong passphrase");
        assertQuietUserError(kith.run("vouch", "Ada", "--level", "high", "--home", home.toString()));
        kith.passphrase(null);
        kith.typing(PASSPHRASE + "?");
        assertQuietUserError(kith.run("propose", "--home", home.toString(), "--title", "T", "--summary", "S"),
                "wrong passphrase");
        kith.typing("another one", "and another");
        assertQuietUserError(init(tmp.resolve("second"), "--name", "Bo"), "do not match");
        String stderr = kith.allStderr();
        assertFalse(stderr.contains(PASSPHRASE) || stderr.contains("plum") || stderr.contains("another"), stderr);
        for (Path f : List.of(home.resolve("identity.key"))) {
            assertFalse(new String(readAll(f), StandardCharsets.ISO_8859_1).contains("plum"));
        }
        assertNotEquals(0, kith.prompts.size());
    }

    private static boolean restores(String phrase) {
        try {
            RecoveryPhrase.toSeed(phrase);
            return true;
        } catch (InvalidRecoveryPhraseException e) {
            return false;
        }
    }

    private static byte[] readAll(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
