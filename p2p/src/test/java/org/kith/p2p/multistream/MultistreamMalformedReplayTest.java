package org.kith.p2p.multistream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.kith.p2p.multistream.Fixtures.failureReason;
import static org.kith.p2p.multistream.Fixtures.hexOf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kith.p2p.multistream.MultistreamException.Reason;
import org.kith.p2p.wire.CorpusFile;

/**
 * Replays {@code src/test/resources/multistream/malformed-messages.hex} against live handlers:
 * as the peer's first message and after a valid header, to both roles. Every case must end in
 * {@link Reason#PROTOCOL_VIOLATION}, a closed channel, nothing passed on, nothing leaked and no
 * exception reaching the pipeline's tail.
 */
class MultistreamMalformedReplayTest {

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    static List<CorpusFile.Case> malformed() {
        return CorpusFile.load("/multistream/malformed-messages.hex");
    }

    private static void replay(MultistreamSelect mss, String prefixHex, CorpusFile.Case c) {
        Fixtures.Recorder next = new Fixtures.Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(mss.handler(), next);
        ByteBuf input = Unpooled.wrappedBuffer(HexFormat.of().parseHex(prefixHex + c.field(0).replace(" ", "")));
        ch.writeInbound(input);
        assertEquals(Reason.PROTOCOL_VIOLATION, failureReason(mss.selected()), c.toString());
        assertFalse(ch.isOpen());
        assertEquals("", next.bytes.toString());
        assertNull(ch.readInbound());
        ch.checkException();
        ch.finishAndReleaseAll();
        assertEquals(0, input.refCnt());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void dialerRefusesMalformedHeader(CorpusFile.Case c) {
        replay(MultistreamSelect.dialer(List.of("/a")), "", c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void dialerRefusesMalformedResponse(CorpusFile.Case c) {
        replay(MultistreamSelect.dialer(List.of("/a")), hexOf(MultistreamSelect.PROTOCOL_ID), c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void listenerRefusesMalformedHeader(CorpusFile.Case c) {
        replay(MultistreamSelect.listener(List.of("/a")), "", c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void listenerRefusesMalformedProposal(CorpusFile.Case c) {
        replay(MultistreamSelect.listener(List.of("/a")), hexOf(MultistreamSelect.PROTOCOL_ID), c);
    }
}
