package org.kith.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/** Raw Yamux frames as bytes, for feeding sessions and reading what they send. */
final class Wire {

    private Wire() {
    }

    /** One frame header as seen on the wire, with its payload copied out. */
    record Seen(int type, int flags, long streamId, long length, byte[] data) {
        boolean is(YamuxFrame.Type t) {
            return type == t.code();
        }

        boolean has(int flag) {
            return (flags & flag) == flag;
        }

        @Override
        public String toString() {
            return "Seen[" + YamuxFrame.Type.ofCode(type) + " " + YamuxFrame.flagNames(flags) + " id=" + streamId
                    + " len=" + length + "]";
        }
    }

    static ByteBuf header(int version, int type, int flags, long streamId, long length) {
        ByteBuf buf = Unpooled.buffer(YamuxFrame.HEADER_BYTES);
        buf.writeByte(version).writeByte(type).writeShort(flags).writeInt((int) streamId).writeInt((int) length);
        return buf;
    }

    static ByteBuf data(long streamId, int flags, byte[] payload) {
        ByteBuf buf = header(0, 0, flags, streamId, payload.length);
        buf.writeBytes(payload);
        return buf;
    }

    static ByteBuf windowUpdate(long streamId, int flags, long delta) {
        return header(0, 1, flags, streamId, delta);
    }

    static ByteBuf ping(int flags, long opaque) {
        return header(0, 2, flags, 0, opaque);
    }

    static ByteBuf goAway(long code) {
        return header(0, 3, 0, 0, code);
    }

    /**
     * Parses every complete frame in {@code buf} (releasing it).
     */
    static List<Seen> parse(ByteBuf buf) {
        List<Seen> out = new ArrayList<>();
        try {
            while (buf.readableBytes() >= YamuxFrame.HEADER_BYTES) {
                buf.readUnsignedByte();
                int type = buf.readUnsignedByte();
                int flags = buf.readUnsignedShort();
                long id = buf.readUnsignedInt();
                long length = buf.readUnsignedInt();
                byte[] data = new byte[0];
                if (type == 0) {
                    data = ByteBufUtil.getBytes(buf, buf.readerIndex(), (int) length);
                    buf.skipBytes((int) length);
                }
                out.add(new Seen(type, flags, id, length, data));
            }
            if (buf.isReadable()) {
                throw new IllegalStateException(buf.readableBytes() + " trailing bytes");
            }
        } finally {
            buf.release();
        }
        return out;
    }
}
