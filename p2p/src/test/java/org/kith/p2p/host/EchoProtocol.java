package org.kith.p2p.host;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import org.kith.p2p.ProtocolHandler;
import org.kith.p2p.Stream;
import org.kith.p2p.StreamReader;

/** The test echo protocol: echoes every byte until the remote half-closes, then half-closes too. */
final class EchoProtocol {

    static final String ID = "/kith/echo/1.0.0";

    private EchoProtocol() {
    }

    static ProtocolHandler server() {
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
    static CompletableFuture<byte[]> roundTrip(Stream stream, byte[] data, int chunk) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream(data.length);
        stream.read(new StreamReader() {
            @Override
            public void onData(Stream s, byte[] bytes) {
                received.writeBytes(bytes);
            }

            @Override
            public void onEndOfInput(Stream s) {
                result.complete(received.toByteArray());
            }

            @Override
            public void onClosed(Stream s) {
                result.complete(received.toByteArray());
            }
        });
        for (int off = 0; off < data.length; off += chunk) {
            byte[] part = java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + chunk));
            stream.write(part);
        }
        stream.closeWrite();
        return result;
    }
}
