package org.kith.p2p.pubsub;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kith.p2p.wire.ProtocolException;

/**
 * Splits one inbound pubsub stream into RPC frames, {@code uvarint(len) ‖ RPC} (checklist §9).
 * The length is checked against the cap as soon as the varint is complete, before any of the
 * frame is buffered, so a peer cannot make us hold more than one capped frame. Works on the
 * {@code byte[]} chunks a {@link org.kith.p2p.StreamReader} receives, so no Netty buffer is
 * retained. Not thread-safe: one instance per stream, fed on that stream's I/O thread.
 */
final class RpcFrameDecoder {

    private static final int MAX_VARINT_BYTES = 9;

    private final int maxFrameBytes;
    private byte[] buf = new byte[256];
    private int len;
    private boolean failed;

    RpcFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Adds received bytes and returns every frame now complete (empty frames included).
     *
     * @throws ProtocolException on a frame over the cap or a malformed length; the decoder is then
     *     dead and the stream must be reset
     */
    List<byte[]> feed(byte[] chunk) {
        if (failed) {
            throw new ProtocolException("pubsub stream already failed");
        }
        append(chunk);
        List<byte[]> frames = new ArrayList<>(1);
        int pos = 0;
        while (pos < len) {
            long length = 0;
            int i = 0;
            boolean complete = false;
            for (; i < MAX_VARINT_BYTES && pos + i < len; i++) {
                int b = buf[pos + i] & 0xFF;
                length |= (long) (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    if (b == 0 && i > 0) {
                        failed = true;
                        throw new ProtocolException("RPC length varint not minimally encoded");
                    }
                    complete = true;
                    i++;
                    break;
                }
            }
            if (!complete) {
                if (i >= MAX_VARINT_BYTES) {
                    failed = true;
                    throw new ProtocolException("RPC length varint longer than " + MAX_VARINT_BYTES + " bytes");
                }
                break;
            }
            if (length > maxFrameBytes) {
                failed = true;
                throw new ProtocolException("RPC of " + length + " bytes exceeds limit of " + maxFrameBytes);
            }
            if (len - pos - i < length) {
                break;
            }
            int start = pos + i;
            frames.add(Arrays.copyOfRange(buf, start, start + (int) length));
            pos = start + (int) length;
        }
        System.arraycopy(buf, pos, buf, 0, len - pos);
        len -= pos;
        if (buf.length > 64 * 1024 && len < buf.length / 4) {
            buf = Arrays.copyOf(buf, Math.max(256, len));
        }
        return frames;
    }

    /** Bytes received but not yet part of a complete frame. */
    int buffered() {
        return len;
    }

    private void append(byte[] chunk) {
        if (len + chunk.length > buf.length) {
            // Never grow past one capped frame plus its length prefix (plus the current chunk, which the
            // loop consumes before the next append).
            buf = Arrays.copyOf(buf, Math.max(len + chunk.length, Math.min(buf.length * 2,
                    maxFrameBytes + MAX_VARINT_BYTES + chunk.length)));
        }
        System.arraycopy(chunk, 0, buf, len, chunk.length);
        len += chunk.length;
    }

    /** {@code uvarint(len) ‖ rpc}. */
    static byte[] frame(byte[] rpc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rpc.length + 5);
        long v = rpc.length;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        out.writeBytes(rpc);
        return out.toByteArray();
    }
}
