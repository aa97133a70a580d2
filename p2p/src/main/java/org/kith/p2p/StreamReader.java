package org.kith.p2p;

/** Receives a stream's inbound bytes, on the connection's I/O thread; must not block. */
public interface StreamReader {

    /** Bytes received; the array is the reader's to keep. */
    void onData(Stream stream, byte[] data);

    /** The remote closed its write side: no more data will come. */
    default void onEndOfInput(Stream stream) {
    }

    /** The stream is closed or reset. */
    default void onClosed(Stream stream) {
    }
}
