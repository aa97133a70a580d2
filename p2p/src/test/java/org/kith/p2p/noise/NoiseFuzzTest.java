package org.kith.p2p.noise;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.kith.protocol.identity.Ed25519KeyPair;

/**
 * Fuzz tests of the Noise readers: the handshake payload parser, and the secure channel fed
 * hostile bytes as a responder (msg 1, 3) and as an initiator (msg 2). The only failures allowed
 * are {@link NoiseException}s; the handshake never succeeds on random input; nothing reaches
 * the pipeline's tail; every buffer is released.
 *
 * <p>{@code mvn test} replays {@code src/test/resources/noise/fuzz/NoiseFuzzTestInputs/}. To fuzz
 * for real: {@code JAZZER_FUZZ=1 mvn -pl p2p -am test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest='NoiseFuzzTest#responder'}, then move any {@code crash-…} input into that directory.
 */
class NoiseFuzzTest {

    private static final Ed25519KeyPair LOCAL = NoiseTestSupport.identity(1);

    @FuzzTest
    void payload(byte[] data) {
        try {
            NoiseHandshakePayload.parse(data);
        } catch (NoiseException expected) {
            assertFalse(expected.getMessage().isEmpty());
        }
    }

    @FuzzTest
    void responder(byte[] data) {
        NoiseSecureChannel noise = NoiseSecureChannel.responder(LOCAL, List.of("/yamux/1.0.0"));
        feed(noise, data);
    }

    @FuzzTest
    void initiator(byte[] data) {
        NoiseSecureChannel noise = NoiseSecureChannel.initiator(LOCAL, null, List.of("/yamux/1.0.0"));
        feed(noise, data);
    }

    private static void feed(NoiseSecureChannel noise, byte[] data) {
        EmbeddedChannel ch = new EmbeddedChannel(noise);
        for (Object out; (out = ch.readOutbound()) != null; ) {
            ReferenceCountUtil.release(out);
        }
        ByteBuf in = Unpooled.buffer(data.length).writeBytes(data);
        ch.writeInbound(in);
        ch.runPendingTasks();
        ch.checkException();
        CompletableFuture<NoiseSession> result = noise.handshakeFuture();
        if (result.isDone()) {
            assertTrue(result.isCompletedExceptionally(), "random bytes never complete a Noise handshake");
            try {
                result.join();
            } catch (CompletionException e) {
                assertTrue(e.getCause() instanceof NoiseException, () -> "unexpected failure " + e.getCause());
            }
        }
        ch.finishAndReleaseAll();
    }
}
