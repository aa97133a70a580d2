package org.kith.p2p.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.PromiseCombiner;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbound half of {@link NoiseSecureChannel}: plaintext written since the last flush, sealed
 * into transport frames when the channel flushes; whole output buffers are sealed as soon as
 * that much has piled up, so an unflushed burst holds at most one buffer of plaintext.
 *
 * <p>Coalescing: the queued writes are treated as one byte sequence and cut into frames of
 * {@link NoiseSecureChannel#MAX_PLAINTEXT_BYTES}, so a burst of Yamux frames (each 12 bytes of
 * header plus up to 64 KiB) goes out as full 65535-byte Noise messages instead of one full and
 * one tiny message per Yamux frame. A frame boundary carries no meaning to the layer above (Noise
 * is a byte stream), and what is written before a flush still goes out at that flush, so
 * coalescing adds no latency.
 *
 * <p>Each frame is copied once, into its slot of a pooled heap output buffer
 * ({@code length ‖ plaintext ‖ room for the tag}), and encrypted there in place.
 *
 * <p>Promises: a write's promise completes when the output buffer holding its last byte is
 * written (with a {@link PromiseCombiner} when its bytes span several output buffers); writes of
 * zero bytes complete with the buffer that follows them, or on their own when nothing follows.
 * Not thread-safe: the channel's event loop only.
 */
final class OutboundFrames {

    /**
     * Transport frames per output buffer: about 1 MiB, well inside one chunk of Netty's pooled
     * allocator (4 MiB). Larger buffers are allocated unpooled, and on G1 as "humongous" objects
     * whose churn forces collections (seen with 16 MiB buffers: a third of all allocation).
     */
    static final int FRAMES_PER_BUFFER = 16;
    /** Plaintext that fills one output buffer; reaching it seals without waiting for a flush. */
    static final long BUFFER_PLAINTEXT_BYTES = (long) FRAMES_PER_BUFFER * NoiseSecureChannel.MAX_PLAINTEXT_BYTES;
    private static final int FRAME_OVERHEAD_BYTES = NoiseSecureChannel.LENGTH_PREFIX_BYTES + CipherState.TAG_BYTES;

    /** A queued write; {@code futures} collects its output buffers once it spans more than one. */
    private static final class Pending {
        final ByteBuf buf;
        final ChannelPromise promise;
        PromiseCombiner futures;

        Pending(ByteBuf buf, ChannelPromise promise) {
            this.buf = buf;
            this.promise = promise;
        }
    }

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Promises of the writes that end in the output buffer being filled. */
    private final List<ChannelPromise> completing = new ArrayList<>();
    private long queuedBytes;
    /** Some of the queue head's bytes are in the output buffer being filled, not all. */
    private boolean headStarted;
    /** A write that began in an earlier output buffer and ends in the one being filled. */
    private Pending finishedSpan;

