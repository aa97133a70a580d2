package org.kith.p2p.multistream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.kith.p2p.multistream.MultistreamException.Reason;

/** Helpers shared by the multistream tests. */
final class Fixtures {

    private Fixtures() {
    }

    static String hexOf(String... messages) {
        ByteBuf b = MultistreamMessages.encode(ByteBufAllocator.DEFAULT, messages);
        try {
            return ByteBufUtil.hexDump(b);
        } finally {
            b.release();
        }
    }

    static String hexOf(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }

    static String ascii(String s) {
        return ByteBufUtil.hexDump(s.getBytes(StandardCharsets.UTF_8));
    }

    /** All outbound bytes so far, concatenated as hex; the buffers are released. */
    static String drainOutbound(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            sb.append(ByteBufUtil.hexDump(b));
            b.release();
        }
        return sb.toString();
    }

    /** All inbound messages that reached the tail, concatenated as hex; released. */
    static String drainInbound(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = ch.readInbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            sb.append(ByteBufUtil.hexDump(b));
            b.release();
        }
        return sb.toString();
    }

    /**
     * Moves bytes between two linked channels until neither has anything left to send. Each
     * outbound buffer is handed to the other side's inbound (which takes ownership).
     */
    static void shuttle(EmbeddedChannel a, EmbeddedChannel b) {
        boolean moved = true;
        int rounds = 0;
        while (moved) {
            assertTrue(++rounds < 100, "negotiation did not converge");
            moved = forward(a, b) | forward(b, a);
            a.runPendingTasks();
            b.runPendingTasks();
        }
    }

    private static boolean forward(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        Object o;
        while ((o = from.readOutbound()) != null) {
            moved = true;
            if (to.isOpen()) {
                to.writeInbound(o);
            } else {
                ((ByteBuf) o).release();
            }
        }
        return moved;
    }

    static Reason failureReason(CompletableFuture<String> f) {
        assertTrue(f.isCompletedExceptionally(), "expected a failed negotiation");
        try {
            f.join();
            throw new AssertionError("unreachable");
        } catch (CompletionException e) {
            return ((MultistreamException) e.getCause()).reason();
        }
    }

    static String failureMessage(CompletableFuture<String> f) {
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause().getMessage();
        }
    }

    static void assertSelected(String expected, CompletableFuture<String> f) {
        assertTrue(f.isDone(), "negotiation not finished");
        assertEquals(expected, f.join());
    }

    /** Records user events and the bytes that reach it; passes nothing on. */
    static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Object> events = new ArrayList<>();
        final StringBuilder bytes = new StringBuilder();
        int reads;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            bytes.append(ByteBufUtil.hexDump(b));
            reads++;
            b.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }
    }
}
