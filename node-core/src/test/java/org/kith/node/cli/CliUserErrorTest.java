package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.node.cli.CliRunner.DUE;
import static org.kith.node.cli.CliRunner.assertQuietUserError;
import static org.kith.node.cli.HomeSnapshot.assertUnchanged;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kith.node.cli.CliRunner.Result;
import org.kith.node.keys.RecoveryPhrase;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.VerifiedRecord;

/**
 * Every user error: exit 1, exactly one line on stderr starting "kith: ", no stack trace, and
 * the data directory exactly as it was (files, stored records, listings, export).
 */
class CliUserErrorTest {

    static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    static Path templates;
    static final CliRunner.TestClock CLOCK = new CliRunner.TestClock(CliRunner.START);
    static Path adaTemplate;
    static Path lockedTemplate;
    /** Ada's proposal, Ada's commitment to it, Bo's commitment to it, Bo's proposal. */
    static String adaProposal;
    static String adaCommitment;
    static String boCommitment;
    static String boProposal;

    @TempDir
    Path tmp;
    Path ada;
    CliRunner kith;

    @BeforeAll
    static void community() {
        adaTemplate = templates.resolve("ada");
        Path boHome = templates.resolve("bo");
        CliRunner a = new CliRunner(CLOCK, templates).home(adaTemplate);
        CliRunner b = new CliRunner(CLOCK, templates).home(boHome);
        a.ok("init", "--name", "Ada Lovelace", "--no-passphrase");
        adaProposal = a.ok("propose", "--title", "Community garden", "--summary", "A garden on the empty lot",
                "--role", "builder:carpentry", "--role", "gardener:gardening").printed();
        adaCommitment = a.ok("commit", adaProposal, "--what", "Water the beds", "--due", DUE, "--role", "gardener")
                .printed();
        Path adaExport = templates.resolve("ada.json");
        a.ok("export", "--out", adaExport.toString());

        b.ok("init", "--name", "Bo", "--no-passphrase");
        b.ok("import", adaExport.toString());
        boCommitment = b.ok("commit", adaProposal, "--what", "Build the beds", "--due", DUE, "--role", "builder")
                .printed();
        boProposal = b.ok("propose", "--title", "Tool library", "--summary", "Lend tools").printed();
        Path boExport = templates.resolve("bo.json");
        b.ok("export", "--out", boExport.toString());
        a.ok("import", boExport.toString());

        lockedTemplate = templates.resolve("locked");
        CliRunner l = new CliRunner(CLOCK, templates).home(lockedTemplate).passphrase(PASSPHRASE);
        l.ok("init", "--name", "Lena");
        l.ok("propose", "--title", "Choir", "--summary", "Sing on Sundays");
    }

    @BeforeEach
    void copyAda() {
        ada = tmp.resolve("ada");
        HomeSnapshot.copyTree(adaTemplate, ada);
        kith = new CliRunner(CLOCK, tmp).home(ada);
    }

    /** Runs {@code args} against Ada's home, expecting a user error that changes nothing. */
    private String failsChangingNothing(CliRunner k, Path home, String[] args, String... fragments) {
        HomeSnapshot before = HomeSnapshot.of(k, home);
        Result r = k.run(args);
        String line = assertQuietUserError(r, fragments);
        assertUnchanged(before, HomeSnapshot.of(k, home));
        return line;
    }

    private String failsChangingNothing(String[] args, String... fragments) {
        return failsChangingNothing(kith, ada, args, fragments);
    }

    private static String[] args(String... a) {
        return a;
    }

    // ---- passphrases ----------------------------------------------------------------------

