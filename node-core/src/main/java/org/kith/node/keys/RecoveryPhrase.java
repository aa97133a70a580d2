package org.kith.node.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.kith.protocol.identity.Ed25519KeyPair;

/**
 * The 24-word recovery phrase of an identity: BIP39 (English list) with the 32-byte Ed25519 seed
 * itself as the 256 bits of entropy. There is no PBKDF2 step and no BIP39 passphrase, so the words
 * restore exactly the same seed and therefore the same peer ID. Note this is not a BIP39 wallet
 * seed: other wallets would read the same words but derive different keys from them.
 *
 * <p>Word lists are immutable {@link String}s and cannot be wiped; show them, then drop them.
 * Intermediate byte arrays are wiped. Stateless and thread-safe.
 *
 * <p>{@link #toSeed} accepts any case and any run of whitespace between words and normalises to
 * NFKD as BIP39 specifies; it rejects the phrase with an {@link InvalidRecoveryPhraseException}
 * for a wrong word count, an unknown word (naming its position, not the word) or a bad checksum.
 */
public final class RecoveryPhrase {

    public static final int WORD_COUNT = 24;
    public static final int ENTROPY_BYTES = Ed25519KeyPair.SEED_BYTES;
    static final int BITS_PER_WORD = 11;
    /** 256 bits of entropy + 8 bits of checksum = 24 words of 11 bits. */
    private static final int ENTROPY_AND_CHECKSUM_BYTES = ENTROPY_BYTES + 1;
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Z}]+");

    private RecoveryPhrase() {
    }

    /**
     * The 24 words for {@code seed} (unmodifiable list).
     *
     * @throws IllegalArgumentException unless {@code seed} is {@value #ENTROPY_BYTES} bytes
     */
    public static List<String> fromSeed(byte[] seed) {
        if (seed.length != ENTROPY_BYTES) {
            throw new IllegalArgumentException("seed must be " + ENTROPY_BYTES + " bytes, got " + seed.length);
        }
        byte[] bits = Arrays.copyOf(seed, ENTROPY_AND_CHECKSUM_BYTES);
        try {
            bits[ENTROPY_BYTES] = checksum(seed);
            List<String> words = new ArrayList<>(WORD_COUNT);
            for (int i = 0; i < WORD_COUNT; i++) {
                words.add(Bip39Wordlist.word(readBits(bits, i * BITS_PER_WORD)));
            }
            return List.copyOf(words);
        } finally {
            Arrays.fill(bits, (byte) 0);
        }
    }

    /**
     * The seed the phrase encodes; the caller must wipe it.
     *
     * @throws InvalidRecoveryPhraseException with the reason the phrase is not valid
     */
    public static byte[] toSeed(String phrase) throws InvalidRecoveryPhraseException {
        Objects.requireNonNull(phrase, "phrase");
        String normalized = Normalizer.normalize(phrase, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        List<String> words = Arrays.stream(SEPARATORS.split(normalized)).filter(w -> !w.isEmpty()).toList();
        if (words.size() != WORD_COUNT) {
            throw InvalidRecoveryPhraseException.wrongWordCount(WORD_COUNT, words.size());
        }
        byte[] bits = new byte[ENTROPY_AND_CHECKSUM_BYTES];
        try {
            for (int i = 0; i < WORD_COUNT; i++) {
                int index = Bip39Wordlist.indexOf(words.get(i));
                if (index < 0) {
                    throw InvalidRecoveryPhraseException.unknownWord(i + 1);
                }
                writeBits(bits, i * BITS_PER_WORD, index);
            }
            byte[] seed = Arrays.copyOf(bits, ENTROPY_BYTES);
            if (checksum(seed) != bits[ENTROPY_BYTES]) {
                Arrays.fill(seed, (byte) 0);
                throw InvalidRecoveryPhraseException.badChecksum();
            }
            return seed;
        } finally {
            Arrays.fill(bits, (byte) 0);
        }
    }

    /** BIP39 checksum for 256-bit entropy: the first 8 bits of its SHA-256. */
    private static byte checksum(byte[] entropy) {
        byte[] digest = sha256(entropy);
        byte first = digest[0];
        Arrays.fill(digest, (byte) 0);
        return first;
    }

    /** The 11-bit big-endian value starting at {@code bitOffset}. */
    private static int readBits(byte[] data, int bitOffset) {
        int value = 0;
        for (int i = 0; i < BITS_PER_WORD; i++) {
            int bit = bitOffset + i;
            value = (value << 1) | ((data[bit >>> 3] >>> (7 - (bit & 7))) & 1);
        }
        return value;
    }

    private static void writeBits(byte[] data, int bitOffset, int value) {
        for (int i = 0; i < BITS_PER_WORD; i++) {
            int bit = bitOffset + i;
            if (((value >>> (BITS_PER_WORD - 1 - i)) & 1) != 0) {
                data[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));
            }
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
