package org.kith.node.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known answers computed with the reference implementation: Debian's {@code argon2} 0~20171227 CLI. */
class PassphraseKdfTest {

    private static final byte[] SALT = "kith-test-salt!!".getBytes(StandardCharsets.US_ASCII);

    @Test
    void matchesReferenceArgon2id() {
        // printf 'correct horse battery staple' | argon2 'kith-test-salt!!' -id -v 13 -t 1 -k 256 -p 1 -l 32 -r
        byte[] key = PassphraseKdf.deriveKey("correct horse battery staple".toCharArray(), SALT, KdfParams.FOR_TESTS);
        assertEquals("6280bef5f61710c122e9e7455a7c2dca1e78db9df59714115931d488adc82b31", HexFormat.of().formatHex(key));
    }

    @Test
    void normalizesToNfcBeforeHashing() {
        // printf 'caf\xc3\xa9' | argon2 'kith-test-salt!!' -id -v 13 -t 2 -k 64 -p 2 -l 32 -r
        String expected = "1ec99cb0bc4dc5ee9430591ad8117c656f34a108c54619e03bff1ea9fe4f9654";
        KdfParams params = new KdfParams(64, 2, 2);
        byte[] composed = PassphraseKdf.deriveKey("caf\u00e9".toCharArray(), SALT, params);
        byte[] decomposed = PassphraseKdf.deriveKey("cafe\u0301".toCharArray(), SALT, params);
        assertEquals(expected, HexFormat.of().formatHex(composed));
        assertArrayEquals(composed, decomposed);
    }

    @Test
    void encodesNormalizedUtf8() {
        assertArrayEquals(new byte[] {'c', 'a', 'f', (byte) 0xC3, (byte) 0xA9},
                PassphraseKdf.normalizedUtf8("cafe\u0301".toCharArray()));
        assertArrayEquals("\uD83D\uDD11".getBytes(StandardCharsets.UTF_8),
                PassphraseKdf.normalizedUtf8("\uD83D\uDD11".toCharArray()));
    }

    /** The array-only fast path relies on this: no pair of characters below U+0300 changes under NFC. */
    @Test
    void textBelowTheFastPathLimitIsAlreadyNfc() {
        char limit = PassphraseKdf.FIRST_CHAR_NEEDING_NORMALIZER;
        for (char first = 0; first < limit; first++) {
            for (char second = 0; second < limit; second++) {
                String pair = new String(new char[] {first, second});
                if (!Normalizer.isNormalized(pair, Normalizer.Form.NFC)) {
                    fail("not NFC: U+%04X U+%04X".formatted((int) first, (int) second));
                }
            }
        }
        assertFalse(Normalizer.isNormalized("e" + limit, Normalizer.Form.NFC), "U+0300 itself composes");
    }

    @Test
    void rejectsUnpairedSurrogate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PassphraseKdf.normalizedUtf8(new char[] {'a', '\uD83D', 'b'}));
        assertEquals("passphrase is not valid Unicode text (unpaired surrogate)", e.getMessage());
    }
}
