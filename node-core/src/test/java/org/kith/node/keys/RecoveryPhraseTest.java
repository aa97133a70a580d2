package org.kith.node.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kith.node.keys.InvalidRecoveryPhraseException.Reason;
import org.kith.protocol.identity.Ed25519KeyPair;

class RecoveryPhraseTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALL_ZERO_PHRASE = "abandon ".repeat(23) + "art";

    /** Official BIP39 vectors (trezor/python-mnemonic vectors.json), 256-bit entropy. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0000000000000000000000000000000000000000000000000000000000000000 | "
                + "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                + "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art",
        "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f | "
                + "legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth "
                + "useful legal winner thank year wave sausage worth title",
        "8080808080808080808080808080808080808080808080808080808080808080 | "
                + "letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor "
                + "acoustic avoid letter advice cage absurd amount doctor acoustic bless",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff | "
                + "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote",
        "68a79eaca2324873eacc50cb9c6eca8cc68ea5d936f98787c60c7ebc74e6ce7c | "
                + "hamster diagram private dutch cause delay private meat slide toddler razor book happy fancy "
                + "gospel tennis maple dilemma loan word shrug inflict delay length",
        "f585c11aec520db57dd353c69554b21a89b20fb0650966fa0a9d6f74fd989d8f | "
                + "void come effort suffer camp survey warrior heavy shoot primary clutch crush open amazing "
                + "screen patrol group space point ten exist slush involve unfold",
    })
    void matchesBip39Vectors(String entropyHex, String phrase) throws Exception {
        byte[] entropy = HexFormat.of().parseHex(entropyHex);

        assertEquals(phrase, String.join(" ", RecoveryPhrase.fromSeed(entropy)));
        assertArrayEquals(entropy, RecoveryPhrase.toSeed(phrase));
    }

    @RepeatedTest(20)
    void seedSurvivesTheRoundTrip() throws Exception {
        byte[] seed = new byte[RecoveryPhrase.ENTROPY_BYTES];
        RANDOM.nextBytes(seed);

        List<String> words = RecoveryPhrase.fromSeed(seed);

        assertEquals(RecoveryPhrase.WORD_COUNT, words.size());
        assertArrayEquals(seed, RecoveryPhrase.toSeed(String.join(" ", words)));
    }

    @Test
    void restoredKeyPairHasTheSamePeerId() throws Exception {
        Ed25519KeyPair original = Ed25519KeyPair.generate(RANDOM);
        List<String> words = RecoveryPhrase.fromSeed(original.seed());

        Ed25519KeyPair restored = Ed25519KeyPair.fromSeed(RecoveryPhrase.toSeed(String.join(" ", words)));

        assertEquals(original.peerId(), restored.peerId());
        assertArrayEquals(original.seed(), restored.seed());
    }

    @Test
    void acceptsExtraWhitespaceUpperCaseAndCompatibilityForms() throws Exception {
        String messy = "  ABANDON\tabandon\n\nAbandon " + "abandon\u00a0".repeat(10) + "abandon\u3000".repeat(10)
                + "\uff21\uff32\uff34 \r\n";

        assertArrayEquals(new byte[32], RecoveryPhrase.toSeed(messy));
    }

    @Test
    void fromSeedReturnsAnUnmodifiableListAndLeavesTheSeedAlone() {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        byte[] copy = seed.clone();

        List<String> words = RecoveryPhrase.fromSeed(seed);

        assertArrayEquals(copy, seed);
        assertThrows(UnsupportedOperationException.class, () -> words.set(0, "zoo"));
    }

    @ParameterizedTest
    @CsvSource({"0", "16", "31", "33", "64"})
    void fromSeedRejectsWrongLength(int length) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecoveryPhrase.fromSeed(new byte[length]));
        assertEquals("seed must be 32 bytes, got " + length, e.getMessage());
    }

    @Test
    void badChecksumIsRejected() {
        InvalidRecoveryPhraseException e = assertThrows(InvalidRecoveryPhraseException.class,
                () -> RecoveryPhrase.toSeed("abandon ".repeat(24)));

        assertEquals(Reason.BAD_CHECKSUM, e.reason());
        assertEquals(OptionalInt.empty(), e.wordPosition());
        assertEquals("checksum mismatch: every word is known, but one is wrong or the order is wrong", e.getMessage());
    }

    @Test
    void swappedWordsFailTheChecksum() {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        List<String> words = new ArrayList<>(RecoveryPhrase.fromSeed(seed));
        int first = words.get(0).equals(words.get(1)) ? 2 : 1;
        Collections.swap(words, 0, first);

        InvalidRecoveryPhraseException e = assertThrows(InvalidRecoveryPhraseException.class,
                () -> RecoveryPhrase.toSeed(String.join(" ", words)));
        assertEquals(Reason.BAD_CHECKSUM, e.reason());
    }

    @Test
    void unknownWordIsRejectedByPositionWithoutEchoingIt() {
        List<String> words = new ArrayList<>(List.of(ALL_ZERO_PHRASE.split(" ")));
        words.set(4, "abandn");

        InvalidRecoveryPhraseException e = assertThrows(InvalidRecoveryPhraseException.class,
                () -> RecoveryPhrase.toSeed(String.join(" ", words)));

        assertEquals(Reason.UNKNOWN_WORD, e.reason());
        assertEquals(OptionalInt.of(5), e.wordPosition());
        assertEquals("word 5 is not in the BIP39 English word list", e.getMessage());
        assertFalse(e.getMessage().contains("abandn"));
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "12", "23", "25", "48"})
    void wrongWordCountIsRejected(int count) {
        String phrase = String.join(" ", Collections.nCopies(count, "abandon"));

        InvalidRecoveryPhraseException e = assertThrows(InvalidRecoveryPhraseException.class,
                () -> RecoveryPhrase.toSeed(phrase));

        assertEquals(Reason.WRONG_WORD_COUNT, e.reason());
        assertEquals("a recovery phrase has 24 words, this one has " + count, e.getMessage());
    }

    @Test
    void twentyFiveWordsOfAValidPhraseAreRejected() {
        InvalidRecoveryPhraseException e = assertThrows(InvalidRecoveryPhraseException.class,
                () -> RecoveryPhrase.toSeed(ALL_ZERO_PHRASE + " art"));

        assertEquals(Reason.WRONG_WORD_COUNT, e.reason());
    }
}
