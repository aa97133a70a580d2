package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.kith.node.cli.CliRunner.DUE;
import static org.kith.node.cli.CliRunner.assertUsageError;
import static org.kith.node.cli.HomeSnapshot.assertUnchanged;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors exit 2, say what is wrong and how to get help, and run nothing. */
class CliUsageErrorTest {

    @TempDir
    Path tmp;
    Path home;
    CliRunner kith;
    String proposal;
    String commitment;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("home");
        kith = new CliRunner(tmp).home(home);
        kith.ok("init", "--name", "Ada", "--no-passphrase");
        proposal = kith.ok("propose", "--title", "Garden", "--summary", "Dig", "--role", "digger:digging").printed();
        commitment = kith.ok("commit", proposal, "--what", "Dig", "--due", DUE).printed();
    }

    /** A usage error that leaves the home exactly as it was. */
    private void usage(String[] args, String... fragments) {
        HomeSnapshot before = HomeSnapshot.of(kith, home);
        assertUsageError(kith.run(args), fragments);
        assertUnchanged(before, HomeSnapshot.of(kith, home));
    }

    private static String[] args(String... a) {
        return a;
    }

    @Test
    void unknownCommand() {
        usage(args("frobnicate"), "frobnicate", "Try 'kith --help' for usage.");
        usage(args("lsit", "proposals"), "lsit");
    }

    @Test
    void unknownOption() {
        usage(args("list", "proposals", "--colour"), "Unknown option: '--colour'", "Try 'kith list --help' for usage.");
        usage(args("propose", "--title", "T", "--summary", "S", "--priority", "high"), "--priority");
        usage(args("--verbose", "whoami"), "--verbose");
    }

    @Test
    void missingRequiredOption() {
        usage(args("propose", "--summary", "S"), "Missing required option", "--title");
        usage(args("commit", proposal, "--what", "W"), "--due");
        usage(args("attest", commitment), "--outcome");
        usage(args("vouch", "Bo"), "--level");
        usage(args("commitment", "update", commitment), "--status");
    }

    @Test
    void missingParameterOrSubcommand() {
        usage(args("show"), "ID");
        usage(args("comment", proposal), "TEXT");
        usage(args("profile"), "Missing required subcommand");
        usage(args("list"), "people|proposals|commitments|attestations");
        usage(args("show", proposal, "extra"), "extra");
    }

    @Test
    void badEnumValue() {
        usage(args("attest", commitment, "--outcome", "maybe"), "'maybe' is not one of kept|partly-kept|not-kept",
                "Try 'kith attest --help' for usage.");
        usage(args("attest", commitment, "--outcome", "KEPT"), "'KEPT'");
        usage(args("vouch", "Bo", "--level", "total"), "'total' is not one of distrust|neutral|some|high");
        usage(args("propose", "--title", "T", "--summary", "S", "--kind", "party"), "'party'");
        usage(args("proposal", "update", proposal, "--status", "done"), "'done'");
        usage(args("commitment", "update", commitment, "--status", "kept"), "'kept'");
        usage(args("list", "projects"), "projects");
    }

    @Test
    void badDateFormat() {
        usage(args("commit", proposal, "--what", "W", "--due", "2026-13-01"), "'2026-13-01' is not a date YYYY-MM-DD");
        usage(args("commit", proposal, "--what", "W", "--due", "tomorrow"), "'tomorrow' is not a date YYYY-MM-DD");
        usage(args("commit", proposal, "--what", "W", "--due", "15/01/2027"), "is not a date");
        usage(args("commitment", "update", commitment, "--status", "renegotiated", "--due", "2027-02-30"),
                "is not a date");
    }

    @Test
    void initUsage() {
        Path fresh = tmp.resolve("fresh");
        assertUsageError(kith.run("init", "--home", fresh.toString()), "--name", "--restore");
        assertUsageError(kith.run("init", "--name", "A", "--restore", "words", "--home", fresh.toString()),
                "mutually exclusive");
        assertUsageError(kith.run("init", "--name", "A", "--no-passphrase", "--bogus", "--home", fresh.toString()),
                "--bogus");
        assertFalse(Files.exists(fresh), "a usage error creates nothing");
    }
}
