package org.kith.protocol.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the malformed payloads kept under {@code src/test/resources/record/payloads/}. Each is
 * named {@code <reason-code>--<what>.json} (or {@code .bin} for bytes that are not UTF-8 text)
 * and must be refused with exactly that reason. They are written against the fixed test clock
 * ({@link RecordFixtures#NOW}) and Alice's key, and each is one defect away from
 * {@code record/valid-comment.json} or a similarly minimal valid record.
 */
class HostilePayloadFixturesTest {

    private static final String DIR = "/record/payloads";

    static Path directory() throws URISyntaxException {
        URL url = HostilePayloadFixturesTest.class.getResource(DIR);
        assertNotNull(url, "fixture directory " + DIR + " is on the test class path");
        return Path.of(url.toURI());
    }

    static Stream<Path> fixtures() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(Files::isRegularFile).sorted().collect(Collectors.toList()).stream();
        }
    }

    static RejectReason expectedReason(Path file) {
        String name = file.getFileName().toString();
        int sep = name.indexOf("--");
        assertTrue(sep > 0, "fixture name must be <reason-code>--<what>.json|.bin: " + name);
        String code = name.substring(0, sep);
        return Arrays.stream(RejectReason.values()).filter(r -> r.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no RejectReason with code " + code + " (" + name + ")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureIsRefusedWithTheReasonInItsName(Path file) throws IOException {
        byte[] payload = Files.readAllBytes(file);
        RecordFixtures.assertRejects(expectedReason(file), payload);
    }

    @Test
    void fixtureSetIsLargeAndVaried() throws Exception {
        List<Path> all = fixtures().toList();
        assertTrue(all.size() >= 20, "at least 20 fixtures, found " + all.size());
        Set<RejectReason> reasons = EnumSet.noneOf(RejectReason.class);
        for (Path p : all) {
            String name = p.getFileName().toString();
            assertTrue(name.endsWith(".json") || name.endsWith(".bin"), name);
            reasons.add(expectedReason(p));
        }
        assertTrue(reasons.size() >= 20, "distinct reasons covered: " + reasons);
        assertTrue(all.stream().anyMatch(p -> p.toString().endsWith(".bin")), "some binary fixtures");
    }

    @Test
    void binaryFixturesAreTheOnesThatAreNotUtf8() throws Exception {
        for (Path p : fixtures().toList()) {
            if (p.toString().endsWith(".bin")) {
                assertEquals(RejectReason.NOT_UTF8, expectedReason(p), p.getFileName().toString());
            }
        }
    }

    @Test
    void theValidBaselineIsAccepted() throws Exception {
        Path valid = directory().resolveSibling("valid-comment.json");
        RecordPayload p = RecordFixtures.assertAccepts(Files.readAllBytes(valid));
        assertEquals(RecordFixtures.ALICE.peerId(), p.author());
        assertEquals(new Comment(RecordFixtures.PROPOSAL_ID, "hello"), p.body());
    }
}
