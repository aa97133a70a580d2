package org.kith.p2p.multistream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.kith.p2p.multistream.MultistreamException.Reason;
import org.kith.p2p.wire.ProtocolException;

/**
 * Fuzz tests of the multistream reader and of both negotiating handlers fed hostile bytes. The
 * reader may only return a message, return {@code null} (incomplete) or throw
 * {@link ProtocolException}; a handler may only select, fail with a violation or not-supported,
 * or keep waiting; nothing may reach the pipeline's tail and every buffer must be released.
 *
 * <p>{@code mvn test} replays {@code src/test/resources/multistream/fuzz/MultistreamFuzzTestInputs/}
 * (mapped into this package by the p2p pom). To fuzz for real (libFuzzer, Linux x86-64), one
 * method per run, for the method's {@code maxDuration} (Jazzer's default, 5 minutes):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl p2p -am test -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest='MultistreamFuzzTest#listener'
 * </pre>
 *
 * and move any crashing input it reports ({@code crash-…} in the module directory) into the
 * corpus directory above. Jazzer's generated corpus ({@code p2p/.cifuzz-corpus/}) is not committed.
 */
class MultistreamFuzzTest {

    private static final Set<Reason> EXPECTED_FAILURES = EnumSet.of(Reason.PROTOCOL_VIOLATION, Reason.NOT_SUPPORTED);

    @FuzzTest
    void reader(byte[] data) {
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        try {
            while (true) {
                int before = buf.readerIndex();
                String message;
                try {
                    message = MultistreamMessages.tryRead(buf);
                } catch (ProtocolException expected) {
                    assertEquals(before, buf.readerIndex());
                    return;
                }
                if (message == null) {
                    assertEquals(before, buf.readerIndex());
                    return;
                }
                assertTrue(buf.readerIndex() > before);
                assertTrue(buf.readerIndex() - before <= MultistreamMessages.MAX_MESSAGE_BYTES + 2);
            }
        } finally {
            buf.release();
        }
    }

    @FuzzTest
    void listener(byte[] data) {
        run(MultistreamSelect.listener(List.of("/a", "/yamux/1.0.0")), data);
    }

    @FuzzTest
    void dialer(byte[] data) {
        run(MultistreamSelect.dialer(List.of("/a", "/yamux/1.0.0")), data);
    }

    private static void run(MultistreamSelect mss, byte[] data) {
        EmbeddedChannel ch = new EmbeddedChannel(mss.handler());
        ByteBuf input = Unpooled.buffer(data.length).writeBytes(data);
        ch.writeInbound(input);
        ch.checkException();
        if (mss.selected().isCompletedExceptionally()) {
            try {
                mss.selected().join();
            } catch (CompletionException e) {
                Reason reason = ((MultistreamException) e.getCause()).reason();
                assertTrue(EXPECTED_FAILURES.contains(reason), reason.toString());
            }
        }
        ch.finishAndReleaseAll();
        assertEquals(0, input.refCnt());
    }
}
