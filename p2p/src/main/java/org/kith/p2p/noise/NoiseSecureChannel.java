package org.kith.p2p.noise;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.UnsupportedMessageTypeException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libp2p's Noise secure channel ({@value #PROTOCOL_ID}) as a Netty handler: runs the
 * {@code Noise_XX_25519_ChaChaPoly_SHA256} handshake, then encrypts outbound and decrypts
 * inbound bytes.
 *
 * <h2>Use</h2>
 * Add one instance per connection, after multistream-select has picked {@code /noise} (the
 * channel may already be active; the handshake then starts at once) or before the channel
 * becomes active. The TCP dialer is the {@linkplain #initiator initiator}. When the handshake
 * completes, the handler
 * <ol>
 *   <li>fires the {@link NoiseSession} as a user event ({@code userEventTriggered}) to the
 *       inbound handlers after this one, and</li>
 *   <li>completes {@link #handshakeFuture()} with it,</li>
 * </ol>
 * both on the channel's event loop, before any decrypted byte is passed on, so the next layer
 * (yamux, or multistream-select for the muxer when {@link NoiseSession#muxer()} is {@code null})
 * can be added from either callback and sees every byte, including bytes that arrived in the
 * same read as the last handshake message.
 *
 * <h2>Wire format</h2>
 * Every message is {@code u16 big-endian length ‖ Noise message} (at most 65535 bytes).
 * Outbound {@link ByteBuf}s are queued until the next flush; the bytes written since the last
 * flush are then cut into chunks of at most {@value #MAX_PLAINTEXT_BYTES} bytes, each its own
 * AEAD message, regardless of where one write ended and the next began (so a burst of writes goes
 * out as full frames; see {@link OutboundFrames}). Inbound plaintext is passed up as
 * {@link ByteBuf}s, one per frame (empty frames are dropped).
 *
 * <h2>Buffers</h2>
 * The handler releases every {@code ByteBuf} written to it; the next inbound handler owns (and
 * must release) the plaintext buffers it receives. Writes made before the handshake completes
 * are queued, encrypted once it does, and failed (and released) if it fails. (As always in
 * Netty, a write issued from outside the event loop picks its next handler when issued, so it
 * can slip past a handler that is being added at that moment: write from the event loop, or
 * after {@link #handshakeFuture()} completes.)
 *
 * <h2>Failures</h2>
 * Any handshake failure (bad signature, peer ID mismatch, decryption failure, truncated or
 * malformed message, non-Ed25519 identity, timeout, connection loss) fails the future with a
 * {@link NoiseException} whose {@link NoiseException#reason() reason} says why, is logged once
 * at DEBUG without key material, and closes the channel. A transport-phase decryption failure
 * (corruption, replay, reordering) is likewise logged once and closes the channel. Neither
 * propagates an exception up the pipeline. After the handshake, exceptions from below are passed
 * on to the next handler unchanged.
 *
 * <p>Not sharable; all methods run on the channel's event loop except the factories and
 * {@link #handshakeFuture()}, which are thread-safe.
 */
public final class NoiseSecureChannel extends ByteToMessageDecoder implements ChannelOutboundHandler {

    /** The multistream-select protocol ID. */
    public static final String PROTOCOL_ID = "/noise";
    /** The protocol name; libp2p allows no other. */
    public static final String NOISE_PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
    /** Size of the frame length prefix. */
    public static final int LENGTH_PREFIX_BYTES = 2;
    /** Largest Noise message, and so largest frame body. */
    public static final int MAX_MESSAGE_BYTES = HandshakeState.MAX_MESSAGE_BYTES;
    /** Largest plaintext in one transport message: 65535 minus the 16-byte tag. */
    public static final int MAX_PLAINTEXT_BYTES = MAX_MESSAGE_BYTES - CipherState.TAG_BYTES;
    /** Handshake time limit unless the builder sets another. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(NoiseSecureChannel.class);
    private static final SecureRandom DEFAULT_RANDOM = new SecureRandom();

    private enum State { NEW, HANDSHAKING, TRANSPORT, FAILED }

    private final Libp2pHandshake handshake;
    private final Duration timeout;
    private final Timer timer;
    private final CompletableFuture<NoiseSession> result = new CompletableFuture<>();
    /** Writes not yet sealed: during the handshake, and in transport until the next flush. */
    private final OutboundFrames pendingWrites = new OutboundFrames();
    private State state = State.NEW;
    private boolean flushRequested;
    private Timeout timerTimeout;
    private ScheduledFuture<?> scheduledTimeout;
    private CipherState sender;
    private CipherState receiver;
    private NoiseException failure;

    private NoiseSecureChannel(Libp2pHandshake handshake, Duration timeout, Timer timer) {
        this.handshake = handshake;
        this.timeout = timeout;
        this.timer = timer;
        // Frames are longer than one socket read: composing the reads avoids copying each into
        // a growing cumulation; the frame is then copied once, into the buffer it is decrypted in.
        setCumulator(COMPOSITE_CUMULATOR);
    }

    /**
     * A handler for the dialling side, with the default timeout and the process's static key.
     *
     * @param identity this node's identity
     * @param expectedRemote the peer being dialled; the handshake fails with
     *     {@link NoiseException.Reason#PEER_ID_MISMATCH} if the remote is anyone else.
     *     {@code null} accepts any peer.
     * @param muxers muxers to offer in preference order (e.g. {@code ["/yamux/1.0.0"]}); offer
     *     one only if you skip multistream-select when it is chosen. {@code null} or empty: none.
     */
    public static NoiseSecureChannel initiator(Ed25519KeyPair identity, PeerId expectedRemote, List<String> muxers) {
        return builder(identity).muxers(muxers).initiator(expectedRemote);
    }

    /** A handler for the listening side; see {@link #initiator} for {@code muxers}. */
    public static NoiseSecureChannel responder(Ed25519KeyPair identity, List<String> muxers) {
        return builder(identity).muxers(muxers).responder();
    }

    /** A builder for handlers with non-default settings. */
    public static Builder builder(Ed25519KeyPair identity) {
        return new Builder(identity);
    }

    /**
     * Completes with the session when the handshake succeeds, or exceptionally with a
     * {@link NoiseException} when it fails. Completed on the channel's event loop, so dependent
     * actions run there unless given an executor. The handler never reads the future: completing
     * or cancelling it yourself does not affect the handshake.
     */
    public CompletableFuture<NoiseSession> handshakeFuture() {
        return result;
    }

    // ---- lifecycle -------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        // Added after multistream-select: the channel is already active and no channelActive
        // will follow.
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        if (state != State.NEW) {
            return;
        }
        state = State.HANDSHAKING;
        scheduleTimeout(ctx);
        if (handshake.isInitiator()) {
            try {
                writeHandshakeMessage(ctx, handshake.start());
            } catch (NoiseException e) {
                fail(ctx, e);
                return;
            } catch (RuntimeException e) {
                fail(ctx, new NoiseException(NoiseException.Reason.LOCAL_FAILURE, e.toString(), e));
                return;
            }
        }
        if (!ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    private void scheduleTimeout(ChannelHandlerContext ctx) {
        long millis = timeout.toMillis();
        if (timer != null) {
            timerTimeout = timer.newTimeout(t -> {
                try {
                    ctx.executor().execute(() -> onTimeout(ctx));
                } catch (RejectedExecutionException e) {
                    LOG.debug("Noise handshake timeout after the event loop shut down");
                }
            }, millis, TimeUnit.MILLISECONDS);
        } else {
            scheduledTimeout = ctx.executor().schedule(() -> onTimeout(ctx), millis, TimeUnit.MILLISECONDS);
        }
    }

    private void onTimeout(ChannelHandlerContext ctx) {
        if (state == State.NEW || state == State.HANDSHAKING) {
            fail(ctx, new NoiseException(NoiseException.Reason.TIMEOUT,
                    "handshake not finished within " + timeout.toMillis() + " ms"));
        }
    }

    private void cancelTimeout() {
        if (timerTimeout != null) {
            timerTimeout.cancel();
            timerTimeout = null;
        }
        if (scheduledTimeout != null) {
            scheduledTimeout.cancel(false);
            scheduledTimeout = null;
        }
    }

    // ---- inbound ---------------------------------------------------------------------------

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED || state == State.NEW) {
            if (state == State.FAILED) {
                in.skipBytes(in.readableBytes());
            }
            return;
        }
        if (in.readableBytes() < LENGTH_PREFIX_BYTES) {
            return;
        }
        int length = in.getUnsignedShort(in.readerIndex());
        if (in.readableBytes() < LENGTH_PREFIX_BYTES + length) {
            return;
        }
        in.skipBytes(LENGTH_PREFIX_BYTES);
        ByteBuf frame = in.readSlice(length);
        if (state == State.HANDSHAKING) {
            onHandshakeMessage(ctx, frame);
        } else {
            decrypt(ctx, frame, out);
        }
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (in.isReadable()) {
            decode(ctx, in, out);
        }
        if (in.isReadable() && state != State.FAILED) {
            int pending = in.readableBytes();
            in.skipBytes(pending);
            NoiseException e = new NoiseException(NoiseException.Reason.TRUNCATED_MESSAGE,
                    "connection ended inside a frame (" + pending + " bytes pending)");
            if (state == State.TRANSPORT) {
                LOG.debug("Noise channel {}: {}", describe(ctx), e.getMessage());
            } else {
                fail(ctx, e);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            super.channelInactive(ctx);
        } finally {
            if (state == State.NEW || state == State.HANDSHAKING) {
                fail(ctx, new NoiseException(NoiseException.Reason.CONNECTION_CLOSED,
                        "connection closed during the handshake"));
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        super.userEventTriggered(ctx, evt);
        // With half-closure allowed, the peer's FIN arrives as an event, not channelInactive:
        // the handshake can no longer finish.
        if (evt instanceof ChannelInputShutdownEvent && (state == State.NEW || state == State.HANDSHAKING)) {
            fail(ctx, new NoiseException(NoiseException.Reason.CONNECTION_CLOSED,
                    "the peer closed its side during the handshake"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.TRANSPORT) {
            ctx.fireExceptionCaught(cause);
        } else if (state != State.FAILED) {
            fail(ctx, new NoiseException(NoiseException.Reason.IO_ERROR,
                    "connection error during the handshake: " + cause, cause));
        }
        // FAILED: the failure was reported once already; later errors are its echoes.
    }

    private void onHandshakeMessage(ChannelHandlerContext ctx, ByteBuf frame) {
        byte[] message = new byte[frame.readableBytes()];
        frame.readBytes(message);
        try {
            byte[] reply = handshake.receive(message);
            if (reply != null) {
                writeHandshakeMessage(ctx, reply);
                if (state != State.HANDSHAKING) {
                    return; // the write failed at once and failed the handshake
                }
            }
            if (handshake.isComplete()) {
                complete(ctx);
            }
        } catch (NoiseException e) {
            fail(ctx, e);
        } catch (RuntimeException e) {
            fail(ctx, new NoiseException(NoiseException.Reason.LOCAL_FAILURE, e.toString(), e));
        }
    }

    private void complete(ChannelHandlerContext ctx) {
        NoiseSession session = handshake.session();
        sender = handshake.sender();
        receiver = handshake.receiver();
        handshake.destroy();
        cancelTimeout();
        state = State.TRANSPORT;
        LOG.debug("Noise channel {}: secured with {} (muxer {})", describe(ctx), session.remotePeerId(),
                session.muxer());
        // Writes queued during the handshake go out after the last handshake message.
        if (flushRequested && !pendingWrites.isEmpty()) {
            sealPending(ctx, true);
            ctx.flush();
        }
        flushRequested = false;
        if (state != State.TRANSPORT) {
            return; // a queued write failed (nonce exhaustion) and took the session down
        }
        ctx.fireUserEventTriggered(session);
        result.complete(session);
    }

    private void decrypt(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        int length = frame.readableBytes();
        if (length < CipherState.TAG_BYTES) {
            fail(ctx, new NoiseException(NoiseException.Reason.TRUNCATED_MESSAGE,
                    "transport message of " + length + " bytes is shorter than the AEAD tag"));
            return;
        }
        int plainLength = length - CipherState.TAG_BYTES;
        // One copy, into a heap buffer decrypted in place: the JCA cipher works on arrays and
        // would otherwise copy a direct source into a fresh array of its own.
        ByteBuf plain = ctx.alloc().heapBuffer(length);
        try {
            if (plain.hasArray()) {
                frame.getBytes(frame.readerIndex(), plain.array(), plain.arrayOffset(), length);
                receiver.decryptInPlace(CipherState.emptyAd(), plain.array(), plain.arrayOffset(), length);
            } else {
                receiver.decryptWithAd(CipherState.emptyAd(), frame.nioBuffer(), plain.nioBuffer(0, plainLength));
            }
            plain.writerIndex(plainLength);
            if (plainLength > 0) {
                out.add(plain);
                plain = null;
            }
        } catch (NoiseException e) {
            fail(ctx, e);
        } finally {
            if (plain != null) {
                plain.release();
            }
        }
    }

    // ---- outbound --------------------------------------------------------------------------

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new UnsupportedMessageTypeException(msg, ByteBuf.class));
            return;
        }
        switch (state) {
            case NEW, HANDSHAKING -> pendingWrites.add(buf, promise);
            case TRANSPORT -> {
                if (pendingWrites.add(buf, promise)) {
                    sealPending(ctx, false); // a full output buffer: no need to wait for the flush
                }
            }
            default -> {
                buf.release();
                promise.setFailure(failure != null ? failure : new ClosedChannelException());
            }
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (state == State.TRANSPORT) {
            sealPending(ctx, true);
        } else if (!pendingWrites.isEmpty()) {
            flushRequested = true;
        }
        ctx.flush();
    }

    /**
     * Seals and writes pending writes, coalesced into full frames (see {@link OutboundFrames}):
     * all of them, or only whole output buffers.
     */
    private void sealPending(ChannelHandlerContext ctx, boolean all) {
        if (pendingWrites.isEmpty()) {
            return;
        }
        try {
            pendingWrites.seal(ctx, sender, all);
        } catch (NoiseException e) {
            fail(ctx, e);
        }
    }

    private void writeHandshakeMessage(ChannelHandlerContext ctx, byte[] message) {
        ByteBuf frame = ctx.alloc().buffer(LENGTH_PREFIX_BYTES + message.length);
        frame.writeShort(message.length);
        frame.writeBytes(message);
        ctx.writeAndFlush(frame).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                fail(ctx, new NoiseException(NoiseException.Reason.IO_ERROR,
                        "could not send a handshake message: " + f.cause(), f.cause()));
            }
        });
    }

    @Override
    public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
        ctx.bind(localAddress, promise);
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remoteAddress, SocketAddress localAddress,
                        ChannelPromise promise) {
        ctx.connect(remoteAddress, localAddress, promise);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.disconnect(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        // As Netty does with writes that were never flushed: they fail when the channel closes.
        pendingWrites.failAll(new ClosedChannelException());
        ctx.close(promise);
    }

    @Override
    public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.deregister(promise);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        ctx.read();
    }

    // ---- failure and teardown --------------------------------------------------------------

    /** The one failure path: log once, fail queued writes and the future, close. */
    private void fail(ChannelHandlerContext ctx, NoiseException e) {
        if (state == State.FAILED) {
            return;
        }
        boolean handshaking = state != State.TRANSPORT;
        state = State.FAILED;
        failure = e;
        cancelTimeout();
        LOG.debug("Noise {} {} on channel {} failed: {}", handshaking ? "handshake" : "session",
                handshake.isInitiator() ? "(initiator)" : "(responder)", describe(ctx), e.getMessage());
        failPendingWrites(e);
        destroyKeys();
        result.completeExceptionally(e);
        ctx.close();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimeout();
        if (state == State.NEW || state == State.HANDSHAKING) {
            NoiseException e = new NoiseException(NoiseException.Reason.CONNECTION_CLOSED,
                    "Noise handler removed before the handshake finished");
            state = State.FAILED;
            failure = e;
            result.completeExceptionally(e);
        }
        failPendingWrites(failure != null ? failure : new ClosedChannelException());
        destroyKeys();
    }

    private void failPendingWrites(Throwable cause) {
        pendingWrites.failAll(cause);
    }

    private void destroyKeys() {
        handshake.destroy();
        if (sender != null) {
            sender.destroy();
        }
        if (receiver != null) {
            receiver.destroy();
        }
    }

    private static String describe(ChannelHandlerContext ctx) {
        return ctx.channel().id().asShortText() + " " + ctx.channel().remoteAddress();
    }

    /**
     * Settings for {@link NoiseSecureChannel} handlers. Not thread-safe; each
     * {@link #initiator}/{@link #responder} call makes an independent handler.
     */
    public static final class Builder {
        private final Ed25519KeyPair identity;
        private List<String> muxers = List.of();
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private Timer timer;
        private SecureRandom random = DEFAULT_RANDOM;
        private X25519KeyPair staticKey;

        private Builder(Ed25519KeyPair identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
        }

        /**
         * Muxers to offer in the handshake, in preference order; {@code null} or empty offers
         * none (the muxer is then negotiated with multistream-select).
         *
         * @throws IllegalArgumentException on a null or empty entry, a duplicate, an entry over
         *     1024 UTF-8 bytes, or more than 100 entries
         */
        public Builder muxers(List<String> muxers) {
            List<String> list = muxers == null ? List.of() : List.copyOf(muxers);
            if (list.size() > NoiseExtensions.MAX_ENTRIES) {
                throw new IllegalArgumentException("at most " + NoiseExtensions.MAX_ENTRIES + " muxers");
            }
            for (String m : list) {
                if (m.isEmpty() || m.getBytes(StandardCharsets.UTF_8).length
                        > NoiseExtensions.MAX_STREAM_MUXER_BYTES) {
                    throw new IllegalArgumentException("invalid muxer protocol ID: \"" + m + "\"");
                }
            }
            if (list.stream().distinct().count() != list.size()) {
                throw new IllegalArgumentException("duplicate muxer in " + list);
            }
            this.muxers = list;
            return this;
        }

        /** Time allowed for the whole handshake, from the moment it starts. */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshake timeout must be positive");
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * The timer for the handshake timeout; its tasks hop onto the channel's event loop.
         * {@code null} (the default) schedules on the event loop itself.
         */
        public Builder timer(Timer timer) {
            this.timer = timer;
            return this;
        }

        /** Source of ephemeral keys; a shared {@link SecureRandom} by default. */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Test hook: a fixed static key instead of the process's key for this identity. */
        Builder staticKey(X25519KeyPair staticKey) {
            this.staticKey = staticKey;
            return this;
        }

        /**
         * A handler for the dialling side.
         *
         * @param expectedRemote the dialled peer, or {@code null} to accept any
         */
        public NoiseSecureChannel initiator(PeerId expectedRemote) {
            return build(true, expectedRemote);
        }

        /** A handler for the listening side. */
        public NoiseSecureChannel responder() {
            return build(false, null);
        }

        private NoiseSecureChannel build(boolean initiator, PeerId expectedRemote) {
            X25519KeyPair s = staticKey != null ? staticKey : StaticKeys.forIdentity(identity);
            return new NoiseSecureChannel(
                    new Libp2pHandshake(initiator, identity, s, expectedRemote, muxers, random),
                    handshakeTimeout, timer);
        }
    }
}
