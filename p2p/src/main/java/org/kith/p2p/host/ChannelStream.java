package org.kith.p2p.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.kith.p2p.Stream;
import org.kith.p2p.StreamReader;
import org.kith.p2p.yamux.YamuxStream;
import org.kith.protocol.identity.PeerId;

/** {@link Stream} over a Yamux stream channel: the last handler of that channel's pipeline. */
final class ChannelStream extends ChannelInboundHandlerAdapter implements Stream {

    private final Channel channel;
    private final PeerId remote;
    private final String protocol;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Queue<byte[]> early = new ArrayDeque<>();
    private boolean endOfInput;
    private StreamReader reader;

    ChannelStream(Channel channel, PeerId remote, String protocol) {
        this.channel = channel;
        this.remote = remote;
        this.protocol = protocol;
        channel.closeFuture().addListener(f -> closed.complete(null));
    }

    @Override
    public PeerId remotePeer() {
        return remote;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public void read(StreamReader r) {
        channel.eventLoop().execute(() -> {
            reader = r;
            for (byte[] data; (data = early.poll()) != null; ) {
                r.onData(this, ByteBuffer.wrap(data).asReadOnlyBuffer());
            }
            if (endOfInput) {
                r.onEndOfInput(this);
            }
            if (!channel.isOpen()) {
                r.onClosed(this);
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ByteBuf buf = (ByteBuf) msg;
            if (reader == null) {
                early.add(ByteBufUtil.getBytes(buf));
            } else if (buf.isReadable()) {
                deliver(reader, buf);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Hands the reader read-only views of the buffer's memory, no copy: one per component when
     * the buffer is composed of several (a Yamux frame that spanned two Noise frames).
     */
    private void deliver(StreamReader r, ByteBuf buf) {
        int count = buf.nioBufferCount();
        if (count == 1) {
            r.onData(this, buf.nioBuffer().asReadOnlyBuffer());
        } else if (count > 1) {
            for (ByteBuffer part : buf.nioBuffers()) {
                if (part.hasRemaining()) {
                    r.onData(this, part.asReadOnlyBuffer());
                }
            }
        } else {
            r.onData(this, ByteBuffer.wrap(ByteBufUtil.getBytes(buf)).asReadOnlyBuffer());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof ChannelInputShutdownReadComplete) {
            if (!endOfInput) {
                endOfInput = true;
                if (reader != null) {
                    reader.onEndOfInput(this);
                }
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (reader != null) {
            reader.onClosed(this);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /**
     * Always through the event loop's task queue, even when called on the event loop: Netty orders
     * writes per calling thread only, and {@link Stream} promises call order across threads.
     */
    @Override
    public CompletableFuture<Void> write(byte[] data) {
        return onEventLoop(() -> channel.writeAndFlush(Unpooled.wrappedBuffer(data)));
    }

    @Override
    public CompletableFuture<Void> closeWrite() {
        return onEventLoop(() -> ((DuplexChannel) channel).shutdownOutput());
    }

    /**
     * Runs the operation through the event loop's task queue, even when called on the event loop:
     * Netty orders writes per calling thread only, and {@link Stream} promises call order across
     * threads.
     */
    private CompletableFuture<Void> onEventLoop(java.util.function.Supplier<ChannelFuture> operation) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.eventLoop().execute(() -> complete(operation.get(), done));
        return done;
    }

    @Override
    public void reset() {
        ((YamuxStream) channel).reset();
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    static CompletableFuture<Void> toFuture(ChannelFuture f) {
        CompletableFuture<Void> out = new CompletableFuture<>();
        complete(f, out);
        return out;
    }

    private static void complete(ChannelFuture f, CompletableFuture<Void> out) {
        f.addListener(done -> {
            if (done.isSuccess()) {
                out.complete(null);
            } else {
                out.completeExceptionally(done.cause());
            }
        });
    }
}
