package org.kith.p2p.pnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.p2p.pnet.InvalidSwarmKeyException.Reason;

class SwarmKeyTest {

    private static final byte[] KEY = HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final String HEADER = "/key/swarm/psk/1.0.0/";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void writesTheBase16FormJsAndGoRead() {
        String expected = HEADER + "\n/base16/\n000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";
        assertEquals(expected, new String(SwarmKey.of(KEY).toFileBytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void fileFormRoundTrips() throws Exception {
        SwarmKey key = SwarmKey.generate(new SecureRandom());
        assertEquals(key, SwarmKey.parse(key.toFileBytes()));
    }

    @Test
    void parsesLowerUpperAndMixedCaseHex() throws Exception {
        String hex = HexFormat.of().formatHex(KEY);
        for (String text : new String[] {hex, hex.toUpperCase(), "000102030405060708090A0b0c0D0e0f101112131415161718191a1b1C1d1e1F"}) {
            assertArrayEquals(KEY, SwarmKey.parse(ascii(HEADER + "\n/base16/\n" + text + "\n")).keyBytes(), text);
        }
    }

    @Test
    void acceptsLfCrlfAndNoFinalNewline() throws Exception {
        String hex = HexFormat.of().formatHex(KEY);
        String[] files = {
            HEADER + "\n/base16/\n" + hex + "\n",
            HEADER + "\r\n/base16/\r\n" + hex + "\r\n",
            HEADER + "\n/base16/\n" + hex,
            HEADER + "\r\n/base16/\n" + hex + "\r\n",
        };
        for (String file : files) {
            assertArrayEquals(KEY, SwarmKey.parse(ascii(file)).keyBytes());
        }
    }

    @Test
    void parsesBase64() throws Exception {
        String b64 = Base64.getEncoder().encodeToString(KEY);
        assertArrayEquals(KEY, SwarmKey.parse(ascii(HEADER + "\n/base64/\n" + b64 + "\n")).keyBytes());
        assertArrayEquals(KEY, SwarmKey.parse(ascii(HEADER + "\r\n/base64/\r\n" + b64)).keyBytes());
    }

    @Test
    void parsesBinaryKeysHoldingNewlineBytes() throws Exception {
        // KEY holds 0x0a and 0x0d: a binary key is taken by length, never split into lines.
        byte[] prefix = ascii(HEADER + "\n/bin/\n");
        byte[] file = new byte[prefix.length + KEY.length];
        System.arraycopy(prefix, 0, file, 0, prefix.length);
        System.arraycopy(KEY, 0, file, prefix.length, KEY.length);
        assertArrayEquals(KEY, SwarmKey.parse(file).keyBytes());
    }

    @Test
    void goTestVectorOfAllOnes() throws Exception {
        // go-libp2p core/pnet codec_test.go: "FF" × 32, with and without CRLF.
        for (String eol : new String[] {"\n", "\r\n"}) {
            SwarmKey key = SwarmKey.parse(ascii(HEADER + eol + "/base16/" + eol + "FF".repeat(32)));
            for (byte b : key.keyBytes()) {
                assertEquals((byte) 0xff, b);
            }
        }
    }

    @Test
    void rejectsOversizedInputBeforeLookingAtIt() {
        byte[] big = new byte[SwarmKey.MAX_FILE_BYTES + 1];
        InvalidSwarmKeyException e = assertThrows(InvalidSwarmKeyException.class, () -> SwarmKey.parse(big));
        assertEquals(Reason.FILE_TOO_LARGE, e.reason());
    }

    @Test
    void acceptsAFileExactlyAtTheSizeLimitOnlyIfValid() throws Exception {
        // A maximal-size file cannot be valid (valid ones are < 100 bytes), so the limit is about
        // reading, and the file at MAX_FILE_BYTES is judged on content, not size.
        byte[] atLimit = new byte[SwarmKey.MAX_FILE_BYTES];
        InvalidSwarmKeyException e = assertThrows(InvalidSwarmKeyException.class, () -> SwarmKey.parse(atLimit));
        assertEquals(Reason.BAD_HEADER, e.reason());
    }

    @Test
    void readStopsAfterTheLimitOnAHugeFile(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("swarm.key");
        try (OutputStream out = Files.newOutputStream(huge)) {
            out.write(SwarmKey.of(KEY).toFileBytes());
            out.write(new byte[4 * 1024 * 1024]);
        }
        InvalidSwarmKeyException e = assertThrows(InvalidSwarmKeyException.class, () -> SwarmKey.read(huge));
        assertEquals(Reason.FILE_TOO_LARGE, e.reason());
    }

    @Test
    void readsAFileFromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("swarm.key");
        Files.write(file, SwarmKey.of(KEY).toFileBytes());
        assertEquals(SwarmKey.of(KEY), SwarmKey.read(file));
    }

    @Test
    void generateDrawsFromTheGivenRandom() {
        SecureRandom fixed = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(KEY, 0, bytes, 0, bytes.length);
            }
        };
        assertEquals(SwarmKey.of(KEY), SwarmKey.generate(fixed));
        assertNotEquals(SwarmKey.generate(new SecureRandom()), SwarmKey.generate(new SecureRandom()));
    }

    @Test
    void equalityIsByKeyAndHashCodeAgrees() {
        byte[] other = KEY.clone();
        other[31] ^= 1;
        assertEquals(SwarmKey.of(KEY), SwarmKey.of(KEY.clone()));
        assertEquals(SwarmKey.of(KEY).hashCode(), SwarmKey.of(KEY.clone()).hashCode());
        assertNotEquals(SwarmKey.of(KEY), SwarmKey.of(other));
        assertFalse(SwarmKey.of(KEY).equals(KEY));
    }

    @Test
    void isImmutable() {
        byte[] input = KEY.clone();
        SwarmKey key = SwarmKey.of(input);
        input[0] = 42;
        byte[] copy = key.keyBytes();
        copy[1] = 42;
        assertArrayEquals(KEY, key.keyBytes());
        assertNotSame(key.keyBytes(), key.keyBytes());
    }

    @Test
    void toStringNeverShowsTheKey() {
        SwarmKey key = SwarmKey.of(KEY);
        String text = key.toString();
        assertFalse(text.contains(HexFormat.of().formatHex(KEY).substring(0, 8)));
        assertFalse(text.toLowerCase().contains("0001020304"));
        assertFalse(text.contains(Base64.getEncoder().encodeToString(KEY).substring(0, 8)));
        assertEquals("SwarmKey[redacted]", text);
    }

    @Test
    void errorMessagesCarryNoKeyMaterial() {
        String hex = HexFormat.of().formatHex(KEY);
        byte[] almost = ascii(HEADER + "\n/base16/\n" + hex + "zz\n");
        InvalidSwarmKeyException e = assertThrows(InvalidSwarmKeyException.class, () -> SwarmKey.parse(almost));
        assertFalse(e.getMessage().contains(hex.substring(0, 8)), e.getMessage());
        assertTrue(e.getMessage().startsWith(Reason.BAD_KEY_TEXT.code() + ": "), e.getMessage());
    }

    @Test
    void ofRefusesWrongLengths() {
        assertThrows(IllegalArgumentException.class, () -> SwarmKey.of(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> SwarmKey.of(new byte[33]));
        assertThrows(NullPointerException.class, () -> SwarmKey.of(null));
    }
}