    @Test
    void wrongPassphrase() {
        Path locked = tmp.resolve("locked");
        HomeSnapshot.copyTree(lockedTemplate, locked);
        CliRunner k = new CliRunner(CLOCK, tmp).home(locked).passphrase("correct horse battery stapler");
        String line = failsChangingNothing(k, locked, args("propose", "--title", "T", "--summary", "S"),
                "wrong passphrase", "identity.key");
        assertFalse(line.contains("stapler") || line.contains(PASSPHRASE), line);
        failsChangingNothing(k, locked, args("profile", "set", "--bio", "hello"), "wrong passphrase");
        k.passphrase("");
        failsChangingNothing(k, locked, args("vouch", "Lena", "--level", "high"), "wrong passphrase");
        // reading needs no passphrase at all
        assertEquals("Lena", k.ok("whoami", "--json").json().get("name").asText());
        assertFalse(k.allStderr().contains("stapler"));
    }

    @Test
    void missingPassphraseWithoutTerminal() {
        Path locked = tmp.resolve("locked");
        HomeSnapshot.copyTree(lockedTemplate, locked);
        CliRunner k = new CliRunner(CLOCK, tmp).home(locked);
        failsChangingNothing(k, locked, args("propose", "--title", "T", "--summary", "S"),
                "a passphrase is needed: set KITH_PASSPHRASE or run in a terminal");
        assertEquals(1, k.prompts.size(), "the terminal was asked (and there was none)");
    }

    // ---- data directories that are not (usable) Kith homes ---------------------------------

    static Stream<Arguments> commandsNeedingAHome() {
        return Stream.of(
                Arguments.of((Object) new String[] {"whoami"}),
                Arguments.of((Object) new String[] {"list", "proposals", "--json"}),
                Arguments.of((Object) new String[] {"show", "abcdabcd"}),
                Arguments.of((Object) new String[] {"profile", "show"}),
                Arguments.of((Object) new String[] {"propose", "--title", "T", "--summary", "S"}),
                Arguments.of((Object) new String[] {"vouch", "Bo", "--level", "high"}),
                Arguments.of((Object) new String[] {"export"}));
    }

    @ParameterizedTest
    @MethodSource("commandsNeedingAHome")
    void missingDataDirectory(String[] args) {
        Path home = tmp.resolve("nowhere");
        kith.home(home);
        assertQuietUserError(kith.run(args), "no Kith data directory at " + home, "kith init");
        assertFalse(Files.exists(home), "nothing is created");
    }

    @ParameterizedTest
    @MethodSource("commandsNeedingAHome")
    void emptyDirectory(String[] args) throws Exception {
        Path home = Files.createDirectory(tmp.resolve("empty"));
        kith.home(home);
        assertQuietUserError(kith.run(args), "no Kith identity in " + home, "kith init");
        try (Stream<Path> s = Files.list(home)) {
            assertEquals(0, s.count(), "nothing is created");
        }
    }

    @ParameterizedTest
    @MethodSource("commandsNeedingAHome")
    void foreignDirectory(String[] args) throws Exception {
        Path home = Files.createDirectory(tmp.resolve("photos"));
        Files.writeString(home.resolve("holiday.jpg"), "not really a photo");
        Files.createDirectory(home.resolve("2025"));
        HomeSnapshot before = HomeSnapshot.files(home);
        kith.home(home);
        assertQuietUserError(kith.run(args), home + " is not a Kith data directory (no identity.key)");
        assertUnchanged(before, HomeSnapshot.files(home));
    }

    @ParameterizedTest
    @MethodSource("commandsNeedingAHome")
    void garbageKeyFile(String[] args) throws Exception {
        Path home = Files.createDirectory(tmp.resolve("broken"));
        Files.writeString(home.resolve("identity.key"), "this is not a key\n\u0000\u0001");
        HomeSnapshot before = HomeSnapshot.files(home);
        kith.home(home);
        assertQuietUserError(kith.run(args), home.resolve("identity.key").toString());
        assertUnchanged(before, HomeSnapshot.files(home));
    }

