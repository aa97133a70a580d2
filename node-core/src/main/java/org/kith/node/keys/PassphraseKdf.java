package org.kith.node.keys;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Passphrase to 32-byte key: Unicode NFC, UTF-8, Argon2id v1.3. Every intermediate array is wiped.
 *
 * <p>One copy can escape wiping: {@link Normalizer} works on immutable {@link String}s. A
 * passphrase made only of characters below {@link #FIRST_CHAR_NEEDING_NORMALIZER} (all of ASCII,
 * Latin-1 and Latin Extended) is NFC by construction and never reaches it; any other passphrase
 * is normalised through a String that the garbage collector, not this class, disposes of.
 */
final class PassphraseKdf {

    static final int KEY_BYTES = 32;
    /**
     * Every character below U+0300 has NFC quick-check "yes" and combining class 0 (ICU's
     * {@code minCompNoMaybeCP} for NFC), so text made only of them is already NFC.
     */
    static final char FIRST_CHAR_NEEDING_NORMALIZER = '\u0300';
    /** UTF-8 needs at most 3 bytes per UTF-16 unit (a surrogate pair, two units, takes 4). */
    private static final int MAX_UTF8_BYTES_PER_CHAR = 3;

    private PassphraseKdf() {
    }

    /** A fresh key the caller must wipe. The passphrase array is left untouched. */
    static byte[] deriveKey(char[] passphrase, byte[] salt, KdfParams kdf) {
        byte[] password = normalizedUtf8(passphrase);
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(kdf.memoryKiB())
                    .withIterations(kdf.iterations())
                    .withParallelism(kdf.parallelism())
                    .withSalt(salt)
                    .build());
            byte[] key = new byte[KEY_BYTES];
            generator.generateBytes(password, key);
            return key;
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    /**
     * @throws IllegalArgumentException if the passphrase is not well-formed UTF-16 (an unpaired
     *     surrogate)
     */
    static byte[] normalizedUtf8(char[] passphrase) {
        if (isNfcByConstruction(passphrase)) {
            return utf8(passphrase);
        }
        char[] normalized = Normalizer.normalize(CharBuffer.wrap(passphrase), Normalizer.Form.NFC).toCharArray();
        try {
            return utf8(normalized);
        } finally {
            Arrays.fill(normalized, '\0');
        }
    }

    private static boolean isNfcByConstruction(char[] chars) {
        for (char c : chars) {
            if (c >= FIRST_CHAR_NEEDING_NORMALIZER) {
                return false;
            }
        }
        return true;
    }

    /** Encodes into one buffer sized for the worst case, so no partial copy is left behind. */
    private static byte[] utf8(char[] chars) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer out = ByteBuffer.allocate(chars.length * MAX_UTF8_BYTES_PER_CHAR);
        try {
            CoderResult result = encoder.encode(CharBuffer.wrap(chars), out, true);
            if (result.isUnderflow()) {
                result = encoder.flush(out);
            }
            if (!result.isUnderflow()) {
                throw new IllegalArgumentException("passphrase is not valid Unicode text (unpaired surrogate)");
            }
            return Arrays.copyOf(out.array(), out.position());
        } finally {
            Arrays.fill(out.array(), (byte) 0);
        }
    }
}
