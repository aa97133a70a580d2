package org.kith.node.keys;

import java.util.OptionalInt;

/**
 * A recovery phrase was rejected. {@link #reason()} says why and, for an unknown word,
 * {@link #wordPosition()} says which word (1-based) so a user interface can point at it. The
 * message never repeats the words themselves: they are the secret.
 */
public final class InvalidRecoveryPhraseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a phrase was rejected. */
    public enum Reason {
        WRONG_WORD_COUNT,
        UNKNOWN_WORD,
        BAD_CHECKSUM
    }

    private final Reason reason;
    private final int wordPosition;

    private InvalidRecoveryPhraseException(Reason reason, int wordPosition, String message) {
        super(message);
        this.reason = reason;
        this.wordPosition = wordPosition;
    }

    static InvalidRecoveryPhraseException wrongWordCount(int expected, int actual) {
        return new InvalidRecoveryPhraseException(Reason.WRONG_WORD_COUNT, 0,
                "a recovery phrase has " + expected + " words, this one has " + actual);
    }

    static InvalidRecoveryPhraseException unknownWord(int position) {
        return new InvalidRecoveryPhraseException(Reason.UNKNOWN_WORD, position,
                "word " + position + " is not in the BIP39 English word list");
    }

    static InvalidRecoveryPhraseException badChecksum() {
        return new InvalidRecoveryPhraseException(Reason.BAD_CHECKSUM, 0,
                "checksum mismatch: every word is known, but one is wrong or the order is wrong");
    }

    public Reason reason() {
        return reason;
    }

    /** The 1-based position of the offending word, for {@link Reason#UNKNOWN_WORD}. */
    public OptionalInt wordPosition() {
        return wordPosition > 0 ? OptionalInt.of(wordPosition) : OptionalInt.empty();
    }
}
