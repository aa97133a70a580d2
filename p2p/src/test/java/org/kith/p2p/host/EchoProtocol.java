package org.kith.p2p.host;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import org.kith.p2p.ProtocolHandler;
import org.kith.p2p.Stream;
import org.kith.p2p.StreamReader;

/** The test echo protocol: echoes every byte until the remote half-closes, then half-closes too. */
public final class EchoProtocol {

    public static final String ID = "/kith/echo/1.0.0";

    private EchoProtocol() {
    }

    public static ProtocolHandler server() {
        return stream -> stream.read(new StreamReader() {
            @Override
            public void onData(Stream s, byte[] data) {
                s.write(data);
            }

            @Override
            public void onEndOfInput(Stream s) {
                s.closeWrite();
            }
        });
    }

    /** Writes {@code data}, half-closes, and completes with everything echoed back. */
    public static CompletableFuture<byte[]> roundTrip(Stream stream, byte[] data, int chunk) {
        return roundTrip(stream, data, chunk, Integer.MAX_VALUE);
    }

    /**
     * As {@link #roundTrip(Stream, byte[], int)}, keeping at most {@code maxInFlight} bytes sent
     * but not yet echoed: application-level pacing, as a peer whose reader buffers only so much
     * (js-libp2p streams: 4 MiB) needs.
     */
    public static CompletableFuture<byte[]> roundTrip(Stream stream, byte[] data, int chunk, int maxInFlight) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream(data.length);
        int[] sent = {0};
        Object lock = new Object();
        Runnable pump = () -> {
            synchronized (lock) {
                while (sent[0] < data.length && sent[0] - received.size() < maxInFlight) {
                    int end = Math.min(data.length, sent[0] + chunk);
                    stream.write(java.util.Arrays.copyOfRange(data, sent[0], end));
                    sent[0] = end;
                    if (sent[0] == data.length) {
                        stream.closeWrite();
                    }
                }
            }
        };
        stream.read(new StreamReader() {
            @Override
            public void onData(Stream s, byte[] bytes) {
                synchronized (lock) {
                    received.writeBytes(bytes);
                }
                pump.run();
            }

            @Override
            public void onEndOfInput(Stream s) {
                synchronized (lock) {
                    result.complete(received.toByteArray());
                }
            }

            @Override
            public void onClosed(Stream s) {
                synchronized (lock) {
                    result.complete(received.toByteArray());
                }
            }
        });
        pump.run();
        return result;
    }
}
