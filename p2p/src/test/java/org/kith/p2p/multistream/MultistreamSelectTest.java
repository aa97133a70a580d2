package org.kith.p2p.multistream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.p2p.multistream.Fixtures.ascii;
import static org.kith.p2p.multistream.Fixtures.assertSelected;
import static org.kith.p2p.multistream.Fixtures.drainInbound;
import static org.kith.p2p.multistream.Fixtures.drainOutbound;
import static org.kith.p2p.multistream.Fixtures.failureMessage;
import static org.kith.p2p.multistream.Fixtures.failureReason;
import static org.kith.p2p.multistream.Fixtures.hexOf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kith.p2p.multistream.MultistreamException.Reason;

class MultistreamSelectTest {

    private static final String HEADER = MultistreamSelect.PROTOCOL_ID;

    private final List<ByteBuf> handedIn = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void noLeaksAndNoEscapedExceptions() {
        for (EmbeddedChannel ch : channels) {
            ch.checkException();
            ch.finishAndReleaseAll();
        }
        for (ByteBuf b : handedIn) {
            assertEquals(0, b.refCnt(), "a buffer handed to the pipeline was not released");
        }
    }

    private EmbeddedChannel channel(io.netty.channel.ChannelHandler... handlers) {
        EmbeddedChannel ch = new EmbeddedChannel(handlers);
        channels.add(ch);
        return ch;
    }

    private ByteBuf bytes(String hex) {
        ByteBuf b = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
        handedIn.add(b);
        return b;
    }

    private ByteBuf messages(String... messages) {
        return bytes(hexOf(messages));
    }

    private void feedOneByteAtATime(EmbeddedChannel ch, String hex) {
        byte[] all = HexFormat.of().parseHex(hex);
        for (byte b : all) {
            ByteBuf one = Unpooled.buffer(1).writeByte(b);
            handedIn.add(one);
            ch.writeInbound(one);
        }
    }

    private static boolean hasNegotiator(EmbeddedChannel ch) {
        return ch.pipeline().get(MultistreamNegotiator.class) != null;
    }

    // ---- dialer ----

