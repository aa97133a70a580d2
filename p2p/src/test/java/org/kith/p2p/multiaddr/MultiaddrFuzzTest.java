package org.kith.p2p.multiaddr;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz tests of the multiaddr parsers. Only {@link InvalidMultiaddrException} may escape a parse,
 * and whatever parses must be canonical: its bytes and its text parse back to an equal address.
 *
 * <p>In a plain {@code mvn test} these run in regression mode over the committed inputs in
 * {@code src/test/resources/multiaddr/fuzz/MultiaddrFuzzTestInputs/<method>/} (mapped into this
 * package by the p2p pom), plus an empty input. To fuzz for real (libFuzzer, Linux x86-64), one
 * method per run, for the method's {@code maxDuration} (Jazzer's default, 5 minutes):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl p2p -am test -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest='MultiaddrFuzzTest#parseText'
 * </pre>
 *
 * A finding fails the test and its input is written to the module directory (as
 * {@code crash-…}); move it into the corpus directory above so it is replayed from then on.
 * Jazzer keeps its generated corpus in {@code p2p/.cifuzz-corpus/}, which is not committed.
 */
class MultiaddrFuzzTest {

    @FuzzTest
    void parseText(byte[] data) {
        String text = new String(data, UTF_8);
        Multiaddr parsed;
        try {
            parsed = Multiaddr.parse(text);
        } catch (InvalidMultiaddrException expected) {
            return;
        }
        checkCanonical(parsed);
    }

    @FuzzTest
    void parseBinary(byte[] data) {
        Multiaddr parsed;
        try {
            parsed = Multiaddr.fromBytes(data);
        } catch (InvalidMultiaddrException expected) {
            return;
        }
        assertArrayEquals(data, parsed.toBytes());
        checkCanonical(parsed);
    }

    private static void checkCanonical(Multiaddr address) {
        byte[] bytes = address.toBytes();
        assertTrue(bytes.length <= Multiaddr.MAX_BYTES);
        assertFalse(address.components().isEmpty());
        assertEquals(address, Multiaddr.fromBytes(bytes));
        Multiaddr reparsed = Multiaddr.parse(address.toString());
        assertEquals(address, reparsed);
        assertEquals(address.toString(), reparsed.toString());
        StringBuilder joined = new StringBuilder();
        for (MultiaddrComponent c : address.components()) {
            joined.append(c);
        }
        assertEquals(address.toString(), joined.toString());
        // Helpers must not throw on any valid address.
        address.toInetSocketAddress();
        address.isLoopback();
        address.peerId();
    }
}