    @Test
    void initTwice() {
        failsChangingNothing(args("init", "--name", "Ada again", "--no-passphrase"),
                ada + " already holds a Kith identity");
        // asking for a passphrase first would be pointless: refused before any prompt
        kith.typing("pw", "pw");
        failsChangingNothing(args("init", "--name", "Ada again"), "already holds a Kith identity");
        assertEquals(List.of(), kith.prompts);
        String words = new CliRunner(CLOCK, tmp).ok("init", "--name", "Zed", "--no-passphrase", "--json", "--home",
                tmp.resolve("zed").toString()).json().get("recoveryPhrase").asText();
        failsChangingNothing(args("init", "--restore", words, "--no-passphrase"), "already holds a Kith identity");
    }

    @Test
    void initWithTooLongNameCreatesNothing() throws Exception {
        Path parent = Files.createDirectory(tmp.resolve("parent"));
        Path home = parent.resolve("deeper").resolve("kith");
        String name = "N".repeat(65);
        assertQuietUserError(kith.run("init", "--name", name, "--no-passphrase", "--home", home.toString()), "64");
        try (Stream<Path> s = Files.list(parent)) {
            assertEquals(0, s.count(), "not even the parent directories are created");
        }
        // exactly at the limit is fine
        kith.ok("init", "--name", "N".repeat(64), "--no-passphrase", "--home", home.toString());
    }

    @Test
    void initWithBadNameCreatesNothing() {
        Path home = tmp.resolve("new");
        assertQuietUserError(kith.run("init", "--name", "two\nlines", "--no-passphrase", "--home", home.toString()));
        assertQuietUserError(kith.run("init", "--name", "", "--no-passphrase", "--home", home.toString()));
        assertFalse(Files.exists(home));
    }

    @Test
    void initRefusesADirectoryHoldingOtherThings() throws Exception {
        Path documents = Files.createDirectory(tmp.resolve("documents"));
        Files.writeString(documents.resolve("letter.txt"), "dear Ada");
        HomeSnapshot before = HomeSnapshot.files(documents);
        assertQuietUserError(kith.run("init", "--name", "Ada", "--no-passphrase", "--home", documents.toString()),
                "not empty");
        assertUnchanged(before, HomeSnapshot.files(documents));
    }

    @Test
    void initThatFailsHalfwayLeavesNoIdentityBehind() throws Exception {
        // The store of the identity being restored is damaged: the key is written, then the store
        // cannot be opened. The key must not stay (its phrase was never shown, its store is unusable).
        Ed25519KeyPair key = TestRecords.key("restore-onto-a-damaged-store");
        String phrase = String.join(" ", RecoveryPhrase.fromSeed(key.seed()));
        Path home = Files.createDirectory(tmp.resolve("restore"));
        Path store = Files.createDirectories(home.resolve(key.peerId().toBase58())).resolve("kith.db");
        Files.writeString(store, "not an SQLite database, not at all, no, no, no, no, no, no, no, no, no, no.");
        HomeSnapshot before = HomeSnapshot.files(home);
        assertQuietUserError(kith.run("init", "--restore", phrase, "--no-passphrase", "--home", home.toString()),
                store.toString());
        assertUnchanged(before, HomeSnapshot.files(home));
        assertFalse(Files.exists(home.resolve("identity.key")));

        // The store's place is taken by a file: the directories this run made go again, too.
        Path fresh = tmp.resolve("fresh").resolve("kith");
        Files.createDirectories(fresh.getParent());
        Path blocker = tmp.resolve("blocked");
        Files.createDirectory(blocker);
        Files.writeString(blocker.resolve(key.peerId().toBase58()), "in the way");
        HomeSnapshot blocked = HomeSnapshot.files(blocker);
        assertQuietUserError(kith.run("init", "--restore", phrase, "--no-passphrase", "--home", blocker.toString()));
        assertUnchanged(blocked, HomeSnapshot.files(blocker));

        // with the damage repaired the same restore works
        Files.delete(store);
        kith.ok("init", "--restore", phrase, "--no-passphrase", "--home", home.toString());
        assertEquals(key.peerId().toBase58(), kith.ok("whoami", "--json", "--home", home.toString()).json()
                .get("peerId").asText());
    }

