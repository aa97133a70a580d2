package org.kith.p2p.noise;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.p2p.noise.NoiseTestSupport.EMPTY;
import static org.kith.p2p.noise.NoiseTestSupport.HEX;
import static org.kith.p2p.noise.NoiseTestSupport.YAMUX;
import static org.kith.p2p.noise.NoiseTestSupport.concat;
import static org.kith.p2p.noise.NoiseTestSupport.frame;

import com.google.protobuf.ByteString;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kith.p2p.noise.NoiseTestSupport.ScriptedPeer;
import org.kith.p2p.testing.NettyLeakDetection;

/**
 * Fuzzing of everything that reads remote bytes, as deterministic seeded mutation: Jazzer is
 * not wired into this module, so instead valid messages are mutated with a fixed-seed
 * {@link Random} (bit flips, byte edits, insertions, deletions, truncation, duplication,
 * splicing, length-prefix edits). Every run tries the same inputs; a failure names the seed and
 * iteration so it can be replayed (and added to {@code malformed-handshakes.txt}).
 *
 * <p>Properties: a reader only ever fails with a {@link NoiseException}; a mutated message never
 * authenticates; the channel never lets an exception reach the pipeline's tail, always settles
 * its handshake future, and releases every buffer.
 */
@ExtendWith(NettyLeakDetection.class)
class NoiseReaderMutationTest {

    private static final long SEED = 0x6b697468_6e6f6973L;
    private static final Set<NoiseException.Reason> KEY_REASONS =
            EnumSet.of(NoiseException.Reason.UNSUPPORTED_KEY_TYPE, NoiseException.Reason.INVALID_IDENTITY_KEY);

    @AfterEach
    void everyDeliveredBufferWasReleased() {
        NoiseTestSupport.assertDeliveredBuffersReleased();
    }

