package org.kith.p2p.pnet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libp2p pnet (PSK v1) on one connection. Put it first in the pipeline, next to the socket.
 *
 * <p>Wire format (checklist §4): each side first sends a random 24-byte nonce in the clear; after
 * it, every byte is XORed with the XSalsa20 keystream for (PSK, own nonce) when writing and
 * (PSK, peer's nonce) when reading, one continuous keystream per direction.
 *
 * <ul>
 *   <li>The own nonce is sent as soon as the channel is active (js-libp2p waits for it with a 1 s
 *       timeout; go sends lazily with its first write). Writes from the layers above are
 *       encrypted and passed on at once: they need only the own nonce.</li>
 *   <li>Inbound bytes are held back until 24 nonce bytes have arrived (in any number of reads);
 *       then {@link PnetEvent#ESTABLISHED} is fired and everything after the nonce is decrypted.</li>
 *   <li>If the peer's nonce has not arrived within the timeout, {@link PnetEvent.Failed} is fired
 *       and the channel closed. The timer runs on the channel's event loop, so it is driven by
 *       whatever loop the channel is registered with (for tests, {@code EmbeddedChannel}'s
 *       controllable clock).</li>
 * </ul>
 *
 * <p>pnet cannot tell a wrong key: the peer's bytes simply decrypt to garbage, and the layer above
 * (multistream-select) fails on its first message.
 *
 * <p>Buffers: every inbound and outbound {@link ByteBuf} passed to this handler is released by it;
 * it passes on new buffers that the next handler owns. Writes of anything but a {@code ByteBuf}
 * are refused (message released, promise failed). Runs on the channel's event loop only; one
 * instance per channel. Never throws into the pipeline.
 */
public final class PnetHandler extends ChannelDuplexHandler {

    /** Length of each side's nonce. */
    public static final int NONCE_BYTES = PnetCipher.NONCE_BYTES;
    /**
     * How long to wait for the peer's nonce. js-libp2p sends its nonce immediately and go-libp2p
     * with its first multistream message, which both send right after connecting, so a peer that
     * is silent this long is broken or not speaking pnet. Longer than js's own 1 s so a loaded
     * machine does not drop honest peers.
     */
    public static final Duration DEFAULT_PEER_NONCE_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(PnetHandler.class);

    private final SwarmKey key;
    private final SecureRandom random;
    private final long peerNonceTimeoutNanos;

    private final byte[] peerNonce = new byte[NONCE_BYTES];
    private int peerNonceBytes;
    private PnetCipher outbound;
    private PnetCipher inbound;
    private ScheduledFuture<?> peerNonceTimer;
    private boolean failed;

    public PnetHandler(SwarmKey key, SecureRandom random) {
        this(key, random, DEFAULT_PEER_NONCE_TIMEOUT);
    }

    /**
     * @param key the network's pre-shared key
     * @param random source of the 24-byte nonce
     * @param peerNonceTimeout how long to wait for the peer's nonce once the channel is active
     */
    public PnetHandler(SwarmKey key, SecureRandom random, Duration peerNonceTimeout) {
        this.key = Objects.requireNonNull(key, "key");
        this.random = Objects.requireNonNull(random, "random");
        if (peerNonceTimeout.isNegative() || peerNonceTimeout.isZero()) {
            throw new IllegalArgumentException("peerNonceTimeout must be positive");
        }
        this.peerNonceTimeoutNanos = peerNonceTimeout.toNanos();
    }

    /** True once the peer's nonce has arrived and both directions are keyed. */
    public boolean isEstablished() {
        return inbound != null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (outbound != null) {
            return;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        outbound = new PnetCipher(key.keyUnsafe(), nonce);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(nonce)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        if (inbound == null && !failed) {
            peerNonceTimer = ctx.executor().schedule(() -> onPeerNonceTimeout(ctx),
                    peerNonceTimeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void onPeerNonceTimeout(ChannelHandlerContext ctx) {
        peerNonceTimer = null;
        if (inbound != null || failed) {
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(peerNonceTimeoutNanos);
        log.info("pnet: closing {}, no nonce within {} ms", ctx.channel().remoteAddress(), millis);
        fail(ctx, "no pnet nonce from the peer within " + millis + " ms (" + peerNonceBytes + " of "
                + NONCE_BYTES + " bytes)");
        ctx.close();
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        failed = true;
        log.debug("pnet failed on {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.fireUserEventTriggered(new PnetEvent.Failed(reason));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (failed) {
                return;
            }
            if (inbound == null && !readPeerNonce(ctx, buf)) {
                return;
            }
            if (buf.isReadable()) {
                ctx.fireChannelRead(inbound.xor(ctx.alloc(), buf));
            }
        } finally {
            buf.release();
        }
    }

    /** Takes nonce bytes from {@code buf}; true once all 24 are in and the inbound side is keyed. */
    private boolean readPeerNonce(ChannelHandlerContext ctx, ByteBuf buf) {
        int n = Math.min(NONCE_BYTES - peerNonceBytes, buf.readableBytes());
        buf.readBytes(peerNonce, peerNonceBytes, n);
        peerNonceBytes += n;
        if (peerNonceBytes < NONCE_BYTES) {
            return false;
        }
        inbound = new PnetCipher(key.keyUnsafe(), peerNonce);
        cancelTimer();
        log.debug("pnet established with {}", ctx.channel().remoteAddress());
        ctx.fireUserEventTriggered(PnetEvent.ESTABLISHED);
        return true;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new IllegalArgumentException(
                    "pnet writes ByteBufs only, not " + msg.getClass().getName()));
            return;
        }
        if (outbound == null) {
            if (!ctx.channel().isActive()) {
                buf.release();
                promise.tryFailure(new IllegalStateException("pnet: write before the channel is active"));
                return;
            }
            start(ctx);
        }
        if (!buf.isReadable()) {
            ctx.write(buf, promise);
            return;
        }
        ByteBuf encrypted;
        try {
            encrypted = outbound.xor(ctx.alloc(), buf);
        } catch (RuntimeException e) {
            promise.tryFailure(e);
            return;
        } finally {
            buf.release();
        }
        ctx.write(encrypted, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        if (outbound != null && inbound == null && !failed) {
            fail(ctx, "connection closed after " + peerNonceBytes + " of " + NONCE_BYTES + " nonce bytes");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    private void cancelTimer() {
        if (peerNonceTimer != null) {
            peerNonceTimer.cancel(false);
            peerNonceTimer = null;
        }
    }
}
