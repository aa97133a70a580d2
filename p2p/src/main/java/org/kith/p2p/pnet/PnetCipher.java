package org.kith.p2p.pnet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * One direction of a pnet connection: the XSalsa20 keystream for (PSK, nonce), XORed onto the
 * bytes in order. The keystream runs on across calls (it is never restarted per frame).
 * Not thread-safe; each instance belongs to one channel's event loop.
 */
final class PnetCipher {

    static final int NONCE_BYTES = 24;
    private static final int CHUNK_BYTES = 16 * 1024;

    private final XSalsa20Engine engine = new XSalsa20Engine();

    PnetCipher(byte[] key, byte[] nonce) {
        if (key.length != SwarmKey.KEY_BYTES || nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("XSalsa20 takes a 32-byte key and a 24-byte nonce");
        }
        // Both parameter objects copy the arrays they are given.
        engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    }

    /** XORs {@code length} bytes of {@code in} into {@code out} (which may be the same array). */
    void xor(byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        engine.processBytes(in, inOffset, length, out, outOffset);
    }

    /**
     * Consumes every readable byte of {@code in} and returns a new buffer holding them XORed with
     * the next keystream bytes. The caller still owns (and releases) {@code in}; it owns the result.
     * {@code in} itself is never modified, since a written buffer may be shared.
     */
    ByteBuf xor(ByteBufAllocator alloc, ByteBuf in) {
        int length = in.readableBytes();
        ByteBuf out = alloc.heapBuffer(length);
        try {
            if (out.hasArray()) {
                byte[] array = out.array();
                int offset = out.arrayOffset() + out.writerIndex();
                in.readBytes(array, offset, length);
                xor(array, offset, length, array, offset);
                out.writerIndex(out.writerIndex() + length);
            } else {
                byte[] chunk = new byte[Math.min(length, CHUNK_BYTES)];
                while (in.isReadable()) {
                    int n = Math.min(chunk.length, in.readableBytes());
                    in.readBytes(chunk, 0, n);
                    xor(chunk, 0, n, chunk, 0);
                    out.writeBytes(chunk, 0, n);
                }
            }
            return out;
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
    }
}
