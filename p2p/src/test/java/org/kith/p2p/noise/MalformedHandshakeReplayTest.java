package org.kith.p2p.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kith.p2p.testing.NettyLeakDetection;

/**
 * Replays {@code noise/malformed-handshakes.txt} (see {@link HandshakeCorpus}) against the
 * honest Netty handlers: each line must end exactly as recorded, with the channel closed, no
 * exception reaching the pipeline's tail and no buffer leaked.
 */
@ExtendWith(NettyLeakDetection.class)
class MalformedHandshakeReplayTest {

    static List<HandshakeCorpus.Case> cases() {
        return HandshakeCorpus.load();
    }

    @AfterEach
    void everyDeliveredBufferWasReleased() {
        NoiseTestSupport.assertDeliveredBuffersReleased();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void replayEndsAsRecorded(HandshakeCorpus.Case c) {
        NoiseSecureChannel noise = c.role() == HandshakeCorpus.Role.INITIATOR
                ? HandshakeCorpus.honestInitiator() : HandshakeCorpus.honestResponder();
        EmbeddedChannel ch = new EmbeddedChannel(noise);
        NoiseTestSupport.drainOutbound(ch);
        NoiseTestSupport.deliver(ch, c.bytes());
        NoiseTestSupport.drainOutbound(ch);
        if (!noise.handshakeFuture().isDone()) {
            ch.close(); // the peer hangs up: whatever is incomplete is truncated
        }
        if (c.expected().equals("ok")) {
            NoiseSession s = noise.handshakeFuture().getNow(null);
            assertEquals(HandshakeCorpus.ROGUE.peerId(), s.remotePeerId(), c.toString());
            assertTrue(ch.isOpen(), c.toString());
        } else {
            NoiseException e = NoiseTestSupport.failure(noise.handshakeFuture());
            assertEquals(c.expected(), e.reason().code(), c + " -> " + e.getMessage());
            assertFalse(ch.isOpen(), c.toString());
        }
        ch.checkException();
        assertFalse(ch.finishAndReleaseAll(), c.toString());
    }

    @Test
    void theCorpusIsNonTrivialUniqueAndCoversEveryPeerCausedReason() {
        List<HandshakeCorpus.Case> cases = cases();
        assertTrue(cases.size() >= 40, "only " + cases.size() + " cases");
        Set<String> descriptions = new HashSet<>();
        Set<String> inputs = new HashSet<>();
        for (HandshakeCorpus.Case c : cases) {
            assertTrue(descriptions.add(c.role() + c.description()), "duplicate description " + c);
            assertTrue(inputs.add(c.role() + NoiseTestSupport.HEX.formatHex(c.bytes())), "duplicate input " + c);
        }
        Set<String> reasons = cases.stream().map(HandshakeCorpus.Case::expected).collect(Collectors.toSet());
        for (NoiseException.Reason r : EnumSet.of(NoiseException.Reason.DECRYPT_FAILED,
                NoiseException.Reason.TRUNCATED_MESSAGE, NoiseException.Reason.UNEXPECTED_PAYLOAD,
                NoiseException.Reason.MALFORMED_PAYLOAD, NoiseException.Reason.UNSUPPORTED_KEY_TYPE,
                NoiseException.Reason.INVALID_IDENTITY_KEY, NoiseException.Reason.INVALID_SIGNATURE,
                NoiseException.Reason.PEER_ID_MISMATCH, NoiseException.Reason.INVALID_DH_KEY)) {
            assertTrue(reasons.contains(r.code()), "no case for " + r.code());
        }
        assertTrue(reasons.contains("ok"), "ok cases prove the fixed keys still line up");
    }

    @Test
    void theGeneratorStillProducesTheRecordedCorpus() throws Exception {
        List<String> recorded = cases().stream()
                .map(c -> c.role().name().toLowerCase() + " | " + c.expected() + " | " + c.description()
                        + " :: " + NoiseTestSupport.HEX.formatHex(c.bytes()))
                .toList();
        assertEquals(recorded, HandshakeCorpus.generate(),
                "the handshake bytes changed; if intended, regenerate with HandshakeCorpus.main");
        NoiseTestSupport.assertDeliveredBuffersReleased();
    }
}