    /** Queues a write (taking ownership of {@code buf}); true once a full output buffer is queued. */
    boolean add(ByteBuf buf, ChannelPromise promise) {
        queue.add(new Pending(buf, promise));
        queuedBytes += buf.readableBytes();
        return queuedBytes >= BUFFER_PLAINTEXT_BYTES;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Seals what is queued into frames encrypted with {@code sender} and writes them to
     * {@code ctx} (without flushing): everything when {@code all} (at a flush), otherwise only
     * whole output buffers (the rest waits for more writes or the flush). On a
     * {@link NoiseException} (nonce exhaustion) the caller must {@link #failAll} and close.
     */
    void seal(ChannelHandlerContext ctx, CipherState sender, boolean all) throws NoiseException {
        if (queuedBytes == 0 && all) {
            Pending p;
            while ((p = queue.poll()) != null) {
                p.buf.release();
                ctx.write(Unpooled.EMPTY_BUFFER, p.promise);
            }
            return;
        }
        while (all ? queuedBytes > 0 : queuedBytes >= BUFFER_PLAINTEXT_BYTES) {
            int batchPlain = (int) Math.min(BUFFER_PLAINTEXT_BYTES, queuedBytes);
            int batchFrames = (batchPlain + NoiseSecureChannel.MAX_PLAINTEXT_BYTES - 1)
                    / NoiseSecureChannel.MAX_PLAINTEXT_BYTES;
            ByteBuf out = ctx.alloc().heapBuffer(batchPlain + batchFrames * FRAME_OVERHEAD_BYTES);
            try {
                for (int left = batchPlain; left > 0; ) {
                    int chunk = Math.min(NoiseSecureChannel.MAX_PLAINTEXT_BYTES, left);
                    sealFrame(out, chunk, sender);
                    left -= chunk;
                }
            } catch (NoiseException | RuntimeException e) {
                out.release();
                throw e;
            }
            if (queuedBytes == 0) {
                // Zero-byte writes at the end ride on the last buffer.
                Pending p;
                while ((p = queue.poll()) != null) {
                    p.buf.release();
                    completing.add(p.promise);
                }
            }
            writeOut(ctx, out);
        }
    }

    /** Fails and releases every queued write, including one cut short by a failed seal. */
    void failAll(Throwable cause) {
        Pending p;
        while ((p = queue.poll()) != null) {
            p.buf.release();
            p.promise.tryFailure(cause);
        }
        queuedBytes = 0;
        headStarted = false;
        for (ChannelPromise promise : completing) {
            promise.tryFailure(cause);
        }
        completing.clear();
        if (finishedSpan != null) {
            finishedSpan.promise.tryFailure(cause);
            finishedSpan = null;
        }
    }

    private void sealFrame(ByteBuf out, int chunk, CipherState sender) throws NoiseException {
        int body = out.writerIndex() + NoiseSecureChannel.LENGTH_PREFIX_BYTES;
        out.writeShort(chunk + CipherState.TAG_BYTES);
        for (int filled = 0; filled < chunk; ) {
            Pending head = queue.peek();
            ByteBuf buf = head.buf;
            int n = Math.min(buf.readableBytes(), chunk - filled);
            out.setBytes(body + filled, buf, buf.readerIndex(), n);
            buf.skipBytes(n);
            filled += n;
            if (buf.isReadable()) {
                headStarted = true;
            } else {
                queue.poll();
                buf.release();
                headStarted = false;
                if (head.futures == null) {
                    completing.add(head.promise);
                } else {
                    finishedSpan = head;
                }
            }
        }
        queuedBytes -= chunk;
        if (out.hasArray()) {
            sender.encryptInPlace(CipherState.emptyAd(), out.array(), out.arrayOffset() + body, chunk);
        } else {
            ByteBuffer plain = out.nioBuffer(body, chunk);
            ByteBuffer sealed = out.nioBuffer(body, chunk + CipherState.TAG_BYTES);
            sender.encryptWithAd(CipherState.emptyAd(), plain, sealed);
        }
        out.writerIndex(body + chunk + CipherState.TAG_BYTES);
    }

    private void writeOut(ChannelHandlerContext ctx, ByteBuf out) {
        ChannelFuture written;
        if (completing.size() == 1 && finishedSpan == null && !headStarted) {
            written = ctx.write(out, completing.get(0));
        } else {
            ChannelPromise promise = ctx.newPromise();
            if (!completing.isEmpty()) {
                ChannelPromise[] targets = completing.toArray(new ChannelPromise[0]);
                promise.addListener(f -> {
                    for (ChannelPromise target : targets) {
                        if (f.isSuccess()) {
                            target.trySuccess();
                        } else {
                            target.tryFailure(f.cause());
                        }
                    }
                });
            }
            written = ctx.write(out, promise);
        }
        completing.clear();
        if (finishedSpan != null) {
            finishedSpan.futures.add(written);
            finishedSpan.futures.finish(finishedSpan.promise);
            finishedSpan = null;
        }
        if (headStarted) {
            Pending head = queue.peek();
            if (head.futures == null) {
                head.futures = new PromiseCombiner(ctx.executor());
            }
            head.futures.add(written);
        }
    }
}
