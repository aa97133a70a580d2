package org.kith.p2p.noise;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.kith.p2p.noise.NoiseTestSupport.EMPTY;
import static org.kith.p2p.noise.NoiseTestSupport.HEX;
import static org.kith.p2p.noise.NoiseTestSupport.YAMUX;
import static org.kith.p2p.noise.NoiseTestSupport.concat;
import static org.kith.p2p.noise.NoiseTestSupport.flipBit;
import static org.kith.p2p.noise.NoiseTestSupport.frame;
import static org.kith.p2p.noise.NoiseTestSupport.identity;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.kith.p2p.noise.NoiseTestSupport.ScriptedPeer;
import org.kith.protocol.identity.Ed25519KeyPair;

/**
 * The malformed-handshake corpus: the fixed honest parties it was recorded against, the loader,
 * and (run {@link #main}) the generator that writes {@code src/test/resources/noise/malformed-handshakes.txt}.
 *
 * <p>Every key is fixed and ephemeral keys come from {@link FixedRandom}, so an honest party's
 * messages are the same on every run and a recorded reply stays valid (or stays exactly as
 * broken as recorded). The {@code ok} lines prove that: they must still complete.
 */
final class HandshakeCorpus {

    static final String RESOURCE = "/noise/malformed-handshakes.txt";

    /** The honest dialler; it dials {@link #ROGUE}. */
    static final Ed25519KeyPair HONEST_INITIATOR = identity(0x00);
    /** The honest listener. */
    static final Ed25519KeyPair HONEST_RESPONDER = identity(0x60);
    /** The scripted remote party: the peer the initiator means to reach. */
    static final Ed25519KeyPair ROGUE = identity(0x20);
    /** Some other identity. */
    static final Ed25519KeyPair OTHER = identity(0x40);

    /** Which honest party a case is replayed against. */
    enum Role { INITIATOR, RESPONDER }

    /** One corpus line. {@code expected} is a {@link NoiseException.Reason#code()} or {@code ok}. */
    record Case(int line, Role role, String expected, String description, byte[] bytes) {
        @Override
        public String toString() {
            return "line " + line + " " + role.name().toLowerCase() + " " + expected + ": " + description;
        }
    }

    private HandshakeCorpus() {
    }

    static NoiseSecureChannel honestInitiator() {
        return NoiseSecureChannel.builder(HONEST_INITIATOR)
                .random(new FixedRandom("corpus initiator e"))
                .staticKey(NoiseTestSupport.staticKey("corpus initiator s"))
                .muxers(List.of(YAMUX))
                .initiator(ROGUE.peerId());
    }

    static NoiseSecureChannel honestResponder() {
        return NoiseSecureChannel.builder(HONEST_RESPONDER)
                .random(new FixedRandom("corpus responder e"))
                .staticKey(NoiseTestSupport.staticKey("corpus responder s"))
                .muxers(List.of(YAMUX))
                .responder();
    }

