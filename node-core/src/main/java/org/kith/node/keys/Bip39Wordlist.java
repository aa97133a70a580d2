package org.kith.node.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * The official BIP39 English word list, loaded from the {@value #RESOURCE} resource and checked
 * when the class loads: the file's SHA-256 must be the published one, and it must hold exactly
 * {@value #SIZE} lower-case words in strictly ascending order. A damaged list fails class
 * initialisation rather than produce phrases no other wallet can read. Immutable, thread-safe.
 */
final class Bip39Wordlist {

    static final String RESOURCE = "english.txt";
    /** SHA-256 of the published bitcoin/bips bip-0039/english.txt. */
    static final String SHA256_HEX = "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda";
    static final int SIZE = 2048;

    private static final List<String> WORDS = load();

    private Bip39Wordlist() {
    }

    static String word(int index) {
        return WORDS.get(index);
    }

    /** The index of {@code word}, or -1 if it is not in the list. */
    static int indexOf(String word) {
        int index = Collections.binarySearch(WORDS, word);
        return index >= 0 ? index : -1;
    }

    static List<String> words() {
        return WORDS;
    }

    private static List<String> load() {
        byte[] content;
        try (InputStream in = Bip39Wordlist.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("BIP39 word list resource " + RESOURCE + " is missing");
            }
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read BIP39 word list resource " + RESOURCE, e);
        }
        checkDigest(content);
        return parseWords(content);
    }

    /** @throws IllegalStateException unless {@code content} hashes to {@link #SHA256_HEX} */
    static void checkDigest(byte[] content) {
        String actual = HexFormat.of().formatHex(sha256(content));
        if (!actual.equals(SHA256_HEX)) {
            throw new IllegalStateException("BIP39 word list " + RESOURCE + " has SHA-256 " + actual
                    + ", expected " + SHA256_HEX);
        }
    }

    /**
     * One word per line, each line ending in a newline.
     *
     * @throws IllegalStateException unless exactly {@value #SIZE} lower-case ASCII words, strictly
     *     ascending (hence unique)
     */
    static List<String> parseWords(byte[] content) {
        String text;
        try {
            text = StandardCharsets.US_ASCII.newDecoder().decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("BIP39 word list is not ASCII", e);
        }
        if (!text.endsWith("\n")) {
            throw new IllegalStateException("BIP39 word list must end with a newline");
        }
        List<String> words = List.of(text.substring(0, text.length() - 1).split("\n", -1));
        if (words.size() != SIZE) {
            throw new IllegalStateException("BIP39 word list must have " + SIZE + " words, has " + words.size());
        }
        for (int i = 0; i < SIZE; i++) {
            String word = words.get(i);
            if (!word.matches("[a-z]+")) {
                throw new IllegalStateException("BIP39 word list line " + (i + 1) + " is not a lower-case word");
            }
            if (i > 0 && words.get(i - 1).compareTo(word) >= 0) {
                throw new IllegalStateException("BIP39 word list is not sorted and unique at line " + (i + 1));
            }
        }
        return words;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
