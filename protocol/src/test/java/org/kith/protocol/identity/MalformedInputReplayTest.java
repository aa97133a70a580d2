package org.kith.protocol.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the malformed-input corpora under {@code src/test/resources/identity/}. The line format
 * is documented at the top of {@code malformed-peer-ids.txt}.
 */
class MalformedInputReplayTest {

    private static final String PEER_IDS = "/identity/malformed-peer-ids.txt";
    private static final String MULTIHASHES = "/identity/malformed-multihashes.hex";
    private static final String PUBLIC_KEYS = "/identity/malformed-public-key-protobufs.hex";
    private static final String VARINTS = "/identity/malformed-varints.hex";

    /** One data line of a corpus file. */
    record Case(String file, int line, String why, String input) {
        byte[] hexBytes() {
            return HexFormat.of().parseHex(input.replace(" ", ""));
        }

        @Override
        public String toString() {
            return file.substring(file.lastIndexOf('/') + 1) + ":" + line + " " + why;
        }
    }

    static List<Case> load(String resource) {
        InputStream in = MalformedInputReplayTest.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        List<Case> cases = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int sep = line.indexOf(" :: ");
                String why;
                String input;
                if (sep >= 0) {
                    why = line.substring(0, sep);
                    input = line.substring(sep + 4);
                } else if (line.endsWith(" ::")) {
                    why = line.substring(0, line.length() - 3);
                    input = "";
                } else {
                    throw new IllegalStateException(resource + ":" + number + ": no \" :: \" separator");
                }
                cases.add(new Case(resource, number, why.strip(), input));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static Stream<Arguments> arguments(String resource) {
        return load(resource).stream().map(c -> Arguments.of(c));
    }

    static Stream<Arguments> malformedPeerIds() {
        return arguments(PEER_IDS);
    }

    static Stream<Arguments> malformedMultihashes() {
        return arguments(MULTIHASHES);
    }

    static Stream<Arguments> malformedPublicKeys() {
        return arguments(PUBLIC_KEYS);
    }

    static Stream<Arguments> malformedVarints() {
        return arguments(VARINTS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedPeerIds")
    void parseRejectsEveryMalformedPeerIdInTheCorpus(Case c) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PeerId.parse(c.input()), c.toString());
        assertNotNull(e.getMessage());
        assertFalse(PeerId.isCanonicalBase58(c.input()), c.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMultihashes")
    void fromBytesRejectsEveryMalformedMultihashInTheCorpus(Case c) {
        byte[] bytes = c.hexBytes();
        assertThrows(IllegalArgumentException.class, () -> PeerId.fromBytes(bytes), c.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedPublicKeys")
    void fromProtobufRejectsEveryMalformedPublicKeyInTheCorpus(Case c) {
        byte[] bytes = c.hexBytes();
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromProtobuf(bytes), c.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedVarints")
    void decodeRejectsEveryMalformedVarintInTheCorpus(Case c) {
        byte[] bytes = c.hexBytes();
        assertThrows(IllegalArgumentException.class, () -> UnsignedVarint.decode(bytes, 0), c.toString());
    }

    @Test
    void corporaAreNonTrivialAndFreeOfDuplicates() {
        for (String resource : List.of(PEER_IDS, MULTIHASHES, PUBLIC_KEYS, VARINTS)) {
            List<Case> cases = load(resource);
            assertTrue(cases.size() >= 10, resource + " has only " + cases.size() + " cases");
            Set<String> inputs = new HashSet<>();
            Set<String> reasons = new HashSet<>();
            for (Case c : cases) {
                String key = resource.endsWith(".hex") ? c.input().replace(" ", "") : c.input();
                assertTrue(inputs.add(key), "duplicate input " + c);
                assertTrue(reasons.add(c.why()), "duplicate description " + c);
                assertFalse(c.why().isEmpty(), "missing description " + c);
            }
        }
    }

    @Test
    void hexCorporaContainOnlyHexDigits() {
        for (String resource : List.of(MULTIHASHES, PUBLIC_KEYS, VARINTS)) {
            for (Case c : load(resource)) {
                assertTrue(c.input().matches("[0-9a-f ]*"), c.toString());
                assertEquals(0, c.input().replace(" ", "").length() % 2, c.toString());
            }
        }
    }

    @Test
    void loaderUnderstandsTheDocumentedFormat() {
        List<Case> cases = load(PEER_IDS);
        Case leadingSpace = cases.stream().filter(c -> c.why().equals("leading space")).findFirst().orElseThrow();
        assertTrue(leadingSpace.input().startsWith(" 12D3KooW"), "input kept verbatim");
        Case multiaddr = cases.stream().filter(c -> c.input().startsWith("/p2p/")).findFirst().orElseThrow();
        assertEquals("multiaddr instead of peer ID", multiaddr.why());
        assertTrue(load(MULTIHASHES).stream().anyMatch(c -> c.input().isEmpty()), "\" ::\" means empty input");
    }
}
