package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.node.cli.CliRunner.assertQuietUserError;
import static org.kith.node.cli.HomeSnapshot.assertUnchanged;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed bundles under {@code src/test/resources/cli/}: a golden bundle that must keep
 * verifying and importing (and that the code must keep producing byte for byte), and bad
 * bundles, each holding Gina's valid records, none of which may be imported.
 */
class CliFixtureTest {

    @TempDir
    Path tmp;
    Path home;
    CliRunner kith;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("home");
        kith = new CliRunner(tmp).home(home);
        kith.ok("init", "--name", "Ada", "--no-passphrase");
    }

    static Path resource(String name) {
        try {
            return Path.of(CliFixtureTest.class.getResource("/cli/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Path> badBundles() throws IOException {
        try (Stream<Path> s = Files.list(resource("bad"))) {
            List<Path> all = s.sorted().toList();
            assertTrue(all.size() >= 10, "the bad fixtures are on the class path");
            return all.stream();
        }
    }

    @Test
    void theGoldenBundleVerifiesAndImports() {
        Path golden = resource("gina.bundle.json");
        assertEquals("OK: 2 records from 1 author(s) in 1 feed(s); every signature valid, every chain whole",
                kith.ok("verify", golden.toString()).printed());
        assertEquals("accepted 2, already known 0, held 0, fork evidence 0, rejected 0",
                kith.ok("import", golden.toString()).printed());
        JsonNode proposal = kith.ok("list", "proposals", "--json").json().get(0);
        assertEquals("Bike repair", proposal.get("title").asText());
        assertEquals("Gina", kith.ok("profile", "show", "gina", "--json").json().get("name").asText());
    }

    @Test
    void theCodeStillSignsTheGoldenRecordsByteForByte() throws IOException {
        JsonNode golden = TestRecords.JSON.readTree(resource("gina.bundle.json").toFile()).get("records");
        JsonNode now = TestRecords.bundle(CliImportTest.gina().stream().map(TestRecords::entry).toList()).get("records");
        assertEquals(golden, now, "payload encoding or signing changed: old bundles would no longer match");
    }

    @ParameterizedTest
    @MethodSource("badBundles")
    void aBadBundleImportsNothing(Path bad) {
        HomeSnapshot before = HomeSnapshot.of(kith, home);
        String line = assertQuietUserError(kith.run("import", bad.toString()), bad.toString());
        assertTrue(line.contains("not a Kith bundle"), line);
        assertUnchanged(before, HomeSnapshot.of(kith, home));
        assertQuietUserError(kith.run("verify", bad.toString()), bad.toString(), "not a Kith bundle");
    }
}