    @Test
    void exportWhereItCannotBeWritten() throws Exception {
        Path missing = tmp.resolve("no-such-dir").resolve("out.json");
        failsChangingNothing(args("export", "--out", missing.toString()),
                "cannot write the bundle: no directory " + missing.getParent());
        Path dir = Files.createDirectory(tmp.resolve("a-dir"));
        failsChangingNothing(args("export", "--out", dir.toString()), "cannot write the bundle: " + dir + " is a directory");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".kith-export")).toList(),
                    "no temporary file is left behind");
        }
        // over an existing file is fine: it is replaced whole
        Path existing = TestRecords.write(tmp.resolve("old.json"), "old content");
        kith.ok("export", "--out", existing.toString());
        assertEquals(kith.ok("export").json().get("records"), TestRecords.JSON.readTree(existing.toFile()).get("records"));
    }

    // ---- ids and people ----------------------------------------------------------------------

    static Stream<Arguments> commandsTakingAnId() {
        return Stream.of(
                Arguments.of((Object) new String[] {"show", "%s"}),
                Arguments.of((Object) new String[] {"show", "%s", "--json"}),
                Arguments.of((Object) new String[] {"commit", "%s", "--what", "W", "--due", DUE}),
                Arguments.of((Object) new String[] {"attest", "%s", "--outcome", "kept"}),
                Arguments.of((Object) new String[] {"comment", "%s", "nice"}),
                Arguments.of((Object) new String[] {"retract", "%s"}),
                Arguments.of((Object) new String[] {"proposal", "update", "%s", "--status", "active"}),
                Arguments.of((Object) new String[] {"commitment", "update", "%s", "--status", "delivered"}));
    }

    private static String[] withId(String[] template, String id) {
        return Stream.of(template).map(a -> a.equals("%s") ? id : a).toArray(String[]::new);
    }

    @ParameterizedTest
    @MethodSource("commandsTakingAnId")
    void unknownId(String[] template) {
        failsChangingNothing(withId(template, "zzzzzzzzzzzzzzzzzzzz"), "no record with id zzzzzzzzzzzzzzzzzzzz");
        // a whole id of no stored record
        String absent = "q".repeat(51) + "a";
        failsChangingNothing(withId(template, absent), "no record with id " + absent);
    }

    @ParameterizedTest
    @MethodSource("commandsTakingAnId")
    void tooShortOrMalformedId(String[] template) {
        failsChangingNothing(withId(template, adaProposal.substring(0, 3)), "is not a record id",
                "at least 4 lower-case base32 characters");
        failsChangingNothing(withId(template, "ABCDEFGHIJKL"), "is not a record id");
        failsChangingNothing(withId(template, "abc!def"), "is not a record id");
    }

    @ParameterizedTest
    @MethodSource("commandsTakingAnId")
    void ambiguousIdPrefix(String[] template) {
        // two real records whose ids share their first four characters
        Clock fixed = Clock.fixed(CliRunner.START, ZoneOffset.UTC);
        List<VerifiedRecord> twins = TestRecords.idPrefixTwins(fixed);
        Path bundle = TestRecords.write(tmp.resolve("twins.json"),
                TestRecords.bundle(twins.stream().map(TestRecords::entry).toList()));
        assertTrue(kith.ok("import", bundle.toString()).printed().startsWith("accepted 2,"));
        String prefix = twins.get(0).id().toString().substring(0, 4);
        failsChangingNothing(withId(template, prefix), "id prefix " + prefix + " is ambiguous");
        // one more character tells them apart
        String longer = twins.get(0).id().toString().substring(0, 12);
        assertEquals("profile", kith.ok("show", longer, "--json").json().get("type").asText());
    }

    @Test
    void unknownPerson() {
        failsChangingNothing(args("vouch", "Nobody", "--level", "high"), "no person \"Nobody\" known to this node");
        failsChangingNothing(args("profile", "show", "Nobody"), "no person \"Nobody\"");
        failsChangingNothing(args("list", "commitments", "--person", "Nobody"), "no person \"Nobody\"");
        // a peer ID prefix shared by everyone (all Ed25519 peer IDs start 12D3KooW) is ambiguous
        failsChangingNothing(args("vouch", "12D3KooW", "--level", "high"), "ambiguous");
        // a well-formed peer ID of someone without a profile here
        String stranger = TestRecords.key("stranger").peerId().toBase58();
        failsChangingNothing(args("profile", "show", stranger), "no profile known for " + stranger);
    }

    @Test
    void vouchForYourself() {
        failsChangingNothing(args("vouch", "Ada Lovelace", "--level", "high"), "you cannot vouch for yourself");
    }

    // ---- rules about whose records you may touch -------------------------------------------

    @Test
    void attestYourOwnCommitment() {
        failsChangingNothing(args("attest", adaCommitment, "--outcome", "kept"), "you cannot attest your own commitment");
    }

    @Test
    void updateSomeoneElsesProposal() {
        failsChangingNothing(args("proposal", "update", boProposal, "--status", "active"),
                "only the author of a proposal may update it");
        failsChangingNothing(args("proposal", "update", boProposal.substring(0, 8), "--title", "Mine now"),
                "only the author");
    }

    @Test
    void updateSomeoneElsesCommitment() {
        failsChangingNothing(args("commitment", "update", boCommitment, "--status", "delivered"),
                "only the committer may update a commitment");
    }

    @Test
    void retractSomeoneElsesRecord() {
        failsChangingNothing(args("retract", boProposal), "you can retract only your own records");
        failsChangingNothing(args("retract", boCommitment), "you can retract only your own records");
    }

    @Test
    void commitWithDueDateInThePast() {
        failsChangingNothing(args("commit", adaProposal, "--what", "W", "--due", "2026-11-22"),
                "the due date 2026-11-22 is in the past");
        failsChangingNothing(args("commitment", "update", adaCommitment, "--status", "renegotiated", "--due",
                "2020-01-01"), "in the past");
    }

    @Test
    void commitToUnknownRole() {
        failsChangingNothing(args("commit", adaProposal, "--what", "W", "--due", DUE, "--role", "astronaut"),
                "has no role \"astronaut\"");
    }

    @Test
    void commitToSomethingThatIsNotAProposal() {
        failsChangingNothing(args("commit", boCommitment, "--what", "W", "--due", DUE), "no proposal " + boCommitment);
        failsChangingNothing(args("attest", adaProposal, "--outcome", "kept"), "no commitment " + adaProposal);
    }

    @Test
    void commitmentUpdateRules() {
        failsChangingNothing(args("commitment", "update", adaCommitment, "--status", "renegotiated"),
                "needs a new --due date");
        failsChangingNothing(args("commitment", "update", adaCommitment, "--status", "delivered", "--due", DUE),
                "--due goes only with --status renegotiated");
    }

    @Test
    void recordsThatBreakAFieldRule() {
        failsChangingNothing(args("propose", "--title", "T".repeat(141), "--summary", "S"), "140");
        failsChangingNothing(args("propose", "--title", "   ", "--summary", "S"));
        failsChangingNothing(args("propose", "--title", "T", "--summary", "S", "--role", "a:b:c:d"), "--role");
        failsChangingNothing(args("propose", "--kind", "gathering", "--title", "T", "--summary", "S"),
                "required for a gathering");
        failsChangingNothing(args("propose", "--title", "T", "--summary", "S", "--when", "next week"));
        failsChangingNothing(args("propose", "--title", "T", "--summary", "S", "--swarm", "secret"),
                "no swarm named \"secret\"");
        failsChangingNothing(args("proposal", "update", adaProposal), "nothing to update");
        failsChangingNothing(args("comment", adaProposal, "x".repeat(4001)), "4000");
    }
}