    /** Applies one to three random mutations; the result may equal the input. */
    static byte[] mutate(Random rnd, byte[] input, byte[] donor) {
        byte[] b = input.clone();
        int rounds = 1 + rnd.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            int n = b.length;
            switch (rnd.nextInt(10)) {
                case 0 -> {
                    if (n > 0) {
                        b[rnd.nextInt(n)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 1 -> {
                    if (n > 0) {
                        b[rnd.nextInt(n)] = (byte) rnd.nextInt(256);
                    }
                }
                case 2 -> {
                    if (n > 0) {
                        b[rnd.nextInt(n)] = rnd.nextBoolean() ? 0 : (byte) 0xff;
                    }
                }
                case 3 -> {
                    int at = rnd.nextInt(n + 1);
                    byte[] ins = new byte[1 + rnd.nextInt(8)];
                    rnd.nextBytes(ins);
                    b = concat(Arrays.copyOf(b, at), ins, Arrays.copyOfRange(b, at, n));
                }
                case 4 -> {
                    if (n > 0) {
                        int at = rnd.nextInt(n);
                        int len = 1 + rnd.nextInt(Math.min(16, n - at));
                        b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + len, n));
                    }
                }
                case 5 -> b = Arrays.copyOf(b, rnd.nextInt(n + 1));
                case 6 -> {
                    if (n > 0) {
                        int at = rnd.nextInt(n);
                        int len = 1 + rnd.nextInt(Math.min(32, n - at));
                        b = concat(Arrays.copyOf(b, at + len), Arrays.copyOfRange(b, at, n));
                    }
                }
                case 7 -> {
                    byte[] tail = new byte[1 + rnd.nextInt(32)];
                    rnd.nextBytes(tail);
                    b = concat(b, tail);
                }
                case 8 -> {
                    if (n > 1) {
                        int i = rnd.nextInt(n);
                        int j = rnd.nextInt(n);
                        byte t = b[i];
                        b[i] = b[j];
                        b[j] = t;
                    }
                }
                default -> {
                    int at = rnd.nextInt(n + 1);
                    int from = rnd.nextInt(donor.length);
                    int len = Math.min(donor.length - from, 1 + rnd.nextInt(64));
                    b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(donor, from, from + len),
                            Arrays.copyOfRange(b, Math.min(n, at + len), n));
                }
            }
        }
        return b;
    }

    private static Libp2pHandshake honestInitiator() {
        return new Libp2pHandshake(true, HandshakeCorpus.HONEST_INITIATOR, NoiseTestSupport.staticKey("fuzz i s"),
                HandshakeCorpus.ROGUE.peerId(), List.of(YAMUX), new FixedRandom("fuzz i e"));
    }

    private static Libp2pHandshake honestResponder() {
        return new Libp2pHandshake(false, HandshakeCorpus.HONEST_RESPONDER, NoiseTestSupport.staticKey("fuzz r s"),
                null, List.of(YAMUX), new FixedRandom("fuzz r e"));
    }

    private static byte[] validPayload(ScriptedPeer peer) {
        return NoiseTestSupport.validPayload(HandshakeCorpus.ROGUE, peer.staticPublic(), List.of(YAMUX));
    }

    private static AssertionError unexpected(long seed, int iteration, byte[] input, Throwable t) {
        return new AssertionError("seed " + seed + " iteration " + iteration + " input " + HEX.formatHex(input)
                + " threw " + t, t);
    }

    @Test
    void mutatedMessageTwoOnlyEverFailsWithANoiseException() throws Exception {
        ScriptedPeer rogue = new ScriptedPeer(false, NoiseTestSupport.staticKey("fuzz rogue s"), "fuzz rogue e");
        rogue.read(honestInitiator().start());
        byte[] valid = rogue.write(validPayload(rogue));
        Map<NoiseException.Reason, Integer> outcomes = new EnumMap<>(NoiseException.Reason.class);
        Random rnd = new Random(SEED);
        int accepted = 0;
        for (int it = 0; it < 3000; it++) {
            byte[] m = mutate(rnd, valid, valid);
            Libp2pHandshake i = honestInitiator();
            i.start();
            try {
                i.receive(m);
                assertArrayEquals(valid, m, "iteration " + it + ": a mutated msg 2 was accepted");
                accepted++;
            } catch (NoiseException e) {
                outcomes.merge(e.reason(), 1, Integer::sum);
                assertFalse(i.isComplete());
            } catch (RuntimeException | Error e) {
                throw unexpected(SEED, it, m, e);
            }
        }
        assertTrue(outcomes.getOrDefault(NoiseException.Reason.DECRYPT_FAILED, 0) > 1000, outcomes.toString());
        assertTrue(outcomes.containsKey(NoiseException.Reason.TRUNCATED_MESSAGE), outcomes.toString());
        assertEquals(3000, accepted + outcomes.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void mutatedMessagesOneAndThreeOnlyEverFailWithANoiseException() throws Exception {
        ScriptedPeer rogue = new ScriptedPeer(true, NoiseTestSupport.staticKey("fuzz rogue s"), "fuzz rogue e");
        byte[] m1 = rogue.write(EMPTY);
        rogue.read(honestResponder().receive(m1));
        byte[] m3 = rogue.write(validPayload(rogue));
        Map<NoiseException.Reason, Integer> outcomes = new EnumMap<>(NoiseException.Reason.class);
        Random rnd = new Random(SEED + 1);
        for (int it = 0; it < 3000; it++) {
            boolean first = it % 3 == 0;
            byte[] m = mutate(rnd, first ? m1 : m3, m3);
            Libp2pHandshake r = honestResponder();
            try {
                if (first) {
                    r.receive(m);
                } else {
                    r.receive(m1);
                    r.receive(m);
                    assertArrayEquals(m3, m, "iteration " + it + ": a mutated msg 3 was accepted");
                }
            } catch (NoiseException e) {
                outcomes.merge(e.reason(), 1, Integer::sum);
            } catch (RuntimeException | Error e) {
                throw unexpected(SEED + 1, it, m, e);
            }
        }
        // Any 32 bytes are a syntactically valid msg 1, so many mutations of it pass; longer
        // ones carry an unexpected payload, shorter ones are truncated.
        assertTrue(outcomes.containsKey(NoiseException.Reason.UNEXPECTED_PAYLOAD), outcomes.toString());
        assertTrue(outcomes.containsKey(NoiseException.Reason.TRUNCATED_MESSAGE), outcomes.toString());
        assertTrue(outcomes.getOrDefault(NoiseException.Reason.DECRYPT_FAILED, 0) > 1000, outcomes.toString());
    }

    @Test
    void mutatedPayloadsDecodeOrFailAsMalformed() {
        byte[] full = new NoiseHandshakePayload(
                ByteString.copyFrom(HandshakeCorpus.ROGUE.publicKey().toProtobuf()),
                ByteString.copyFrom(new byte[64]),
                new NoiseExtensions(List.of(ByteString.copyFrom(HEX.parseHex("1220" + "ab".repeat(32)))),
                        List.of(YAMUX, "/mplex/6.7.0"))).toByteArray();
        byte[] withUnknown = concat(full, HEX.parseHex("1a03616263" + "4308014400" + "3d01020304"));
        Random rnd = new Random(SEED + 2);
        int decoded = 0;
        int malformed = 0;
        for (int it = 0; it < 50_000; it++) {
            byte[] base = it % 2 == 0 ? full : withUnknown;
            byte[] m = mutate(rnd, base, withUnknown);
            try {
                NoiseHandshakePayload p = NoiseHandshakePayload.parse(m);
                decoded++;
                if (p.identityKey() != null) {
                    try {
                        RemoteIdentity.decode(p.identityKey().toByteArray());
                    } catch (NoiseException e) {
                        assertTrue(KEY_REASONS.contains(e.reason()), e.toString());
                    }
                }
            } catch (NoiseException e) {
                assertEquals(NoiseException.Reason.MALFORMED_PAYLOAD, e.reason());
                malformed++;
            } catch (RuntimeException | Error e) {
                throw unexpected(SEED + 2, it, m, e);
            }
        }
        assertTrue(decoded > 1000 && malformed > 1000, "decoded " + decoded + ", malformed " + malformed);
    }

    /**
     * The whole inbound path of the Netty handler: a valid msg 2 followed by two transport
     * frames, mutated (frame prefixes included) and delivered in random-sized pieces.
     */
    @Test
    void mutatedWireStreamsNeverEscapeTheHandlerOrLeak() throws Exception {
        byte[] valid = validInitiatorStream();
        Random rnd = new Random(SEED + 3);
        int succeeded = 0;
        int failed = 0;
        for (int it = 0; it < 400; it++) {
            byte[] stream = it == 0 ? valid : mutate(rnd, valid, valid);
            NoiseSecureChannel noise = HandshakeCorpus.honestInitiator();
            EmbeddedChannel ch = new EmbeddedChannel(noise);
            try {
                NoiseTestSupport.drainOutbound(ch);
                for (int pos = 0; pos < stream.length && ch.isOpen(); ) {
                    int len = Math.min(stream.length - pos, 1 + rnd.nextInt(200));
                    NoiseTestSupport.deliver(ch, Arrays.copyOfRange(stream, pos, pos + len));
                    pos += len;
                }
                byte[] plaintext = NoiseTestSupport.drainInbound(ch);
                NoiseTestSupport.drainOutbound(ch);
                if (!noise.handshakeFuture().isDone()) {
                    ch.close();
                }
                assertTrue(noise.handshakeFuture().isDone());
                if (noise.handshakeFuture().isCompletedExceptionally()) {
                    NoiseTestSupport.failure(noise.handshakeFuture());
                    assertFalse(ch.isOpen());
                    assertEquals(0, plaintext.length, "no plaintext from a failed handshake");
                    failed++;
                } else {
                    succeeded++;
                    if (Arrays.equals(stream, valid)) {
                        assertEquals("first frame|second frame", new String(plaintext, US_ASCII));
                    }
                }
                ch.checkException();
                ch.finishAndReleaseAll();
            } catch (AssertionError e) {
                throw new AssertionError("seed " + (SEED + 3) + " iteration " + it + " stream " + HEX.formatHex(stream), e);
            } catch (Exception e) {
                throw unexpected(SEED + 3, it, stream, e);
            }
        }
        assertTrue(succeeded > 0 && failed > 200, "succeeded " + succeeded + ", failed " + failed);
    }

    /** What the corpus's rogue responder sends the honest initiator: msg 2, then two frames. */
    private static byte[] validInitiatorStream() throws Exception {
        ScriptedPeer rogue = new ScriptedPeer(false, NoiseTestSupport.staticKey("corpus rogue s"), "corpus rogue e");
        EmbeddedChannel honest = new EmbeddedChannel(HandshakeCorpus.honestInitiator());
        byte[] m1 = NoiseTestSupport.drainOutbound(honest);
        rogue.read(Arrays.copyOfRange(m1, 2, m1.length));
        byte[] m2 = frame(rogue.write(NoiseTestSupport.validPayload(HandshakeCorpus.ROGUE, rogue.staticPublic(),
                List.of(YAMUX))));
        NoiseTestSupport.deliver(honest, m2);
        byte[] m3 = NoiseTestSupport.drainOutbound(honest);
        honest.finishAndReleaseAll();
        rogue.read(Arrays.copyOfRange(m3, 2, m3.length));
        byte[] t1 = frame(rogue.state.sender().encryptWithAd(EMPTY, "first frame|".getBytes(US_ASCII)));
        byte[] t2 = frame(rogue.state.sender().encryptWithAd(EMPTY, "second frame".getBytes(US_ASCII)));
        return concat(m2, t1, t2);
    }
}
