package org.kith.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.kith.p2p.yamux.YamuxException.Violation;

/**
 * Splits the connection's byte stream into {@link YamuxFrame}s.
 *
 * <p>The header is checked as soon as its 12 bytes are here, before any payload is awaited:
 * version 0, a known type, and for Data a length within both the hard maximum and what
 * {@link DataLimit} allows for that stream (its receive window). A bad header fails with a
 * {@link YamuxException} (wrapped by Netty in a {@code DecoderException}), after which the
 * decoder discards all further input: the session answers with GoAway and closes.
 *
 * <p>Data payloads are retained slices of the cumulation ({@code readRetainedSlice}, no copy;
 * the cumulation is a composite of the buffers received, so a payload may span several of them);
 * whoever receives a frame releases it. Not sharable: one per connection.
 */
final class YamuxFrameDecoder extends ByteToMessageDecoder {

    /** How many Data bytes a frame on a stream may carry; asked once the header is complete. */
    @FunctionalInterface
    interface DataLimit {
        /** @return the largest acceptable payload, in bytes, for a Data frame with this header */
        long maxDataBytes(int streamId, int flags);
    }

    private final long maxFrameDataBytes;
    private final DataLimit limit;
    private boolean failed;

    /**
     * @param maxFrameDataBytes hard cap on any Data payload, whatever the stream
     * @param limit per-stream cap (the receive window), consulted after the hard cap
     */
    YamuxFrameDecoder(long maxFrameDataBytes, DataLimit limit) {
        if (maxFrameDataBytes < 0 || maxFrameDataBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxFrameDataBytes out of range: " + maxFrameDataBytes);
        }
        this.maxFrameDataBytes = maxFrameDataBytes;
        this.limit = limit;
        // Data frames (up to 64 KiB + header) span the buffers from below (Noise frames of
        // 65519 bytes): composing them, rather than merging each into a growing cumulation,
        // leaves the payload slices uncopied.
        setCumulator(COMPOSITE_CUMULATOR);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws YamuxException {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < YamuxFrame.HEADER_BYTES) {
            return;
        }
        int at = in.readerIndex();
        int version = in.getUnsignedByte(at);
        int typeCode = in.getUnsignedByte(at + 1);
        int flags = in.getUnsignedShort(at + 2);
        int streamId = in.getInt(at + 4);
        long length = in.getUnsignedInt(at + 8);
        if (version != YamuxFrame.VERSION) {
            throw fail(in, Violation.BAD_VERSION, "version " + version);
        }
        YamuxFrame.Type type = YamuxFrame.Type.ofCode(typeCode);
        if (type == null) {
            throw fail(in, Violation.UNKNOWN_TYPE, "type " + typeCode);
        }
        if (type != YamuxFrame.Type.DATA) {
            in.skipBytes(YamuxFrame.HEADER_BYTES);
            out.add(new YamuxFrame(type, flags, streamId, length, Unpooled.EMPTY_BUFFER));
            return;
        }
        if (length > maxFrameDataBytes) {
            throw fail(in, Violation.FRAME_TOO_LARGE, "data frame of " + length + " bytes on stream "
                    + Integer.toUnsignedString(streamId) + ", limit " + maxFrameDataBytes);
        }
        long allowed = limit.maxDataBytes(streamId, flags);
        if (length > allowed) {
            throw fail(in, Violation.WINDOW_EXCEEDED, "data frame of " + length + " bytes on stream "
                    + Integer.toUnsignedString(streamId) + ", window " + allowed);
        }
        if (in.readableBytes() - YamuxFrame.HEADER_BYTES < length) {
            return;
        }
        in.skipBytes(YamuxFrame.HEADER_BYTES);
        out.add(YamuxFrame.data(streamId, flags, in.readRetainedSlice((int) length)));
    }

    private YamuxException fail(ByteBuf in, Violation violation, String detail) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return new YamuxException(violation, detail);
    }
}
