package org.kith.node.sync;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Splits a stream's bytes into {@code uvarint(len) ‖ body} frames. The length is checked against
 * {@link SyncLimits#MAX_FRAME_BYTES} as soon as its varint is complete, before anything is
 * allocated; a varint must be minimal and at most 5 bytes. Bytes may arrive in any chunking.
 * One reader per stream; not thread-safe (the stream's I/O thread calls it).
 */
final class SyncFrameReader {

    private static final int MAX_VARINT_BYTES = 5;

    private final Consumer<byte[]> frames;
    private long length;
    private int varintBytes;
    private byte[] body;
    private int filled;

    SyncFrameReader(Consumer<byte[]> frames) {
        this.frames = frames;
    }

    /**
     * Consumes all of {@code data}, handing each complete frame body to the consumer.
     *
     * @throws SyncProtocolException on a malformed or over-limit length prefix
     */
    void feed(ByteBuffer data) {
        while (data.hasRemaining()) {
            if (body == null) {
                int b = data.get() & 0xFF;
                if (varintBytes > 0 && b == 0) {
                    throw new SyncProtocolException("frame length not minimally encoded");
                }
                length |= (long) (b & 0x7F) << (7 * varintBytes);
                varintBytes++;
                if ((b & 0x80) != 0) {
                    if (varintBytes == MAX_VARINT_BYTES) {
                        throw new SyncProtocolException("frame length varint over " + MAX_VARINT_BYTES + " bytes");
                    }
                    continue;
                }
                if (length > SyncLimits.MAX_FRAME_BYTES) {
                    throw new SyncProtocolException("frame of " + length + " bytes, limit " + SyncLimits.MAX_FRAME_BYTES);
                }
                body = new byte[(int) length];
                filled = 0;
            }
            int n = Math.min(body.length - filled, data.remaining());
            data.get(body, filled, n);
            filled += n;
            if (filled == body.length) {
                byte[] done = body;
                body = null;
                length = 0;
                varintBytes = 0;
                frames.accept(done);
            }
        }
    }

    /** True between frames (nothing of a next frame read yet). */
    boolean atBoundary() {
        return body == null && varintBytes == 0;
    }
}
