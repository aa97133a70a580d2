package org.kith.p2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.kith.p2p.multistream.MultistreamException.Reason;
import org.kith.p2p.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plumbing shared by the dialer and the listener: start once the channel is active, the timeout,
 * the one way to succeed (complete the future, fire {@link MultistreamSelect.Selected}, leave the
 * pipeline so that {@link ByteToMessageDecoder} hands the bytes that followed the last
 * negotiation message to the next handler) and the one way to fail (complete the future
 * exceptionally, log once, close). Exceptions stop here while negotiating.
 *
 * <p>One instance per channel; every method runs on the channel's event loop.
 */
abstract class MultistreamNegotiator extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(MultistreamNegotiator.class);

    private enum State { NEW, NEGOTIATING, SELECTED, FAILED }

    private final CompletableFuture<String> selected;
    private final MultistreamSelect.Options options;
    private State state = State.NEW;
    private Future<?> timeout;

    MultistreamNegotiator(CompletableFuture<String> selected, MultistreamSelect.Options options) {
        this.selected = selected;
        this.options = options;
    }

    /** Writes this side's opening messages. */
    abstract void onStart(ChannelHandlerContext ctx);

    /** Handles one complete message from the peer. */
    abstract void onMessage(ChannelHandlerContext ctx, String message);

    /** "dialer" or "listener", for logs. */
    abstract String role();

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
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
        state = State.NEGOTIATING;
        long nanos = options.timeout().toNanos();
        Runnable onTimeout = () -> fail(ctx, Reason.TIMEOUT,
                "no protocol agreed within " + options.timeout().toMillis() + " ms", null);
        if (options.scheduler() == null) {
            timeout = ctx.executor().schedule(onTimeout, nanos, TimeUnit.NANOSECONDS);
        } else {
            timeout = options.scheduler().schedule(
                    () -> ctx.executor().execute(onTimeout), nanos, TimeUnit.NANOSECONDS);
        }
        onStart(ctx);
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (state == State.NEGOTIATING && !ctx.isRemoved()) {
            String message;
            try {
                message = MultistreamMessages.tryRead(in);
            } catch (ProtocolException e) {
                violation(ctx, e.reason());
                break;
            }
            if (message == null) {
                return;
            }
            onMessage(ctx, message);
        }
        if (state == State.FAILED || state == State.NEW) {
            // Nothing read after a failure (or before we spoke) may reach the protocol handlers.
            in.skipBytes(in.readableBytes());
        }
    }

    final void send(ChannelHandlerContext ctx, ByteBuf message) {
        ctx.writeAndFlush(message).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                fail(ctx, Reason.CONNECTION_ERROR, "write failed: " + f.cause(), f.cause());
            }
        });
    }

    final void succeed(ChannelHandlerContext ctx, String protocol) {
        if (state != State.NEGOTIATING) {
            // The echo's write already failed synchronously and failed the negotiation.
            return;
        }
        state = State.SELECTED;
        cancelTimeout();
        LOG.debug("{} {} selected {}", ctx.channel(), role(), protocol);
        // Order matters: callbacks on the future and handlers seeing the event may add the
        // protocol's handlers; only then do we leave, and the decoder passes the leftover bytes on.
        selected.complete(protocol);
        ctx.fireUserEventTriggered(new MultistreamSelect.Selected(protocol));
        if (!ctx.isRemoved()) {
            ctx.pipeline().remove(this);
        }
    }

    final void violation(ChannelHandlerContext ctx, String reason) {
        fail(ctx, Reason.PROTOCOL_VIOLATION, reason, null);
    }

    final void fail(ChannelHandlerContext ctx, Reason reason, String message, Throwable cause) {
        if (state == State.SELECTED || state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        cancelTimeout();
        if (reason == Reason.PROTOCOL_VIOLATION || reason == Reason.TIMEOUT) {
            LOG.info("{} multistream {} failed ({}): {}", ctx.channel(), role(), reason, message);
        } else {
            LOG.debug("{} multistream {} failed ({}): {}", ctx.channel(), role(), reason, message);
        }
        selected.completeExceptionally(new MultistreamException(reason, message, cause));
        if (reason != Reason.ABORTED) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(ctx, Reason.CONNECTION_CLOSED, "channel closed during negotiation", null);
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            fail(ctx, Reason.CONNECTION_CLOSED, "peer closed its side during negotiation", null);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.FAILED) {
            LOG.debug("{} ignoring exception after failed negotiation", ctx.channel(), cause);
            return;
        }
        fail(ctx, Reason.CONNECTION_ERROR, "exception during negotiation: " + cause, cause);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimeout();
        if (state == State.NEW || state == State.NEGOTIATING) {
            fail(ctx, Reason.ABORTED, "handler removed before a protocol was agreed", null);
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
