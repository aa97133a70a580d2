package org.kith.p2p;

import java.nio.ByteBuffer;

/**
 * Receives a stream's inbound bytes, on the connection's I/O thread; must not block.
 *
 * <p>The stream delivers data through {@link #onData(Stream, ByteBuffer)}. Its default copies the
 * bytes into a new array and calls {@link #onData(Stream, byte[])}, the method every reader
 * implements; a reader that can consume bytes in place (a parser, a counter, a writer to a file)
 * overrides the {@code ByteBuffer} method as well and so avoids that copy.
 */
public interface StreamReader {

    /** Bytes received; the array is the reader's to keep. */
    void onData(Stream stream, byte[] data);

    /**
     * Bytes received, as a read-only buffer (its position at the first byte, its limit after the
     * last) that is valid <em>only during this call</em>: the memory behind it belongs to the
     * transport and is reused once the method returns, so copy whatever must outlive the call and
     * do not keep the buffer. Its position and limit are the reader's to move. One chunk the
     * remote sent may arrive as several calls; calls never overlap, and bytes arrive in order.
     *
     * <p>The default copies the remaining bytes into a new array for
     * {@link #onData(Stream, byte[])}.
     */
    default void onData(Stream stream, ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        onData(stream, copy);
    }

    /** The remote closed its write side: no more data will come. */
    default void onEndOfInput(Stream stream) {
    }

    /** The stream is closed or reset. */
    default void onClosed(Stream stream) {
    }
}
