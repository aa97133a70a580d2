package org.kith.node.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class Bip39WordlistTest {

    private static byte[] resource() throws IOException {
        try (InputStream in = Bip39Wordlist.class.getResourceAsStream(Bip39Wordlist.RESOURCE)) {
            return in.readAllBytes();
        }
    }

    private static byte[] lines(List<String> words) {
        return (String.join("\n", words) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void resourceIsThePublishedEnglishList() throws Exception {
        byte[] content = resource();

        assertEquals("2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertEquals(2048, Bip39Wordlist.words().size());
        assertEquals("abandon", Bip39Wordlist.word(0));
        assertEquals("zoo", Bip39Wordlist.word(2047));
        assertEquals(999, Bip39Wordlist.indexOf("language"), "line 1000 of english.txt");
        assertEquals(-1, Bip39Wordlist.indexOf("bitcoin"));
    }

    @Test
    void alteredContentFailsTheDigest() throws Exception {
        byte[] content = resource();
        content[0] = 'A';

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Bip39Wordlist.checkDigest(content));
        assertEquals(true, e.getMessage().startsWith("BIP39 word list english.txt has SHA-256 "));
    }

    @Test
    void listShapeIsChecked() {
        List<String> words = Bip39Wordlist.words();

        List<String> short1 = words.subList(0, 2047);
        List<String> unsorted = new ArrayList<>(words);
        unsorted.set(10, words.get(11));
        unsorted.set(11, words.get(10));
        List<String> duplicated = new ArrayList<>(words);
        duplicated.set(11, words.get(10));
        List<String> upper = new ArrayList<>(words);
        upper.set(5, "Absent");

        assertEquals("BIP39 word list must have 2048 words, has 2047", rejection(lines(short1)));
        assertEquals("BIP39 word list is not sorted and unique at line 12", rejection(lines(unsorted)));
        assertEquals("BIP39 word list is not sorted and unique at line 12", rejection(lines(duplicated)));
        assertEquals("BIP39 word list line 6 is not a lower-case word", rejection(lines(upper)));
        assertEquals("BIP39 word list must end with a newline",
                rejection(String.join("\n", words).getBytes(StandardCharsets.US_ASCII)));
        assertEquals(words, Bip39Wordlist.parseWords(lines(words)));
    }

    private static String rejection(byte[] content) {
        return assertThrows(IllegalStateException.class, () -> Bip39Wordlist.parseWords(content)).getMessage();
    }
}
