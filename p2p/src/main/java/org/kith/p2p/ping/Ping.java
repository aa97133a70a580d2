package org.kith.p2p.ping;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libp2p ping ({@code /ipfs/ping/1.0.0}): the dialer writes 32 random bytes, the listener echoes
 * them, the dialer measures the round trip. Several pings may share one stream; the dialer ends
 * by closing its write side.
 */
public final class Ping {

    public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";
    public static final int PAYLOAD_BYTES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(Ping.class);

    private Ping() {
    }

    /** The listener side, for one inbound ping stream: echoes every 32-byte payload. */
    public static ChannelHandler responder() {
        return new Responder();
    }

    /**
     * The dialer side, for one outbound ping stream. Call {@link Initiator#ping()} from any thread.
     *
     * @param nanoTime the clock for round-trip times (injectable for tests)
     */
    public static Initiator initiator(Random random, LongSupplier nanoTime) {
        return new Initiator(random, nanoTime);
    }

    static final class Responder extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (in.readableBytes() >= PAYLOAD_BYTES) {
                ctx.write(in.readRetainedSlice(PAYLOAD_BYTES));
            }
            ctx.flush();
        }

        /** The dialer closed its side: it sends no more pings, so close ours (js waits for this). */
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("ping stream failed: {}", cause.toString());
            ctx.close();
        }
    }

    /** Sends pings and completes each with its round-trip time in nanoseconds. */
    public static final class Initiator extends ByteToMessageDecoder {
        private final Random random;
        private final LongSupplier nanoTime;
        private final Deque<Pending> pending = new ArrayDeque<>();
        private ChannelHandlerContext ctx;

        private record Pending(byte[] payload, long sentAt, CompletableFuture<Long> result) {
        }

        Initiator(Random random, LongSupplier nanoTime) {
            this.random = random;
            this.nanoTime = nanoTime;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        /** Sends one ping; the future completes with the RTT, or fails if the echo differs or the stream ends. */
        public CompletableFuture<Long> ping() {
            CompletableFuture<Long> result = new CompletableFuture<>();
            ChannelHandlerContext c = ctx;
            if (c == null) {
                result.completeExceptionally(new IllegalStateException("ping handler not in a pipeline"));
                return result;
            }
            c.executor().execute(() -> {
                byte[] payload = new byte[PAYLOAD_BYTES];
                random.nextBytes(payload);
                pending.add(new Pending(payload, nanoTime.getAsLong(), result));
                c.writeAndFlush(c.alloc().buffer(PAYLOAD_BYTES).writeBytes(payload)).addListener(f -> {
                    if (!f.isSuccess()) {
                        result.completeExceptionally(f.cause());
                    }
                });
            });
            return result;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (in.readableBytes() >= PAYLOAD_BYTES) {
                Pending p = pending.poll();
                if (p == null) {
                    LOG.debug("unsolicited ping echo from {}; closing the stream", ctx.channel());
                    in.skipBytes(in.readableBytes());
                    ctx.close();
                    return;
                }
                byte[] echo = ByteBufUtil.getBytes(in, in.readerIndex(), PAYLOAD_BYTES);
                in.skipBytes(PAYLOAD_BYTES);
                if (!java.util.Arrays.equals(echo, p.payload())) {
                    p.result().completeExceptionally(new IllegalStateException("ping echo differs from what was sent"));
                    failAll(new IllegalStateException("ping stream out of step"));
                    ctx.close();
                    return;
                }
                p.result().complete(nanoTime.getAsLong() - p.sentAt());
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            super.userEventTriggered(ctx, evt); // decodes every complete echo first
            if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent && !pending.isEmpty()) {
                // The responder half-closed with pings unanswered: no echo will come.
                failAll(new IllegalStateException("ping stream ended before the echo"));
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            failAll(new TimeoutException("ping stream closed before the echo"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failAll(cause);
            ctx.close();
        }

        private void failAll(Throwable cause) {
            for (Pending p; (p = pending.poll()) != null; ) {
                p.result().completeExceptionally(cause);
            }
        }
    }
}
