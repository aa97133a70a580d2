package org.kith.p2p.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Prepends {@code uvarint(length)} to every outbound {@link ByteBuf} (the counterpart of
 * {@link LengthPrefixedFrameDecoder}). The payload is not copied: the prefix goes out as a small
 * buffer of its own, followed by the payload.
 *
 * <p>Ownership: the encoder takes the written buffer over, as any Netty outbound handler does; the
 * caller must not release it after writing. A payload over the limit fails the write's promise
 * with an {@link EncoderException} (a local bug, not the peer's) and the buffer is released.
 *
 * <p>Stateless and {@link Sharable}.
 */
@Sharable
public final class LengthPrefixedFrameEncoder extends MessageToMessageEncoder<ByteBuf> {

    private final int maxFrameBytes;

    /**
     * @param maxFrameBytes largest payload this side may send
     * @throws IllegalArgumentException if negative
     */
    public LengthPrefixedFrameEncoder(int maxFrameBytes) {
        super(ByteBuf.class);
        if (maxFrameBytes < 0) {
            throw new IllegalArgumentException("maxFrameBytes must be >= 0");
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        int length = msg.readableBytes();
        if (length > maxFrameBytes) {
            throw new EncoderException(
                    "outbound frame of " + length + " bytes exceeds limit of " + maxFrameBytes);
        }
        ByteBuf prefix = ctx.alloc().buffer(Varints.encodedLength(length));
        Varints.writeVarint(prefix, length);
        out.add(prefix);
        out.add(msg.retain());
    }
}
