package org.kith.p2p.noise;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Noise core against public test vectors (cacophony and snow; see the header of
 * {@code noise/noise-vectors.txt}): every handshake message and every transport message must
 * match byte for byte, in both directions, and so must the final handshake hash.
 */
class NoiseVectorsTest {

    private static final String RESOURCE = "/noise/noise-vectors.txt";
    private static final byte[] NO_AD = new byte[0];

    /** One vector: its key/value lines, in file order. */
    record Vector(int line, Map<String, String> fields) {
        String get(String key) {
            return fields.get(key);
        }

        byte[] hex(String key) {
            String v = fields.get(key);
            return v == null ? null : HexFormat.of().parseHex(v);
        }

        X25519KeyPair key(String key) {
            byte[] k = hex(key);
            return k == null ? null : X25519KeyPair.fromPrivateKey(k);
        }

        int messageCount() {
            int n = 0;
            while (fields.containsKey("msg." + n + ".ciphertext")) {
                n++;
            }
            return n;
        }

        @Override
        public String toString() {
            return get("source") + " " + get("protocol_name") + " (line " + line + ")";
        }
    }

    static List<Vector> vectors() {
        InputStream in = NoiseVectorsTest.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + RESOURCE);
        }
        List<Vector> out = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
            Map<String, String> current = null;
            int start = 0;
            int number = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.startsWith("#")) {
                    continue;
                }
                if (line.isBlank()) {
                    if (current != null) {
                        out.add(new Vector(start, current));
                        current = null;
                    }
                    continue;
                }
                int eq = line.indexOf(" = ");
                if (eq < 0) {
                    throw new IllegalStateException(RESOURCE + ":" + number + ": expected \"key = value\"");
                }
                if (current == null) {
                    current = new LinkedHashMap<>();
                    start = number;
                }
                current.put(line.substring(0, eq), line.substring(eq + 3));
            }
            if (current != null) {
                out.add(new Vector(start, current));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyMessageMatchesTheVectorByteForByte(Vector v) throws Exception {
        HandshakePattern pattern = HandshakePattern.forProtocolName(v.get("protocol_name"));
        assertNotNull(pattern, v.toString());
        HandshakeState initiator = new HandshakeState(pattern, true, v.hex("init_prologue"),
                v.key("init_static"), v.key("init_ephemeral"), null);
        HandshakeState responder = new HandshakeState(pattern, false, v.hex("resp_prologue"),
                v.key("resp_static"), v.key("resp_ephemeral"), null);
        int handshakeMessages = pattern.messages().size();
        assertTrue(v.messageCount() > handshakeMessages, "vector has transport messages too");

        for (int i = 0; i < v.messageCount(); i++) {
            byte[] payload = v.hex("msg." + i + ".payload");
            byte[] expected = v.hex("msg." + i + ".ciphertext");
            boolean fromInitiator = i % 2 == 0;
            byte[] actual;
            byte[] received;
            if (i < handshakeMessages) {
                HandshakeState from = fromInitiator ? initiator : responder;
                HandshakeState to = fromInitiator ? responder : initiator;
                actual = from.writeMessage(payload);
                received = to.readMessage(actual);
            } else {
                CipherState enc = fromInitiator ? initiator.sender() : responder.sender();
                CipherState dec = fromInitiator ? responder.receiver() : initiator.receiver();
                actual = enc.encryptWithAd(NO_AD, payload);
                received = dec.decryptWithAd(NO_AD, actual);
            }
            assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(actual),
                    v + " message " + i);
            assertArrayEquals(payload, received, v + " message " + i + " payload");
            if (i == handshakeMessages - 1) {
                assertTrue(initiator.isFinished() && responder.isFinished());
            }
        }
        assertArrayEquals(initiator.handshakeHash(), responder.handshakeHash());
        if (v.get("handshake_hash") != null) {
            assertEquals(v.get("handshake_hash"), HexFormat.of().formatHex(initiator.handshakeHash()), v.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void aCorruptedEncryptedHandshakeMessageIsRejected(Vector v) throws Exception {
        HandshakePattern pattern = HandshakePattern.forProtocolName(v.get("protocol_name"));
        HandshakeState initiator = new HandshakeState(pattern, true, v.hex("init_prologue"),
                v.key("init_static"), v.key("init_ephemeral"), null);
        HandshakeState responder = new HandshakeState(pattern, false, v.hex("resp_prologue"),
                v.key("resp_static"), v.key("resp_ephemeral"), null);
        // Message 2 (index 1) is always encrypted in these patterns: ee has run.
        responder.readMessage(initiator.writeMessage(v.hex("msg.0.payload")));
        byte[] msg2 = responder.writeMessage(v.hex("msg.1.payload"));
        byte[] corrupted = NoiseTestSupport.flipBit(msg2, msg2.length - 1, 0);
        NoiseException e = assertThrows(NoiseException.class, () -> initiator.readMessage(corrupted));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, e.reason());
    }

    @Test
    void theFileHoldsXxFromBothSourcesAndEveryPatternTwice() {
        List<Vector> all = vectors();
        assertEquals(12, all.size());
        Map<String, Long> perPattern = all.stream()
                .collect(Collectors.groupingBy(v -> v.get("protocol_name"), Collectors.counting()));
        for (HandshakePattern p : HandshakePattern.values()) {
            assertEquals(2L, perPattern.get(p.protocolName()), p.protocolName());
        }
        assertTrue(all.stream().anyMatch(v -> v.get("source").equals("cacophony")
                && v.get("protocol_name").equals(NoiseSecureChannel.NOISE_PROTOCOL_NAME)
                && v.get("handshake_hash") != null));
        assertTrue(all.stream().anyMatch(v -> v.get("source").equals("snow")
                && v.get("protocol_name").equals(NoiseSecureChannel.NOISE_PROTOCOL_NAME)));
    }
}