    static List<Case> load() {
        InputStream in = HandshakeCorpus.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + RESOURCE);
        }
        List<Case> cases = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int sep = line.indexOf(" :: ");
                String[] head = line.substring(0, sep < 0 ? line.length() : sep).split(" \\| ", 3);
                if (sep < 0 || head.length != 3) {
                    throw new IllegalStateException(RESOURCE + ":" + number + ": expected \"role | reason | description :: hex\"");
                }
                cases.add(new Case(number, Role.valueOf(head[0].strip().toUpperCase()), head[1].strip(),
                        head[2].strip(), HEX.parseHex(line.substring(sep + 4).replace(" ", ""))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    // ---- generator -------------------------------------------------------------------------

    /** Writes the corpus file; run from the p2p module directory. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources/noise/malformed-handshakes.txt");
        StringBuilder sb = new StringBuilder();
        sb.append("""
                # Malformed libp2p Noise handshakes, replayed by MalformedHandshakeReplayTest.
                # Generated by HandshakeCorpus.main (test sources); keys are fixed there, so every line
                # stays valid against the same honest party.
                #
                # Line format:  role | expected | description :: hex
                #   role      initiator: the bytes are what a responder sends to HandshakeCorpus.honestInitiator()
                #                        (which dials ROGUE), i.e. one framed msg 2;
                #             responder: the bytes are what an initiator sends to
                #                        HandshakeCorpus.honestResponder(): framed msg 1, then framed msg 3.
                #   expected  "ok" or the NoiseException.Reason code the honest party must fail with.
                #   hex       exact wire bytes, u16 big-endian length prefixes included. The channel is
                #             closed after delivery, so a frame cut short must fail as truncated-message.
                """);
        sb.append('\n');
        for (String line : generate()) {
            sb.append(line).append('\n');
        }
        Files.writeString(out, sb.toString(), UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    static List<String> generate() throws Exception {
        List<String> lines = new ArrayList<>();
        // --- against the honest initiator: crafted msg 2 ---
        Function<byte[], byte[]> asIs = m -> m;
        lines.add(msg2("ok", "well-formed msg 2 from the expected peer with yamux", s -> valid(ROGUE, s, List.of(YAMUX)), asIs));
        lines.add(msg2("ok", "well-formed msg 2 without extensions", s -> valid(ROGUE, s, null), asIs));
        lines.add(msg2("invalid-signature", "identity_sig made by another identity key",
                s -> payload(ROGUE, OTHER.sign(NoiseTestSupport.signedStaticKey(s))), asIs));
        lines.add(msg2("invalid-signature", "identity_sig over a different static key",
                s -> valid(ROGUE, NoiseTestSupport.staticKey("corpus unrelated s").publicKey(), null), asIs));
        lines.add(msg2("invalid-signature", "identity_sig over the static key without the prefix",
                s -> payload(ROGUE, ROGUE.sign(s)), asIs));
        lines.add(msg2("invalid-signature", "identity_sig of 63 bytes",
                s -> payload(ROGUE, Arrays.copyOf(ROGUE.sign(NoiseTestSupport.signedStaticKey(s)), 63)), asIs));
        lines.add(msg2("peer-id-mismatch", "validly signed by a peer other than the one dialled",
                s -> valid(OTHER, s, List.of(YAMUX)), asIs));
        lines.add(msg2("unsupported-key-type", "RSA identity key",
                s -> NoiseTestSupport.payload(HEX.parseHex("080012" + "09" + "300702010102020101"),
                        ROGUE.sign(NoiseTestSupport.signedStaticKey(s)), null), asIs));
        lines.add(msg2("unsupported-key-type", "secp256k1 identity key",
                s -> NoiseTestSupport.payload(HEX.parseHex("0802122102" + "11".repeat(32)),
                        ROGUE.sign(NoiseTestSupport.signedStaticKey(s)), null), asIs));
        lines.add(msg2("invalid-identity-key", "Ed25519 identity key of 31 bytes",
                s -> NoiseTestSupport.payload(Arrays.copyOf(ROGUE.publicKey().toProtobuf(), 35),
                        ROGUE.sign(NoiseTestSupport.signedStaticKey(s)), null), asIs));
        lines.add(msg2("malformed-payload", "payload is not protobuf", s -> HEX.parseHex("ffffffffffffffffffffffff"), asIs));
        lines.add(msg2("malformed-payload", "empty payload", s -> EMPTY, asIs));
        lines.add(msg2("malformed-payload", "payload without identity_sig",
                s -> NoiseTestSupport.payload(ROGUE.publicKey().toProtobuf(), null, null), asIs));
        lines.add(msg2("malformed-payload", "payload without identity_key",
                s -> NoiseTestSupport.payload(null, ROGUE.sign(NoiseTestSupport.signedStaticKey(s)), null), asIs));
        lines.add(msg2("malformed-payload", "101 stream muxers",
                s -> valid(ROGUE, s, Collections.nCopies(101, "/m")), asIs));
        lines.add(msg2("malformed-payload", "identity_key length runs past the payload",
                s -> HEX.parseHex("0a7f0801"), asIs));
        lines.add(msg2("decrypt-failed", "bit flipped in the ephemeral key",
                s -> valid(ROGUE, s, null), m -> flipBit(m, 7, 2)));
        lines.add(msg2("decrypt-failed", "bit flipped in the encrypted static key",
                s -> valid(ROGUE, s, null), m -> flipBit(m, 40, 0)));
        lines.add(msg2("decrypt-failed", "bit flipped in the static key's tag",
                s -> valid(ROGUE, s, null), m -> flipBit(m, 70, 5)));
        lines.add(msg2("decrypt-failed", "bit flipped in the payload ciphertext",
                s -> valid(ROGUE, s, null), m -> flipBit(m, 100, 7)));
        lines.add(msg2("decrypt-failed", "bit flipped in the payload tag",
                s -> valid(ROGUE, s, null), m -> flipBit(m, m.length - 1, 0)));
        lines.add(msg2("decrypt-failed", "a byte appended to msg 2",
                s -> valid(ROGUE, s, null), m -> concat(m, new byte[] {0})));
        lines.add(msg2("invalid-dh-key", "all-zero (low-order) ephemeral key",
                s -> valid(ROGUE, s, null), m -> concat(new byte[32], Arrays.copyOfRange(m, 32, m.length))));
        lines.add(msg2("truncated-message", "msg 2 of 60 bytes, ending inside the static key",
                s -> valid(ROGUE, s, null), m -> Arrays.copyOf(m, 60)));
        lines.add(msg2("truncated-message", "msg 2 with 10 payload bytes, fewer than the tag",
                s -> valid(ROGUE, s, null), m -> Arrays.copyOf(m, 32 + 48 + 10)));
        lines.add(line(Role.INITIATOR, "truncated-message", "empty frame", HEX.parseHex("0000")));
        lines.add(msg2Raw("truncated-message", "frame cut short by the connection closing",
                s -> valid(ROGUE, s, null), f -> Arrays.copyOf(f, 100)));
        lines.add(msg2Raw("truncated-message", "frame that announces one byte more than is sent",
                s -> valid(ROGUE, s, null), f -> concat(lengthPlusOne(f), Arrays.copyOfRange(f, 2, f.length))));

        // --- against the honest responder: msg 1, then crafted msg 3 ---
        lines.add(msg3("ok", "well-formed msg 1 and msg 3", s -> valid(ROGUE, s, List.of(YAMUX)), asIs));
        lines.add(responderMsg1("unexpected-payload", "msg 1 carrying a one-byte payload", new byte[] {0x2a}));
        lines.add(responderMsg1("unexpected-payload", "msg 1 carrying a NoiseHandshakePayload",
                valid(ROGUE, new byte[32], List.of(YAMUX))));
        lines.add(line(Role.RESPONDER, "truncated-message", "msg 1 of 31 bytes", frame(new byte[31])));
        lines.add(line(Role.RESPONDER, "invalid-dh-key", "msg 1 with an all-zero ephemeral key", frame(new byte[32])));
        lines.add(msg3("invalid-signature", "msg 3 identity_sig made by another identity key",
                s -> payload(ROGUE, OTHER.sign(NoiseTestSupport.signedStaticKey(s))), asIs));
        lines.add(msg3("invalid-signature", "msg 3 identity_sig over a different static key",
                s -> valid(ROGUE, NoiseTestSupport.staticKey("corpus unrelated s").publicKey(), null), asIs));
        lines.add(msg3("unsupported-key-type", "msg 3 with an RSA identity key",
                s -> NoiseTestSupport.payload(HEX.parseHex("080012" + "09" + "300702010102020101"),
                        ROGUE.sign(NoiseTestSupport.signedStaticKey(s)), null), asIs));
        lines.add(msg3("malformed-payload", "msg 3 payload is not protobuf", s -> HEX.parseHex("0a"), asIs));
        lines.add(msg3("malformed-payload", "msg 3 payload without identity_key",
                s -> NoiseTestSupport.payload(null, ROGUE.sign(NoiseTestSupport.signedStaticKey(s)), null), asIs));
        lines.add(msg3("decrypt-failed", "bit flipped in msg 3's encrypted static key",
                s -> valid(ROGUE, s, null), m -> flipBit(m, 3, 3)));
        lines.add(msg3("decrypt-failed", "bit flipped in msg 3's payload tag",
                s -> valid(ROGUE, s, null), m -> flipBit(m, m.length - 2, 6)));
        lines.add(msg3("truncated-message", "msg 3 of 47 bytes",
                s -> valid(ROGUE, s, null), m -> Arrays.copyOf(m, 47)));
        lines.add(msg3("truncated-message", "msg 3 with 15 payload bytes",
                s -> valid(ROGUE, s, null), m -> Arrays.copyOf(m, 48 + 15)));
        return lines;
    }

    private static byte[] valid(Ed25519KeyPair who, byte[] staticPublic, List<String> muxers) {
        return NoiseTestSupport.validPayload(who, staticPublic, muxers);
    }

    private static byte[] payload(Ed25519KeyPair who, byte[] signature) {
        return NoiseTestSupport.payload(who.publicKey().toProtobuf(), signature, null);
    }

    private static byte[] lengthPlusOne(byte[] frame) {
        int len = (((frame[0] & 0xff) << 8) | (frame[1] & 0xff)) + 1;
        return new byte[] {(byte) (len >>> 8), (byte) len};
    }

    private static String line(Role role, String expected, String description, byte[] bytes) {
        return role.name().toLowerCase() + " | " + expected + " | " + description + " :: " + HEX.formatHex(bytes);
    }

    private static ScriptedPeer rogue(boolean initiator) {
        return new ScriptedPeer(initiator, NoiseTestSupport.staticKey("corpus rogue s"), "corpus rogue e");
    }

    /** The honest initiator's msg 1 (without its prefix). */
    private static byte[] honestMsg1() {
        EmbeddedChannel ch = new EmbeddedChannel(honestInitiator());
        byte[] framed = NoiseTestSupport.drainOutbound(ch);
        ch.finishAndReleaseAll();
        return Arrays.copyOfRange(framed, 2, framed.length);
    }

    private static String msg2(String expected, String description, Function<byte[], byte[]> payload,
                               Function<byte[], byte[]> mutateMessage) throws NoiseException {
        return msg2Raw(expected, description, payload, f -> frame(mutateMessage.apply(Arrays.copyOfRange(f, 2, f.length))));
    }

    private static String msg2Raw(String expected, String description, Function<byte[], byte[]> payload,
                                  Function<byte[], byte[]> mutateFrame) throws NoiseException {
        ScriptedPeer rogue = rogue(false);
        rogue.read(honestMsg1());
        byte[] m2 = rogue.write(payload.apply(rogue.staticPublic()));
        return line(Role.INITIATOR, expected, description, mutateFrame.apply(frame(m2)));
    }

    private static String responderMsg1(String expected, String description, byte[] msg1Payload) throws NoiseException {
        return line(Role.RESPONDER, expected, description, frame(rogue(true).write(msg1Payload)));
    }

    private static String msg3(String expected, String description, Function<byte[], byte[]> payload,
                               Function<byte[], byte[]> mutateMessage) throws NoiseException {
        ScriptedPeer rogue = rogue(true);
        byte[] m1 = rogue.write(EMPTY);
        EmbeddedChannel honest = new EmbeddedChannel(honestResponder());
        NoiseTestSupport.deliver(honest, frame(m1));
        byte[] m2 = NoiseTestSupport.drainOutbound(honest);
        honest.finishAndReleaseAll();
        NoiseTestSupport.assertDeliveredBuffersReleased();
        rogue.read(Arrays.copyOfRange(m2, 2, m2.length));
        byte[] m3 = mutateMessage.apply(rogue.write(payload.apply(rogue.staticPublic())));
        return line(Role.RESPONDER, expected, description, concat(frame(m1), frame(m3)));
    }
}