    @Test
    void dialerSendsHeaderAndFirstProposalInOneWrite() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/noise", "/tls/1.0.0"));
        EmbeddedChannel ch = channel(mss.handler());
        ByteBuf first = ch.readOutbound();
        assertEquals(hexOf(HEADER, "/noise"), io.netty.buffer.ByteBufUtil.hexDump(first));
        first.release();
        assertNull(ch.readOutbound(), "header and proposal must go out as one write");
        assertFalse(mss.selected().isDone());
    }

    @Test
    void dialerSelectsOnEchoAndLeavesThePipeline() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/noise"));
        Fixtures.Recorder next = new Fixtures.Recorder();
        EmbeddedChannel ch = channel(mss.handler(), next);
        drainOutbound(ch);
        ch.writeInbound(messages(HEADER, "/noise"));
        assertSelected("/noise", mss.selected());
        assertFalse(hasNegotiator(ch));
        assertTrue(ch.isOpen());
        assertEquals(List.of(new MultistreamSelect.Selected("/noise")), next.events);
        assertEquals("", next.bytes.toString());
        assertEquals("", drainOutbound(ch));
    }

    @Test
    void dialerTriesNextProtocolOnNa() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/yamux/2.0.0", "/yamux/1.0.0"));
        EmbeddedChannel ch = channel(mss.handler());
        drainOutbound(ch);
        ch.writeInbound(messages(HEADER, "na"));
        assertEquals(hexOf("/yamux/1.0.0"), drainOutbound(ch));
        assertFalse(mss.selected().isDone());
        ch.writeInbound(messages("/yamux/1.0.0"));
        assertSelected("/yamux/1.0.0", mss.selected());
    }

    @Test
    void dialerFailsWhenEveryProposalIsRefused() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a", "/b"));
        EmbeddedChannel ch = channel(mss.handler());
        drainOutbound(ch);
        ch.writeInbound(messages(HEADER, "na", "na"));
        assertEquals(Reason.NOT_SUPPORTED, failureReason(mss.selected()));
        assertTrue(failureMessage(mss.selected()).contains("[/a, /b]"));
        assertFalse(ch.isOpen());
        assertEquals(hexOf("/b"), drainOutbound(ch));
    }

    @Test
    void dialerRejectsWrongHeader() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a"));
        EmbeddedChannel ch = channel(mss.handler());
        ch.writeInbound(messages("/multistream/2.0.0", "/a"));
        assertEquals(Reason.PROTOCOL_VIOLATION, failureReason(mss.selected()));
        assertTrue(failureMessage(mss.selected()).contains("'/multistream/2.0.0'"), failureMessage(mss.selected()));
        assertFalse(ch.isOpen());
        assertNull(ch.readInbound(), "nothing may reach the next handler after a failure");
    }

    @Test
    void dialerRejectsUnexpectedResponse() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a"));
        EmbeddedChannel ch = channel(mss.handler());
        ch.writeInbound(messages(HEADER, "/b"));
        assertEquals(Reason.PROTOCOL_VIOLATION, failureReason(mss.selected()));
        assertFalse(ch.isOpen());
    }

    @Test
    void dialerKeepsBytesThatFollowTheEcho() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/ipfs/ping/1.0.0"));
        Fixtures.Recorder next = new Fixtures.Recorder();
        EmbeddedChannel ch = channel(mss.handler(), next);
        ch.writeInbound(bytes(hexOf(HEADER, "/ipfs/ping/1.0.0") + ascii("pong!")));
        assertSelected("/ipfs/ping/1.0.0", mss.selected());
        assertEquals(ascii("pong!"), next.bytes.toString());
        assertEquals(1, next.reads);
        ch.writeInbound(bytes(ascii("more")));
        assertEquals(ascii("pong!more"), next.bytes.toString());
    }

    @Test
    void dialerNegotiatesWhenFedOneByteAtATime() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a", "/b"));
        Fixtures.Recorder next = new Fixtures.Recorder();
        EmbeddedChannel ch = channel(mss.handler(), next);
        feedOneByteAtATime(ch, hexOf(HEADER, "na", "/b") + ascii("xy"));
        assertSelected("/b", mss.selected());
        assertEquals(ascii("xy"), next.bytes.toString());
        assertEquals(hexOf(HEADER, "/a") + hexOf("/b"), drainOutbound(ch));
    }

    @Test
    void dialerRejectsOversizeReply() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a"));
        EmbeddedChannel ch = channel(mss.handler());
        ch.writeInbound(bytes(hexOf(HEADER) + "8108"));
        assertEquals(Reason.PROTOCOL_VIOLATION, failureReason(mss.selected()));
        assertTrue(failureMessage(mss.selected()).contains("1025"));
    }

    @Test
    void dialerAcceptsReplyOfExactlyMaxLength() {
        String longId = "/" + "a".repeat(1022);
        MultistreamSelect mss = MultistreamSelect.dialer(List.of(longId));
        EmbeddedChannel ch = channel(mss.handler());
        ch.writeInbound(messages(HEADER, longId));
        assertSelected(longId, mss.selected());
    }

    // ---- listener ----

    @Test
    void listenerSendsHeaderAtOnceAndEchoesSupportedProposal() {
        MultistreamSelect mss = MultistreamSelect.listener(List.of("/noise"));
        Fixtures.Recorder next = new Fixtures.Recorder();
        EmbeddedChannel ch = channel(mss.handler(), next);
        assertEquals(hexOf(HEADER), drainOutbound(ch));
        ch.writeInbound(messages(HEADER, "/noise"));
        assertEquals(hexOf("/noise"), drainOutbound(ch));
        assertSelected("/noise", mss.selected());
        assertFalse(hasNegotiator(ch));
        assertEquals(List.of(new MultistreamSelect.Selected("/noise")), next.events);
    }

    @Test
    void listenerAnswersNaAndKeepsReading() {
        MultistreamSelect mss = MultistreamSelect.listener(Set.of("/yamux/1.0.0"));
        EmbeddedChannel ch = channel(mss.handler());
        drainOutbound(ch);
        ch.writeInbound(messages(HEADER, "/mplex/6.7.0", ""));
        assertEquals(hexOf("na", "na"), drainOutbound(ch));
        ch.writeInbound(messages("/yamux/1.0.0"));
        assertEquals(hexOf("/yamux/1.0.0"), drainOutbound(ch));
        assertSelected("/yamux/1.0.0", mss.selected());
    }

    @Test
    void listenerKeepsPipelinedApplicationData() {
        MultistreamSelect mss = MultistreamSelect.listener(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"));
        Fixtures.Recorder next = new Fixtures.Recorder();
        EmbeddedChannel ch = channel(mss.handler(), next);
        String ping = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        ch.writeInbound(bytes(hexOf(HEADER, "/ipfs/ping/1.0.0") + ping));
        assertSelected("/ipfs/ping/1.0.0", mss.selected());
        assertEquals(ping, next.bytes.toString());
    }

    @Test
    void listenerNegotiatesWhenFedOneByteAtATime() {
        MultistreamSelect mss = MultistreamSelect.listener(List.of("/b"));
        Fixtures.Recorder next = new Fixtures.Recorder();
        EmbeddedChannel ch = channel(mss.handler(), next);
        feedOneByteAtATime(ch, hexOf(HEADER, "/a", "/b") + "ff");
        assertSelected("/b", mss.selected());
        assertEquals(hexOf(HEADER) + hexOf("na") + hexOf("/b"), drainOutbound(ch));
        assertEquals("ff", next.bytes.toString());
    }

    @Test
    void listenerAnswersLsInJsFormat() {
        MultistreamSelect mss = MultistreamSelect.listener(List.of("/a", "/bb"));
        EmbeddedChannel ch = channel(mss.handler());
        drainOutbound(ch);
        ch.writeInbound(messages(HEADER, "ls"));
        assertEquals("0a032f610a042f62620a0a", drainOutbound(ch));
        assertFalse(mss.selected().isDone());
    }

    @Test
    void listenerRequiresTheHeaderFirst() {
        MultistreamSelect mss = MultistreamSelect.listener(List.of("/a"));
        EmbeddedChannel ch = channel(mss.handler());
        drainOutbound(ch);
        ch.writeInbound(messages("/a"));
        assertEquals(Reason.PROTOCOL_VIOLATION, failureReason(mss.selected()));
        assertFalse(ch.isOpen());
        assertEquals("", drainOutbound(ch), "no echo for a proposal before the header");
    }

    @Test
    void listenerGivesUpOnEndlessProposals() {
        MultistreamSelect mss = MultistreamSelect.listener(List.of("/a"));
        EmbeddedChannel ch = channel(mss.handler());
        String[] junk = new String[MultistreamListener.MAX_PROPOSALS + 1];
        java.util.Arrays.fill(junk, "/nope");
        ch.writeInbound(messages(HEADER));
        ch.writeInbound(messages(junk));
        assertEquals(Reason.PROTOCOL_VIOLATION, failureReason(mss.selected()));
        assertFalse(ch.isOpen());
    }

    @Test
    void listenerAcceptsExactlyMaxProposalsThenSelects() {
        MultistreamSelect mss = MultistreamSelect.listener(List.of("/a"));
        EmbeddedChannel ch = channel(mss.handler());
        String[] junk = new String[MultistreamListener.MAX_PROPOSALS];
        java.util.Arrays.fill(junk, "/nope");
        ch.writeInbound(messages(HEADER));
        ch.writeInbound(messages(junk));
        ch.writeInbound(messages("/a"));
        assertSelected("/a", mss.selected());
    }

    // ---- failures, timeouts, lifecycle ----

    @Test
    void timesOutOnTheEventLoopClock() {
        EmbeddedChannel ch = channel();
        ch.freezeTime();
        MultistreamSelect mss = MultistreamSelect.listener(List.of("/a"),
                MultistreamSelect.Options.DEFAULT.withTimeout(Duration.ofSeconds(10)));
        ch.pipeline().addLast(mss.handler());
        ch.writeInbound(messages(HEADER));
        ch.advanceTimeBy(9999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(mss.selected().isDone());
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertEquals(Reason.TIMEOUT, failureReason(mss.selected()));
        assertFalse(ch.isOpen());
    }

    @Test
    void defaultTimeoutIsTenSeconds() {
        assertEquals(Duration.ofSeconds(10), MultistreamSelect.Options.DEFAULT.timeout());
        EmbeddedChannel ch = channel();
        ch.freezeTime();
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a"));
        ch.pipeline().addLast(mss.handler());
        ch.advanceTimeBy(10, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertEquals(Reason.TIMEOUT, failureReason(mss.selected()));
    }

    @Test
    void timeoutIsCancelledOnSuccess() {
        EmbeddedChannel ch = channel();
        ch.freezeTime();
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a"));
        ch.pipeline().addLast(mss.handler());
        ch.writeInbound(messages(HEADER, "/a"));
        assertSelected("/a", mss.selected());
        ch.advanceTimeBy(1, TimeUnit.HOURS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        assertSelected("/a", mss.selected());
    }

    @Test
    void injectedSchedulerDrivesTheTimeout() {
        ManualScheduler scheduler = new ManualScheduler();
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a"),
                new MultistreamSelect.Options(Duration.ofMillis(1500), scheduler));
        EmbeddedChannel ch = channel(mss.handler());
        assertEquals(1, scheduler.tasks.size());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1500), scheduler.tasks.get(0).delayNanos);
        scheduler.tasks.get(0).task.run();
        ch.runPendingTasks();
        assertEquals(Reason.TIMEOUT, failureReason(mss.selected()));
        assertFalse(ch.isOpen());
    }

    @Test
    void injectedSchedulerTaskIsCancelledOnSuccess() {
        ManualScheduler scheduler = new ManualScheduler();
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a"),
                MultistreamSelect.Options.DEFAULT.withScheduler(scheduler));
        EmbeddedChannel ch = channel(mss.handler());
        ch.writeInbound(messages(HEADER, "/a"));
        assertSelected("/a", mss.selected());
        assertTrue(scheduler.tasks.get(0).isCancelled());
    }

    @Test
    void closeDuringNegotiationFailsTheFuture() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a"));
        EmbeddedChannel ch = channel(mss.handler());
        ch.writeInbound(bytes(hexOf(HEADER) + "03"));
        ch.close();
        assertEquals(Reason.CONNECTION_CLOSED, failureReason(mss.selected()));
    }

    @Test
    void peerHalfCloseDuringNegotiationFailsTheFuture() {
        MultistreamSelect mss = MultistreamSelect.listener(List.of("/a"));
        EmbeddedChannel ch = channel(mss.handler());
        ch.writeInbound(messages(HEADER));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertEquals(Reason.CONNECTION_CLOSED, failureReason(mss.selected()));
        assertFalse(ch.isOpen());
    }

    @Test
    void halfCloseAfterPipelinedProposalStillSelects() {
        MultistreamSelect mss = MultistreamSelect.listener(List.of("/a"));
        Fixtures.Recorder next = new Fixtures.Recorder();
        EmbeddedChannel ch = channel(mss.handler(), next);
        ch.writeInbound(bytes(hexOf(HEADER, "/a") + "0102"));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertSelected("/a", mss.selected());
        assertEquals("0102", next.bytes.toString());
        assertTrue(next.events.contains(ChannelInputShutdownEvent.INSTANCE));
    }

    @Test
    void exceptionFromBelowFailsTheNegotiationAndStopsThere() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a"));
        EmbeddedChannel ch = channel(mss.handler());
        ch.pipeline().fireExceptionCaught(new IOException("connection reset"));
        assertEquals(Reason.CONNECTION_ERROR, failureReason(mss.selected()));
        assertFalse(ch.isOpen());
        // The exception stopped at the negotiator: nothing reached the tail.
        ch.checkException();
    }

    @Test
    void failedWriteFailsTheNegotiation() {
        ChannelOutboundHandlerAdapter brokenWire = new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(new IOException("broken pipe"));
            }
        };
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a"));
        EmbeddedChannel ch = channel(brokenWire, mss.handler());
        assertEquals(Reason.CONNECTION_ERROR, failureReason(mss.selected()));
        assertFalse(ch.isOpen());
    }

    @Test
    void removalByOthersAbortsWithoutClosing() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a"));
        EmbeddedChannel ch = channel(mss.handler());
        ch.pipeline().remove(mss.handler());
        assertEquals(Reason.ABORTED, failureReason(mss.selected()));
        assertTrue(ch.isOpen());
    }

    @Test
    void bytesAfterFailureAreDiscardedAndReleased() {
        MultistreamSelect mss = MultistreamSelect.listener(List.of("/a"));
        Fixtures.Recorder next = new Fixtures.Recorder();
        EmbeddedChannel ch = channel(mss.handler(), next);
        ch.writeInbound(bytes(hexOf("/wrong") + hexOf(HEADER, "/a") + "aabb"));
        assertEquals(Reason.PROTOCOL_VIOLATION, failureReason(mss.selected()));
        assertEquals("", next.bytes.toString());
        assertTrue(next.events.isEmpty());
    }

    @Test
    void startsOnceWhenAddedBeforeRegistration() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(false, false);
        channels.add(ch);
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a"));
        ch.pipeline().addLast(mss.handler());
        assertNull(ch.readOutbound());
        ch.register();
        assertEquals(hexOf(HEADER, "/a"), drainOutbound(ch));
        ch.pipeline().fireChannelActive();
        assertEquals("", drainOutbound(ch), "starting twice would send the header twice");
    }

    // ---- hand-over to the protocol's handlers ----

    @Test
    void futureCallbackInstallsTheProtocolHandlerBeforeLeftoverBytesMoveOn() {
        MultistreamSelect mss = MultistreamSelect.listener(List.of("/chat/1"));
        EmbeddedChannel ch = channel(mss.handler());
        Fixtures.Recorder chat = new Fixtures.Recorder();
        mss.selected().thenAccept(protocol -> ch.pipeline().addLast("chat", chat));
        ch.writeInbound(bytes(hexOf(HEADER, "/chat/1") + ascii("hi")));
        assertEquals(ascii("hi"), chat.bytes.toString());
        assertNull(ch.readInbound(), "leftover bytes must not fall through to the tail");
    }

    @Test
    void selectedEventLetsARouterReplaceItself() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/x"));
        Fixtures.Recorder protocolHandler = new Fixtures.Recorder();
        ChannelInboundHandlerAdapter router = new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof MultistreamSelect.Selected selected) {
                    assertEquals("/x", selected.protocol());
                    ctx.pipeline().replace(this, "protocol", protocolHandler);
                }
            }
        };
        EmbeddedChannel ch = channel(mss.handler(), router);
        ch.writeInbound(bytes(hexOf(HEADER, "/x") + "c0ffee"));
        assertEquals("c0ffee", protocolHandler.bytes.toString());
        assertEquals("", drainInbound(ch));
    }

    // ---- dialer <-> listener ----

    @Test
    void dialerAndListenerAgreeOverLinkedChannels() {
        MultistreamSelect dialer = MultistreamSelect.dialer(List.of("/yamux/2.0.0", "/mplex/6.7.0", "/yamux/1.0.0"));
        MultistreamSelect listener = MultistreamSelect.listener(List.of("/yamux/1.0.0"));
        EmbeddedChannel a = channel(dialer.handler());
        EmbeddedChannel b = channel(listener.handler());
        Fixtures.shuttle(a, b);
        assertSelected("/yamux/1.0.0", dialer.selected());
        assertSelected("/yamux/1.0.0", listener.selected());
        assertFalse(hasNegotiator(a));
        assertFalse(hasNegotiator(b));
        // Application bytes now flow untouched both ways.
        a.writeOutbound(bytes("0102"));
        b.writeOutbound(bytes("0304"));
        Fixtures.shuttle(a, b);
        assertEquals("0102", drainInbound(b));
        assertEquals("0304", drainInbound(a));
    }

    @Test
    void linkedChannelsFailTogetherWhenNothingMatches() {
        MultistreamSelect dialer = MultistreamSelect.dialer(List.of("/a", "/b"));
        MultistreamSelect listener = MultistreamSelect.listener(List.of("/c"));
        EmbeddedChannel a = channel(dialer.handler());
        EmbeddedChannel b = channel(listener.handler());
        Fixtures.shuttle(a, b);
        assertEquals(Reason.NOT_SUPPORTED, failureReason(dialer.selected()));
        assertFalse(a.isOpen());
        assertFalse(listener.selected().isDone(), "the listener waits for more proposals or its timeout");
    }

    @Test
    void lazyDialerApplicationWritesBeforeTheEcho() {
        MultistreamSelect dialer = MultistreamSelect.lazyDialer("/ipfs/ping/1.0.0", MultistreamSelect.Options.DEFAULT);
        ChannelInboundHandlerAdapter eagerApp = new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {9, 9, 9}));
            }
        };
        Fixtures.Recorder pong = new Fixtures.Recorder();
        EmbeddedChannel a = channel(dialer.handler(), eagerApp, pong);
        MultistreamSelect listener = MultistreamSelect.listener(List.of("/ipfs/ping/1.0.0"));
        EmbeddedChannel b = channel(listener.handler());
        Fixtures.Recorder pingHandler = new Fixtures.Recorder();
        listener.selected().thenAccept(p -> b.pipeline().addLast(pingHandler));
        Fixtures.shuttle(a, b);
        assertSelected("/ipfs/ping/1.0.0", listener.selected());
        assertSelected("/ipfs/ping/1.0.0", dialer.selected());
        assertEquals("090909", pingHandler.bytes.toString());
    }

    // ---- arguments ----

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> MultistreamSelect.dialer(List.of()));
        assertThrows(IllegalArgumentException.class, () -> MultistreamSelect.listener(Set.of()));
        assertThrows(IllegalArgumentException.class, () -> MultistreamSelect.dialer(List.of("na")));
        assertThrows(IllegalArgumentException.class, () -> MultistreamSelect.listener(List.of("/a\n")));
        assertThrows(IllegalArgumentException.class, () -> MultistreamSelect.lazyDialer(HEADER, MultistreamSelect.Options.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> new MultistreamSelect.Options(Duration.ZERO, null));
        assertThrows(IllegalArgumentException.class, () -> new MultistreamSelect.Options(Duration.ofSeconds(-1), null));
        assertThrows(NullPointerException.class, () -> new MultistreamSelect.Options(null, null));
        assertEquals(1024, MultistreamSelect.MAX_MESSAGE_BYTES);
    }

    @Test
    void handlerIsSingleUse() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a"));
        channel(mss.handler());
        EmbeddedChannel second = new EmbeddedChannel();
        channels.add(second);
        assertThrows(io.netty.channel.ChannelPipelineException.class, () -> second.pipeline().addLast(mss.handler()));
    }

    @Test
    void completedFutureIsNotDisturbedByLaterCancellationAttempts() {
        MultistreamSelect mss = MultistreamSelect.dialer(List.of("/a"));
        EmbeddedChannel ch = channel(mss.handler());
        ch.writeInbound(messages(HEADER, "/a"));
        assertFalse(mss.selected().cancel(true));
        assertSelected("/a", mss.selected());
        CompletableFuture<String> f = mss.selected();
        assertFalse(f.isCancelled());
    }
}
