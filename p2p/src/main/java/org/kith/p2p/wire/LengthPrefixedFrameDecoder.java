package org.kith.p2p.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a byte stream into {@code uvarint(length) ‖ payload} frames (checklist §0,
 * "length-prefixed protobuf") and passes each payload on as a {@link ByteBuf}.
 *
 * <p>The length is checked against the limit given to the constructor as soon as the varint is
 * complete, before any byte of the payload is waited for or allocated; a frame over the limit, a
 * varint over nine bytes or a non-minimal varint raises a {@link ProtocolException} through
 * {@code exceptionCaught}, as does input that ends inside a frame. After that the decoder discards everything else it receives: the
 * stream is out of sync and the handler that sees the exception is expected to close it.
 *
 * <p>Each emitted frame is a retained slice of the inbound bytes (no copy); the next handler owns
 * it and must release it. Zero-length frames are emitted as empty buffers, which must be released
 * too. One instance per channel (not sharable); all calls come on the channel's event loop.
 */
public final class LengthPrefixedFrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameBytes;
    private boolean failed;

    /**
     * @param maxFrameBytes largest payload accepted, not counting the varint prefix
     * @throws IllegalArgumentException if negative
     */
    public LengthPrefixedFrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 0) {
            throw new IllegalArgumentException("maxFrameBytes must be >= 0");
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int prefix;
        long length;
        try {
            prefix = Varints.readableVarintLength(in);
            if (prefix == Varints.NEED_MORE_BYTES) {
                return;
            }
            length = Varints.getVarint(in, in.readerIndex());
            if (length > maxFrameBytes) {
                throw new ProtocolException(
                        "frame of " + length + " bytes exceeds limit of " + maxFrameBytes);
            }
        } catch (ProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
        if (in.readableBytes() - prefix < length) {
            return;
        }
        in.skipBytes(prefix);
        out.add(in.readRetainedSlice((int) length));
    }

    /** At the end of input every complete frame has been passed on; bytes left over are a truncated frame. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            failed = true;
            int left = in.readableBytes();
            in.skipBytes(left);
            throw new ProtocolException("the stream ended inside a frame (" + left + " bytes of it)");
        }
    }
}
