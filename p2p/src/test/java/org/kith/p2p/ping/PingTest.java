package org.kith.p2p.ping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PingTest {

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    /** Moves everything one channel wrote into the other, until both are quiet. */
    private static void shuttle(EmbeddedChannel a, EmbeddedChannel b) {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (ByteBuf buf; (buf = a.readOutbound()) != null; moved = true) {
                b.writeInbound(buf);
            }
            for (ByteBuf buf; (buf = b.readOutbound()) != null; moved = true) {
                a.writeInbound(buf);
            }
            a.runPendingTasks();
            b.runPendingTasks();
        }
    }

    @Test
    void pingMeasuresTheRoundTripWithTheInjectedClock() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        Ping.Initiator initiator = Ping.initiator(new Random(1), now::get);
        EmbeddedChannel dialer = new EmbeddedChannel(initiator);
        EmbeddedChannel listener = new EmbeddedChannel(Ping.responder());
        CompletableFuture<Long> rtt = initiator.ping();
        dialer.runPendingTasks();
        now.addAndGet(250);
        shuttle(dialer, listener);
        assertEquals(250L, rtt.get());
        CompletableFuture<Long> second = initiator.ping();
        dialer.runPendingTasks();
        shuttle(dialer, listener);
        assertEquals(0L, second.get(), "several pings share one stream");
        assertFalse(dialer.finishAndReleaseAll(), "nothing left unread");
        assertFalse(listener.finishAndReleaseAll(), "nothing left unread");
    }

    @Test
    void responderEchoesByteByByteDelivery() {
        EmbeddedChannel listener = new EmbeddedChannel(Ping.responder());
        byte[] payload = new byte[Ping.PAYLOAD_BYTES];
        new Random(3).nextBytes(payload);
        for (int i = 0; i < payload.length - 1; i++) {
            listener.writeInbound(Unpooled.wrappedBuffer(new byte[] {payload[i]}));
            assertNull(listener.readOutbound(), "no echo before 32 bytes");
        }
        listener.writeInbound(Unpooled.wrappedBuffer(new byte[] {payload[31]}));
        ByteBuf echo = listener.readOutbound();
        byte[] got = new byte[Ping.PAYLOAD_BYTES];
        echo.readBytes(got);
        assertTrue(echo.release(), "the echo buffer is released exactly once");
        assertEquals(java.util.Arrays.toString(payload), java.util.Arrays.toString(got));
        listener.finishAndReleaseAll();
    }

    @Test
    void responderClosesWhenTheDialerHalfCloses() {
        EmbeddedChannel listener = new EmbeddedChannel(Ping.responder());
        listener.pipeline().fireUserEventTriggered(io.netty.channel.socket.ChannelInputShutdownEvent.INSTANCE);
        assertFalse(listener.isOpen(), "js waits for our side to close before its ping counts as done");
    }

    @Test
    void wrongEchoFailsThePingAndClosesTheStream() {
        Ping.Initiator initiator = Ping.initiator(new Random(1), System::nanoTime);
        EmbeddedChannel dialer = new EmbeddedChannel(initiator);
        CompletableFuture<Long> rtt = initiator.ping();
        dialer.runPendingTasks();
        ByteBuf sent = dialer.readOutbound();
        sent.release();
        dialer.writeInbound(Unpooled.wrappedBuffer(new byte[Ping.PAYLOAD_BYTES]));
        ExecutionException e = assertThrows(ExecutionException.class, rtt::get);
        assertTrue(e.getCause().getMessage().contains("differs"));
        assertFalse(dialer.isOpen());
    }

    @Test
    void unsolicitedEchoClosesTheStream() {
        EmbeddedChannel dialer = new EmbeddedChannel(Ping.initiator(new Random(1), System::nanoTime));
        dialer.writeInbound(Unpooled.wrappedBuffer(new byte[Ping.PAYLOAD_BYTES]));
        assertFalse(dialer.isOpen());
    }

    @Test
    void pendingPingFailsWhenTheStreamCloses() {
        Ping.Initiator initiator = Ping.initiator(new Random(1), System::nanoTime);
        EmbeddedChannel dialer = new EmbeddedChannel(initiator);
        CompletableFuture<Long> rtt = initiator.ping();
        dialer.runPendingTasks();
        ((ByteBuf) dialer.readOutbound()).release();
        dialer.close();
        assertThrows(ExecutionException.class, rtt::get);
    }
}
