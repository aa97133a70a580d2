package org.kith.p2p.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of valid frame sequences, fed to the decoder alone and to whole sessions
 * in random chunks. Whatever the input, nothing may escape to the pipeline tail, nothing may leak,
 * and the session either stays up or ends with a GoAway and a recorded cause. (A coverage-guided
 * fuzzer such as Jazzer is not wired into this module; this is the deterministic stand-in, and
 * any input it ever trips on belongs in {@code src/test/resources/yamux/malformed/}.)
 */
class YamuxMutationTest {

    static {
        Leaks.paranoid();
    }

    private static final long SEED = 0x59A3_0C0DE_5EEDL;
    private static final int ROUNDS = 1500;

    @AfterEach
    void noLeaks() {
        Leaks.assertNone();
    }

    /** Valid traffic a remote could send; stream IDs of the remote's parity ({@code first}). */
    private static byte[] corpus(int variant, long first) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<ByteBuf> frames = new ArrayList<>();
        switch (variant) {
            case 0 -> {
                frames.add(Wire.data(first, YamuxFrame.FLAG_SYN, "hello".getBytes()));
                frames.add(Wire.windowUpdate(first, 0, 4096));
                frames.add(Wire.data(first, YamuxFrame.FLAG_FIN, new byte[300]));
            }
            case 1 -> {
                frames.add(Wire.ping(YamuxFrame.FLAG_SYN, 7));
                frames.add(Wire.windowUpdate(first, YamuxFrame.FLAG_SYN, 0));
                frames.add(Wire.windowUpdate(first + 2, YamuxFrame.FLAG_SYN, 1 << 20));
                frames.add(Wire.data(first + 2, 0, new byte[1000]));
                frames.add(Wire.windowUpdate(first, YamuxFrame.FLAG_RST, 3));
            }
            case 2 -> {
                frames.add(Wire.windowUpdate(first, YamuxFrame.FLAG_SYN, 0));
                frames.add(Wire.data(first, 0, new byte[64 * 1024]));
                frames.add(Wire.data(first, YamuxFrame.FLAG_FIN, new byte[10]));
                frames.add(Wire.ping(YamuxFrame.FLAG_ACK, 1));
                frames.add(Wire.goAway(0));
            }
            default -> {
                frames.add(Wire.data(first, YamuxFrame.FLAG_SYN | YamuxFrame.FLAG_FIN, new byte[] {1}));
                frames.add(Wire.windowUpdate(first, YamuxFrame.FLAG_ACK | YamuxFrame.FLAG_FIN, 0));
                frames.add(Wire.goAway(1));
            }
        }
        for (ByteBuf f : frames) {
            out.writeBytes(ByteBufUtil.getBytes(f));
            f.release();
        }
        return out.toByteArray();
    }

    private static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = (byte) rnd.nextInt(256);
                case 2 -> b[at] = (byte) (rnd.nextBoolean() ? 0 : 0xFF);
                case 3 -> b = java.util.Arrays.copyOf(b, at);
                case 4 -> {
                    byte[] ins = new byte[1 + rnd.nextInt(16)];
                    rnd.nextBytes(ins);
                    byte[] n = new byte[b.length + ins.length];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(ins, 0, n, at, ins.length);
                    System.arraycopy(b, at, n, at + ins.length, b.length - at);
                    b = n;
                }
                case 5 -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(24));
                    byte[] n = new byte[b.length + len];
                    System.arraycopy(b, 0, n, 0, at + len);
                    System.arraycopy(b, at, n, at + len, b.length - at);
                    b = n;
                }
                default -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(24));
                    byte[] n = new byte[b.length - len];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(b, at + len, n, at, b.length - at - len);
                    b = n;
                }
            }
        }
        return b;
    }

    private static List<ByteBuf> chunks(byte[] b, Random rnd) {
        List<ByteBuf> out = new ArrayList<>();
        int at = 0;
        while (at < b.length) {
            int n = Math.min(b.length - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 4096));
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(n);
            buf.writeBytes(b, at, n);
            out.add(buf);
            at += n;
        }
        return out;
    }

    @Test
    void sessionsSurviveMutatedInput() {
        // Hundreds of violations are expected here; keep their WARN lines out of the build log.
        Leaks.quietly(YamuxSession.class, this::fuzzSessions);
    }

    private void fuzzSessions() {
        Random rnd = new Random(SEED);
        int closedWithViolation = 0;
        int stayedOpen = 0;
        for (int round = 0; round < ROUNDS; round++) {
            boolean client = rnd.nextBoolean();
            byte[] input = mutate(corpus(rnd.nextInt(4), client ? 2 : 1), rnd);
            String replay = "round " + round + " client=" + client + " input=" + HexFormat.of().formatHex(input);
            List<ByteBuf> parts = chunks(input, rnd);
            try (RawPeer peer = new RawPeer(client, YamuxViolationTest.REPLAY_CONFIG,
                    s -> s.config().setAutoRead(rnd.nextBoolean()))) {
                for (ByteBuf part : parts) {
                    peer.feed(part);
                }
                List<Wire.Seen> sent = peer.sent();
                if (peer.channel.isOpen()) {
                    stayedOpen++;
                    assertTrue(peer.session.closeCause().isEmpty(), replay);
                } else {
                    assertTrue(peer.session.closeFuture().isDone(), replay);
                    assertTrue(peer.inbound.keySet().stream().noneMatch(YamuxStream::isOpen), replay);
                    assertEquals(0, peer.session.streamCount(), replay);
                    YamuxException cause = peer.session.closeCause().orElse(null);
                    if (cause != null && cause.reason() == YamuxException.Reason.PROTOCOL_VIOLATION) {
                        closedWithViolation++;
                        Wire.Seen last = sent.get(sent.size() - 1);
                        assertTrue(last.is(YamuxFrame.Type.GO_AWAY), replay);
                        assertEquals(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, last.length(), replay);
                    }
                }
                peer.channel.checkException();
            }
            // Closing the connection frees what the decoder and unread streams still held.
            for (ByteBuf part : parts) {
                assertEquals(0, part.refCnt(), replay);
            }
            if (round % 250 == 249) {
                Leaks.assertNone();
            }
        }
        assertTrue(closedWithViolation > ROUNDS / 10, "mutations hit the checks: " + closedWithViolation);
        assertTrue(stayedOpen > ROUNDS / 10, "and some stay valid: " + stayedOpen);
    }

    @Test
    void decoderAloneNeverThrowsAnythingButDecoderExceptions() {
        Random rnd = new Random(SEED + 1);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = mutate(corpus(rnd.nextInt(4), 1), rnd);
            io.netty.channel.embedded.EmbeddedChannel ch =
                    new io.netty.channel.embedded.EmbeddedChannel(new YamuxFrameDecoder(1 << 20, (id, f) -> 1 << 18));
            boolean failed = false;
            for (ByteBuf part : chunks(input, rnd)) {
                try {
                    ch.writeInbound(part);
                } catch (io.netty.handler.codec.DecoderException e) {
                    assertTrue(e.getCause() instanceof YamuxException, e.toString());
                    failed = true;
                }
            }
            Object frame;
            while ((frame = ch.readInbound()) != null) {
                YamuxFrame f = (YamuxFrame) frame;
                assertTrue(f.type() != YamuxFrame.Type.DATA || f.payload().readableBytes() == f.length());
                f.release();
            }
            if (failed) {
                assertFalse(ch.writeInbound(Wire.ping(YamuxFrame.FLAG_SYN, 1)), "input after a failure is dropped");
            }
            ch.finishAndReleaseAll();
        }
    }
}
