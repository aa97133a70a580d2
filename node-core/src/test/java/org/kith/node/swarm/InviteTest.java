package org.kith.node.swarm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.pnet.SwarmKey;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.SwarmId;

class InviteTest {

    static final Ed25519KeyPair ADA = Ed25519KeyPair.fromSeed(new byte[32]);
    static final Ed25519KeyPair BO = Ed25519KeyPair.fromSeed(filled(7));
    static final SwarmKey KEY = SwarmKey.of(filled(42));
    static final Instant ISSUED = Instant.parse("2026-11-23T12:00:00Z");
    static final Multiaddr ADDR = Multiaddr.parse("/ip4/127.0.0.1/tcp/4101").withPeerId(ADA.peerId());

    static byte[] filled(int b) {
        byte[] out = new byte[32];
        java.util.Arrays.fill(out, (byte) b);
        return out;
    }

    static Invite invite() {
        return new Invite("garden-crew", KEY, List.of(ADDR), ADA.peerId(), ISSUED, ISSUED.plus(Duration.ofDays(7)));
    }

    @Test
    void roundTripsEveryField() throws Exception {
        String text = invite().encode(ADA);
        assertTrue(text.startsWith(Invite.PREFIX), text);
        assertTrue(text.length() < 1000, "an invite with one address stays short: " + text.length());
        Invite back = Invite.decode(text);
        assertEquals("garden-crew", back.name());
        assertArrayEquals(KEY.keyBytes(), back.key().keyBytes());
        assertEquals(List.of(ADDR), back.bootstrap());
        assertEquals(ADA.peerId(), back.inviter());
        assertEquals(ISSUED, back.issued());
        assertEquals(ISSUED.plus(Duration.ofDays(7)), back.expires());
        assertEquals(SwarmId.fromKey(KEY.keyBytes()), back.swarmId());
    }

    @Test
    void whitespaceFromWrappingIsIgnored() throws Exception {
        String text = invite().encode(ADA);
        StringBuilder wrapped = new StringBuilder("  \n");
        for (int i = 0; i < text.length(); i += 60) {
            wrapped.append(text, i, Math.min(text.length(), i + 60)).append("\r\n\t");
        }
        assertEquals(ADA.peerId(), Invite.decode(wrapped.toString()).inviter());
    }

