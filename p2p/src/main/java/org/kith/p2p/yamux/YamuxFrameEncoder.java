package org.kith.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes {@link YamuxFrame}s as header plus payload, one {@link ByteBuf} per frame so that the
 * layer below (Noise) seals header and payload together. Small payloads are copied next to the
 * header; large ones are joined without copying. Consumes (releases) the frame. Stateless.
 */
@Sharable
final class YamuxFrameEncoder extends MessageToMessageEncoder<YamuxFrame> {

    static final YamuxFrameEncoder INSTANCE = new YamuxFrameEncoder();

    /** Payloads up to this size are copied next to the header rather than composed. */
    static final int COPY_THRESHOLD_BYTES = 1024;

    private YamuxFrameEncoder() {
        super(YamuxFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, YamuxFrame frame, List<Object> out) {
        ByteBuf payload = frame.payload();
        int payloadBytes = payload.readableBytes();
        if (payloadBytes > COPY_THRESHOLD_BYTES) {
            ByteBuf header = ctx.alloc().ioBuffer(YamuxFrame.HEADER_BYTES);
            writeHeader(header, frame);
            CompositeByteBuf joined = ctx.alloc().compositeBuffer(2);
            joined.addComponents(true, header, payload.retainedSlice());
            out.add(joined);
        } else {
            ByteBuf buf = ctx.alloc().ioBuffer(YamuxFrame.HEADER_BYTES + payloadBytes);
            writeHeader(buf, frame);
            buf.writeBytes(payload, payload.readerIndex(), payloadBytes);
            out.add(buf);
        }
    }

    static void writeHeader(ByteBuf buf, YamuxFrame frame) {
        buf.writeByte(YamuxFrame.VERSION);
        buf.writeByte(frame.type().code());
        buf.writeShort(frame.flags());
        buf.writeInt(frame.streamId());
        buf.writeInt((int) frame.length());
    }
}
