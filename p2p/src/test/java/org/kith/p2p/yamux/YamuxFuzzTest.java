package org.kith.p2p.yamux;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;

/**
 * Fuzz test of the Yamux frame decoder: any bytes either decode to frames or fail with a
 * {@link YamuxException} (wrapped by Netty's decoder machinery); nothing else escapes and every
 * buffer is released.
 *
 * <p>{@code mvn test} replays {@code src/test/resources/yamux/fuzz/YamuxFuzzTestInputs/}. To fuzz
 * for real: {@code JAZZER_FUZZ=1 mvn -pl p2p -am test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest='YamuxFuzzTest#frameDecoder'}, then move any {@code crash-…} input into that directory.
 */
class YamuxFuzzTest {

    private static final int MAX_DATA_BYTES = 64 * 1024;
    private static final int WINDOW_BYTES = 256 * 1024;

    @FuzzTest
    void frameDecoder(byte[] data) {
        EmbeddedChannel ch = new EmbeddedChannel(new YamuxFrameDecoder(MAX_DATA_BYTES, (id, flags) -> WINDOW_BYTES));
        boolean failed = false;
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(data));
        } catch (DecoderException e) {
            failed = true;
            assertTrue(isYamux(e), () -> "unexpected failure " + e);
        }
        for (Object frame; (frame = ch.readInbound()) != null; ) {
            assertTrue(frame instanceof YamuxFrame, () -> "decoded something that is not a frame");
            ReferenceCountUtil.release(frame);
        }
        ch.finishAndReleaseAll();
        if (failed) {
            // After a failure the decoder drops everything: more input yields nothing.
            assertTrue(ch.inboundMessages().isEmpty());
        }
    }

    private static boolean isYamux(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof YamuxException) {
                return true;
            }
        }
        return false;
    }
}
