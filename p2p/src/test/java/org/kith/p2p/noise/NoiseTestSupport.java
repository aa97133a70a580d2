package org.kith.p2p.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.kith.protocol.identity.Ed25519KeyPair;

/** Shared helpers for the Noise tests. */
final class NoiseTestSupport {

    static final HexFormat HEX = HexFormat.of();
    static final String YAMUX = "/yamux/1.0.0";
    static final String MPLEX = "/mplex/6.7.0";
    static final byte[] EMPTY = new byte[0];

    private NoiseTestSupport() {
    }

    /** An identity whose seed is {@code first, first+1, …, first+31}. */
    static Ed25519KeyPair identity(int first) {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) (first + i);
        }
        return Ed25519KeyPair.fromSeed(seed);
    }

    static X25519KeyPair staticKey(String label) {
        return X25519KeyPair.fromPrivateKey(FixedRandom.bytes32(label));
    }

    /** {@code "noise-libp2p-static-key:" ‖ staticPublic}. */
    static byte[] signedStaticKey(byte[] staticPublic) {
        byte[] prefix = Libp2pHandshake.STATIC_KEY_SIGNATURE_PREFIX;
        byte[] out = new byte[prefix.length + staticPublic.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(staticPublic, 0, out, prefix.length, staticPublic.length);
        return out;
    }

    /** A correct payload for {@code identity} presenting {@code staticPublic}. */
    static byte[] validPayload(Ed25519KeyPair identity, byte[] staticPublic, List<String> muxers) {
        return payload(identity.publicKey().toProtobuf(), identity.sign(signedStaticKey(staticPublic)), muxers);
    }

    static byte[] payload(byte[] identityKey, byte[] signature, List<String> muxers) {
        return new NoiseHandshakePayload(
                identityKey == null ? null : ByteString.copyFrom(identityKey),
                signature == null ? null : ByteString.copyFrom(signature),
                muxers == null ? null : NoiseExtensions.ofMuxers(muxers)).toByteArray();
    }

    /** {@code u16 BE length ‖ message}, as a fresh byte array. */
    static byte[] frame(byte[] message) {
        byte[] out = new byte[2 + message.length];
        out[0] = (byte) (message.length >>> 8);
        out[1] = (byte) message.length;
        System.arraycopy(message, 0, out, 2, message.length);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    static byte[] flipBit(byte[] data, int byteIndex, int bit) {
        byte[] out = data.clone();
        out[byteIndex] ^= (byte) (1 << bit);
        return out;
    }

    /** Reads and releases every outbound buffer of {@code ch}, concatenated. */
    static byte[] drainOutbound(EmbeddedChannel ch) {
        List<byte[]> parts = new ArrayList<>();
        Object msg;
        while ((msg = ch.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) msg;
            if (!buf.isReadable()) {
                buf.release(); // possibly the shared, unreleasable EMPTY_BUFFER
                continue;
            }
            byte[] b = new byte[buf.readableBytes()];
            buf.readBytes(b);
            assertTrue(buf.release());
            parts.add(b);
        }
        return concat(parts.toArray(new byte[0][]));
    }

    /** Reads and releases every inbound plaintext buffer of {@code ch}, concatenated. */
    static byte[] drainInbound(EmbeddedChannel ch) {
        List<byte[]> parts = new ArrayList<>();
        Object msg;
        while ((msg = ch.readInbound()) != null) {
            ByteBuf buf = (ByteBuf) msg;
            byte[] b = new byte[buf.readableBytes()];
            buf.readBytes(b);
            assertTrue(buf.release());
            assertEquals(0, buf.refCnt());
            parts.add(b);
        }
        return concat(parts.toArray(new byte[0][]));
    }

    /**
     * Writes {@code bytes} into {@code ch} as one inbound buffer and checks the decoder
     * released it. Does nothing if the channel is closed.
     */
    static void deliver(EmbeddedChannel ch, byte[] bytes) {
        if (!ch.isOpen()) {
            return;
        }
        ch.writeInbound(track(Unpooled.wrappedBuffer(bytes)));
    }

    /**
     * Buffers handed to a decoder in this thread's current test. A decoder may keep a buffer as
     * its cumulation until more bytes arrive, so release is checked once the channels are
     * finished, by {@link #assertDeliveredBuffersReleased()}.
     */
    private static final ThreadLocal<List<ByteBuf>> DELIVERED = ThreadLocal.withInitial(ArrayList::new);

    static ByteBuf track(ByteBuf buf) {
        DELIVERED.get().add(buf);
        return buf;
    }

    /** Checks that every buffer given to {@link #deliver} or {@link #shuttle} was released. */
    static void assertDeliveredBuffersReleased() {
        List<ByteBuf> delivered = DELIVERED.get();
        try {
            for (int k = 0; k < delivered.size(); k++) {
                assertEquals(0, delivered.get(k).refCnt(), "delivered buffer " + k + " was not released");
            }
        } finally {
            delivered.clear();
        }
    }

    /**
     * Moves bytes between two linked channels until neither has anything to send; a closed
     * side closes the other, as a TCP FIN would.
     */
    static void shuttle(EmbeddedChannel a, EmbeddedChannel b) {
        boolean moved;
        do {
            moved = move(a, b) | move(b, a);
            a.runPendingTasks();
            b.runPendingTasks();
            if (!a.isOpen() && b.isOpen()) {
                b.close();
                moved = true;
            } else if (!b.isOpen() && a.isOpen()) {
                a.close();
                moved = true;
            }
        } while (moved);
    }

    static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean any = false;
        Object msg;
        while ((msg = from.readOutbound()) != null) {
            any = true;
            ByteBuf buf = (ByteBuf) msg;
            if (to.isOpen()) {
                to.writeInbound(track(buf));
            } else {
                buf.release();
            }
        }
        return any;
    }

    /** The failure reason of a completed-exceptionally future. */
    static NoiseException.Reason failureReason(CompletableFuture<NoiseSession> f) {
        assertTrue(f.isDone(), "handshake future not done");
        assertTrue(f.isCompletedExceptionally(), "handshake unexpectedly succeeded");
        try {
            f.get();
            throw new AssertionError("unreachable");
        } catch (ExecutionException e) {
            return assertInstanceOf(NoiseException.class, e.getCause()).reason();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static NoiseException failure(CompletableFuture<NoiseSession> f) {
        failureReason(f);
        try {
            f.get();
            throw new AssertionError("unreachable");
        } catch (ExecutionException e) {
            return (NoiseException) e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Records NoiseSession user events and passes everything on. */
    static final class SessionEvents extends ChannelInboundHandlerAdapter {
        final List<NoiseSession> sessions = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof NoiseSession s) {
                sessions.add(s);
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    /**
     * A hand-driven XX peer on the raw Noise core, for sending what an honest libp2p peer
     * would not: arbitrary payloads, wrong signatures, corrupted messages.
     */
    static final class ScriptedPeer {
        final X25519KeyPair staticKey;
        final HandshakeState state;

        ScriptedPeer(boolean initiator, X25519KeyPair staticKey, String ephemeralLabel) {
            this.staticKey = staticKey;
            this.state = new HandshakeState(HandshakePattern.XX, initiator, EMPTY, staticKey, null,
                    new FixedRandom(ephemeralLabel));
        }

        byte[] staticPublic() {
            return staticKey.publicKey();
        }

        byte[] write(byte[] payload) throws NoiseException {
            return state.writeMessage(payload);
        }

        byte[] read(byte[] message) throws NoiseException {
            return state.readMessage(message);
        }
    }
}
