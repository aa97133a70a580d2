package org.kith.p2p.pnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kith.p2p.pnet.InvalidSwarmKeyException.Reason;

/**
 * Replays the swarm.key files under {@code src/test/resources/pnet/}: {@code valid-*} must parse
 * to the expected key, {@code bad-*} must be refused with the listed reason. js-libp2p accepts a
 * number of the bad ones (it ignores lines 1 and 2 and anything after the key); go-libp2p accepts
 * trailing content. Kith refuses all of them, so a mistyped file fails loudly instead of
 * quietly forming a different network.
 */
class SwarmKeyFixturesTest {

    private static final String COUNTING_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    private static final Map<String, String> VALID = Map.ofEntries(
            Map.entry("valid-base16.key", COUNTING_KEY),
            Map.entry("valid-base16-no-final-newline.key", COUNTING_KEY),
            Map.entry("valid-base16-crlf-upper.key", COUNTING_KEY),
            Map.entry("valid-base16-mixed-case.key", COUNTING_KEY),
            Map.entry("valid-mixed-line-ends.key", COUNTING_KEY),
            Map.entry("valid-base64.key", COUNTING_KEY),
            Map.entry("valid-base64-crlf.key", COUNTING_KEY),
            Map.entry("valid-bin.key", COUNTING_KEY),
            Map.entry("valid-bin-final-newline.key", COUNTING_KEY),
            Map.entry("valid-bin-crlf.key", COUNTING_KEY),
            // Written by js-libp2p's generateKey (no final newline).
            Map.entry("valid-js-generated.key", "484249185e7fcc6642238eb377ed86ac6f41ad515070d0805f2dd999dfdfe72c"));

    private static Path dir() throws URISyntaxException {
        URL url = SwarmKeyFixturesTest.class.getResource("/pnet/valid-base16.key");
        return Path.of(url.toURI()).getParent();
    }

    private static byte[] fixture(String name) throws IOException, URISyntaxException {
        return Files.readAllBytes(dir().resolve(name));
    }

    @Test
    void everyValidFixtureParsesToItsKey() throws Exception {
        for (Map.Entry<String, String> e : VALID.entrySet()) {
            byte[] key = SwarmKey.parse(fixture(e.getKey())).keyBytes();
            assertEquals(e.getValue(), HexFormat.of().formatHex(key), e.getKey());
        }
    }

    @Test
    void jsGeneratedFileRoundTripsToOurFormPlusNewline() throws Exception {
        byte[] js = fixture("valid-js-generated.key");
        byte[] ours = SwarmKey.parse(js).toFileBytes();
        byte[] jsWithNewline = new byte[js.length + 1];
        System.arraycopy(js, 0, jsWithNewline, 0, js.length);
        jsWithNewline[js.length] = '\n';
        assertArrayEquals(jsWithNewline, ours);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "bad-empty.key, BAD_HEADER",
        "bad-header-no-newline.key, MISSING_LINE",
        "bad-header-only.key, MISSING_LINE",
        "bad-no-key.key, MISSING_LINE",
        "bad-no-key-newline.key, MISSING_LINE",
        "bad-header-version.key, BAD_HEADER",
        "bad-header-trailing-space.key, BAD_HEADER",
        "bad-header-bom.key, BAD_HEADER",
        "bad-leading-blank-line.key, BAD_HEADER",
        "bad-cr-line-ends.key, BAD_HEADER",
        "bad-utf16.key, BAD_HEADER",
        "bad-encoding-unknown.key, UNKNOWN_ENCODING",
        "bad-encoding-upper-case.key, UNKNOWN_ENCODING",
        "bad-encoding-no-slashes.key, UNKNOWN_ENCODING",
        "bad-hex-short.key, WRONG_KEY_LENGTH",
        "bad-hex-long.key, WRONG_KEY_LENGTH",
        "bad-hex-odd.key, WRONG_KEY_LENGTH",
        "bad-hex-not-hex.key, BAD_KEY_TEXT",
        "bad-hex-0x-prefix.key, BAD_KEY_TEXT",
        "bad-hex-inner-space.key, BAD_KEY_TEXT",
        "bad-hex-trailing-space.key, BAD_KEY_TEXT",
        "bad-hex-nul.key, BAD_KEY_TEXT",
        "bad-hex-cr-without-lf.key, BAD_KEY_TEXT",
        "bad-trailing-line.key, TRAILING_CONTENT",
        "bad-trailing-blank-line.key, TRAILING_CONTENT",
        "bad-two-keys.key, TRAILING_CONTENT",
        "bad-base64-unpadded.key, BAD_KEY_TEXT",
        "bad-base64-url-alphabet.key, BAD_KEY_TEXT",
        "bad-base64-short.key, WRONG_KEY_LENGTH",
        "bad-base64-of-hex.key, WRONG_KEY_LENGTH",
        "bad-base64-nonzero-pad-bits.key, BAD_KEY_TEXT",
        "bad-bin-short.key, WRONG_KEY_LENGTH",
        "bad-bin-trailing-junk.key, TRAILING_CONTENT",
        "bad-bin-two-newlines.key, TRAILING_CONTENT",
        "bad-oversized.key, FILE_TOO_LARGE",
    })
    void hostileFixtureIsRefused(String name, Reason reason) throws Exception {
        byte[] file = fixture(name);
        InvalidSwarmKeyException e = assertThrows(InvalidSwarmKeyException.class, () -> SwarmKey.parse(file));
        assertEquals(reason, e.reason(), e.getMessage());
        InvalidSwarmKeyException fromDisk = assertThrows(InvalidSwarmKeyException.class,
                () -> SwarmKey.read(dir().resolve(name)));
        assertEquals(reason, fromDisk.reason());
    }

    @Test
    void everyFixtureFileIsCoveredByATest() throws Exception {
        Set<String> files;
        try (Stream<Path> list = Files.list(dir())) {
            files = list.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        for (String name : files) {
            assertTrue(name.startsWith("valid-") || name.startsWith("bad-"), name + " is neither valid- nor bad-");
            if (name.startsWith("valid-")) {
                assertTrue(VALID.containsKey(name), name + " has no expected key");
            }
        }
        long bad = files.stream().filter(n -> n.startsWith("bad-")).count();
        assertEquals(35, bad, "a bad-* fixture was added or removed: update the @CsvSource");
    }
}
