package org.kith.p2p.multiaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kith.p2p.wire.CorpusFile;

/** Replays the corpora under {@code src/test/resources/multiaddr/}. */
class MultiaddrCorpusTest {

    static List<CorpusFile.Case> valid() {
        return CorpusFile.load("/multiaddr/valid.txt");
    }

    static List<CorpusFile.Case> invalidText() {
        return CorpusFile.load("/multiaddr/invalid-text.txt");
    }

    static List<CorpusFile.Case> invalidBinary() {
        return CorpusFile.load("/multiaddr/invalid-binary.hex");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesValidTextToCanonicalTextAndBytes(CorpusFile.Case c) {
        // valid.txt: the input stands in the "why" column, then canonical text, then hex.
        Multiaddr parsed = Multiaddr.parse(c.why());
        assertEquals(c.field(0), parsed.toString());
        assertEquals(c.field(1), HexFormat.of().formatHex(parsed.toBytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void decodesValidBytesToCanonicalText(CorpusFile.Case c) {
        Multiaddr decoded = Multiaddr.fromBytes(c.hex(1));
        assertEquals(c.field(0), decoded.toString());
        assertArrayEquals(c.hex(1), decoded.toBytes());
        assertEquals(decoded, Multiaddr.parse(decoded.toString()));
        assertEquals(decoded.hashCode(), Multiaddr.parse(c.why()).hashCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidText")
    void refusesInvalidText(CorpusFile.Case c) {
        InvalidMultiaddrException e =
                assertThrows(InvalidMultiaddrException.class, () -> Multiaddr.parse(c.text(0)));
        assertEquals(false, e.getMessage().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBinary")
    void refusesInvalidBinary(CorpusFile.Case c) {
        InvalidMultiaddrException e =
                assertThrows(InvalidMultiaddrException.class, () -> Multiaddr.fromBytes(c.hex(0)));
        assertEquals(false, e.getMessage().isEmpty());
    }
}