    @Test
    void expiryIsCheckedAgainstTheClock() throws Exception {
        Invite i = Invite.decode(invite().encode(ADA));
        assertDoesNotThrow(() -> i.requireValidAt(ISSUED.plus(Duration.ofDays(7)).minusSeconds(1)));
        InvalidInviteException e = assertThrows(InvalidInviteException.class,
                () -> i.requireValidAt(ISSUED.plus(Duration.ofDays(7))));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void onlyTheInviterCanSign() {
        assertThrows(IllegalArgumentException.class, () -> invite().encode(BO));
    }

    @Test
    void everyTruncationIsRefusedCleanly() {
        String text = invite().encode(ADA);
        for (int n = 0; n < text.length(); n++) {
            String cut = text.substring(0, n);
            assertThrows(InvalidInviteException.class, () -> Invite.decode(cut), () -> "prefix of " + cut.length());
        }
    }

    @Test
    void everyChangedCharacterIsRefused() {
        String text = invite().encode(ADA);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:=+/";
        Random random = new Random(4);
        for (int i = 0; i < text.length(); i++) {
            char c;
            do {
                c = alphabet.charAt(random.nextInt(alphabet.length()));
            } while (c == text.charAt(i));
            String changed = text.substring(0, i) + c + text.substring(i + 1);
            // base64 of the last character can carry unused low bits: such a change decodes to the same bytes
            if (decodesToSame(text, changed)) {
                continue;
            }
            assertThrows(InvalidInviteException.class, () -> Invite.decode(changed), () -> "changed at " + changed);
        }
    }

    private static boolean decodesToSame(String a, String b) {
        try {
            return Invite.decode(b).equals(Invite.decode(a));
        } catch (InvalidInviteException e) {
            return false;
        }
    }

    @Test
    void oversizedAndForeignStringsAreRefused() {
        assertMessage("not a Kith invite", "hello");
        assertMessage("not a Kith invite", "");
        assertMessage("not a Kith invite", "x".repeat(100_000));
        assertMessage("too long", Invite.PREFIX + "A".repeat(Invite.MAX_CHARS));
        assertMessage("two parts", Invite.PREFIX + "AAAA");
        assertMessage("two parts", Invite.PREFIX + "AAAA.BBBB.CCCC");
        assertMessage("not base64url", Invite.PREFIX + "AA==.BBBB");
        assertMessage("not base64url", Invite.PREFIX + "A+/A.BBBB");
        assertMessage("not base64url", Invite.PREFIX + ".BBBB");
        assertMessage("signature has 3 bytes", Invite.PREFIX + "AAAA.BBBB");
        assertThrows(InvalidInviteException.class, () -> Invite.decode(null));
    }

    @Test
    void aSignatureFromAnotherKeyIsRefused() {
        String text = invite().encode(ADA);
        int dot = text.lastIndexOf('.');
        byte[] payload = Base64.getUrlDecoder().decode(text.substring(Invite.PREFIX.length(), dot));
        String forged = signed(BO, payload);
        String swapped = text.substring(0, dot) + forged.substring(forged.lastIndexOf('.'));
        assertMessage("does not verify", swapped);
    }

    /** Payloads signed by the inviter but wrong inside: refused with the field named. */
    static Stream<Arguments> signedButInvalid() {
        String key = HexFormat.of().formatHex(KEY.keyBytes());
        String id = SwarmId.fromKey(KEY.keyBytes());
        String ada = ADA.peerId().toBase58();
        String addr = "\"" + ADDR + "\"";
        String ok = "\"v\":1,\"name\":\"crew\",\"swarm\":\"" + id + "\",\"key\":\"" + key + "\",\"bootstrap\":[" + addr
                + "],\"inviter\":\"" + ada + "\",\"issued\":1000,\"expires\":2000";
        return Stream.of(
                Arguments.of("{" + ok + "}", null),
                Arguments.of("[1]", "not a JSON object"),
                Arguments.of("{" + ok + "} {}", "not valid JSON"),
                Arguments.of("{" + ok, "not valid JSON"),
                Arguments.of("{" + ok + ",\"v\":1}", "not valid JSON"),
                Arguments.of("{" + ok + ",\"extra\":1}", "fields"),
                Arguments.of("{" + ok.replace("\"v\":1,", "") + "}", "fields"),
                Arguments.of("{" + ok.replace("\"v\":1", "\"v\":2") + "}", "unknown version"),
                Arguments.of("{" + ok.replace("\"v\":1", "\"v\":\"1\"") + "}", "unknown version"),
                Arguments.of("{" + ok.replace("\"crew\"", "\"public\"") + "}", "public"),
                Arguments.of("{" + ok.replace("\"crew\"", "\"\"") + "}", "empty"),
                Arguments.of("{" + ok.replace("\"crew\"", "\"a b\"") + "}", "letters"),
                Arguments.of("{" + ok.replace("\"crew\"", "\"" + "c".repeat(33) + "\"") + "}", "at most 32"),
                Arguments.of("{" + ok.replace("\"crew\"", "7") + "}", "name is not a string"),
                Arguments.of("{" + ok.replace(key, key.toUpperCase()) + "}", "hex"),
                Arguments.of("{" + ok.replace(key, key.substring(2)) + "}", "hex"),
                Arguments.of("{" + ok.replace(id, "aaaaaaaaaaaaaaaa") + "}", "does not match"),
                Arguments.of("{" + ok.replace(addr, "") + "}", null),
                Arguments.of("{" + ok.replace(addr, "\"/ip4/1.2.3.4/tcp/1\"") + "}", "ending in /p2p/"),
                Arguments.of("{" + ok.replace(addr, "\"/dns4/example.com/tcp/1/p2p/" + ada + "\"") + "}",
                        "ending in /p2p/"),
                Arguments.of("{" + ok.replace(addr, "\"/ip4/999.0.0.1/tcp/1\"") + "}", "invalid"),
                Arguments.of("{" + ok.replace(addr, "3") + "}", "non-string"),
                Arguments.of("{" + ok.replace("[" + addr + "]", "{}") + "}", "bootstrap is not a list"),
                Arguments.of("{" + ok.replace(addr, String.join(",", java.util.Collections.nCopies(9, addr))) + "}",
                        "at most 8"),
                Arguments.of("{" + ok.replace("\"expires\":2000", "\"expires\":1000") + "}", "impossible"),
                Arguments.of("{" + ok.replace("\"expires\":2000", "\"expires\":40000000") + "}", "impossible"),
                Arguments.of("{" + ok.replace("\"issued\":1000", "\"issued\":-5") + "}", "not a time"),
                Arguments.of("{" + ok.replace("\"issued\":1000", "\"issued\":1e3") + "}", "not a time"),
                Arguments.of("{" + ok.replace("\"issued\":1000", "\"issued\":99999999999999999999") + "}",
                        "not a time"),
                Arguments.of("{" + ok.replace(ada, "QmNotAPeer") + "}", "inviter"),
                Arguments.of("{" + ok.replace("\"" + ada + "\"", "null") + "}", "inviter is not a string"));
    }

    @ParameterizedTest
    @MethodSource("signedButInvalid")
    void signedPayloadsAreValidatedFieldByField(String json, String expectedProblem) throws Exception {
        String text = signed(ADA, json.getBytes(StandardCharsets.UTF_8));
        if (expectedProblem == null) {
            assertNotNull(Invite.decode(text));
        } else {
            assertMessage(expectedProblem, text);
        }
    }

    @Test
    void seededGarbageNeverEscapesAsAnotherException() {
        Random random = new Random(99);
        String text = invite().encode(ADA);
        for (int round = 0; round < 5_000; round++) {
            StringBuilder sb = new StringBuilder(text);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.setCharAt(at, (char) (32 + random.nextInt(95)));
                    case 1 -> sb.deleteCharAt(at);
                    default -> sb.insert(at, (char) random.nextInt(0x3000));
                }
            }
            String mutated = sb.toString();
            try {
                Invite.decode(mutated);
            } catch (InvalidInviteException expected) {
                assertNotNull(expected.getMessage());
            } catch (RuntimeException e) {
                throw new AssertionError("unexpected " + e + " for " + mutated, e);
            }
        }
    }

    static String signed(Ed25519KeyPair key, byte[] payload) {
        byte[] domain = "kith-invite:v1\n".getBytes(StandardCharsets.US_ASCII);
        byte[] msg = new byte[domain.length + payload.length];
        System.arraycopy(domain, 0, msg, 0, domain.length);
        System.arraycopy(payload, 0, msg, domain.length, payload.length);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return Invite.PREFIX + b64.encodeToString(payload) + "." + b64.encodeToString(key.sign(msg));
    }

    static void assertMessage(String fragment, String text) {
        InvalidInviteException e = assertThrows(InvalidInviteException.class, () -> Invite.decode(text));
        assertTrue(e.getMessage().contains(fragment), () -> "expected \"" + fragment + "\" in: " + e.getMessage());
    }
}
