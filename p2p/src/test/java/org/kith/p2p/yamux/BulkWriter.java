package org.kith.p2p.yamux;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.CompletableFuture;

/**
 * Writes a byte array in chunks while the stream is writable (following
 * channelWritabilityChanged), then half-closes. Completes {@link #done} when the FIN is out.
 */
final class BulkWriter extends ChannelInboundHandlerAdapter {

    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final byte[] data;
    private final int chunkBytes;
    private int offset;
    private boolean writing;
    private boolean again;
    private boolean finished;
    long maxPendingBytes;

    BulkWriter(byte[] data, int chunkBytes) {
        this.data = data;
        this.chunkBytes = chunkBytes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        writeMore(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writeMore(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    private void writeMore(ChannelHandlerContext ctx) {
        if (writing) {
            again = true;
            return;
        }
        writing = true;
        try {
            do {
                again = false;
                while (offset < data.length && ctx.channel().isWritable()) {
                    int n = Math.min(chunkBytes, data.length - offset);
                    ctx.write(Unpooled.wrappedBuffer(data, offset, n)).addListener(f -> {
                        if (!f.isSuccess()) {
                            done.completeExceptionally(f.cause());
                        }
                    });
                    offset += n;
                    maxPendingBytes = Math.max(maxPendingBytes, ctx.channel().unsafe().outboundBuffer() == null ? 0
                            : ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes());
                }
                ctx.flush();
            } while (again);
        } finally {
            writing = false;
        }
        if (offset == data.length && !finished) {
            finished = true;
            ((DuplexChannel) ctx.channel()).shutdownOutput().addListener(f -> {
                if (f.isSuccess()) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(f.cause());
                }
            });
        }
    }
}
