package org.kith.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.ChannelOutputShutdownEvent;
import io.netty.channel.socket.ChannelOutputShutdownException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import org.kith.p2p.yamux.YamuxException.Reason;
import org.kith.p2p.yamux.YamuxException.Violation;

/**
 * A Yamux stream as a Netty child channel of the connection (see {@link YamuxStream} for the
 * user-facing contract). Everything here runs on the connection's event loop; the session calls
 * the {@code on*} methods as frames arrive, the channel machinery calls {@code do*}.
 *
 * <p>State: {@code open} until closed, reset or the session ends. Output: {@code finRequested}
 * (shutdownOutput called, writes refused) then {@code finSent}. Input: {@code finReceived}, then
 * {@code eofDelivered} once the pipeline saw all data and the input-shutdown events. Both
 * {@code finSent} and {@code eofDelivered}: the channel closes itself.
 */
final class YamuxStreamChannel extends AbstractChannel implements YamuxStream {

    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);

    private final YamuxSession session;
    private final int id;
    private final boolean outbound;
    private final ChannelConfig config;
    private final ReceiveWindow receiveWindow;
    private final int maxDataFrameBytes;
    private final ArrayDeque<ByteBuf> inbound = new ArrayDeque<>();

    private long sendWindow = YamuxFrame.INITIAL_WINDOW_BYTES;
    private volatile boolean open = true;
    /** Inbound stream whose ACK we have not sent yet (counts against the accept backlog). */
    boolean ackPending;
    /** Outbound stream whose ACK the remote has not sent yet. */
    boolean awaitingAck;
    private volatile boolean finRequested;
    private boolean finSent;
    private ChannelPromise finPromise;
    private boolean finReceived;
    private volatile boolean eofDelivered;
    private volatile boolean inputShutdownLocally;
    private boolean reset;
    private boolean readRequested;
    private boolean delivering;
    boolean drainQueued;
    boolean awaitingWritability;

    YamuxStreamChannel(YamuxSession session, int id, boolean outbound, YamuxConfig cfg, long nowNanos) {
        super(session.connection());
        this.session = session;
        this.id = id;
        this.outbound = outbound;
        this.maxDataFrameBytes = cfg.maxDataFrameBytes();
        this.receiveWindow = new ReceiveWindow(cfg.initialStreamWindowBytes(), cfg.maxStreamWindowBytes(), nowNanos);
        this.config = new DefaultChannelConfig(this) {
            @Override
            protected void autoReadCleared() {
                readRequested = false;
            }
        };
    }

    // ---- YamuxStream

    @Override
    public long streamId() {
        return Integer.toUnsignedLong(id);
    }

    int rawId() {
        return id;
    }

    @Override
    public boolean isOutbound() {
        return outbound;
    }

    @Override
    public YamuxSession session() {
        return session;
    }

    @Override
    public ChannelFuture reset() {
        ChannelPromise promise = newPromise();
        onLoop(() -> {
            resetLocally();
            promise.trySuccess();
        });
        return promise;
    }

    @Override
    public boolean isInputShutdown() {
        return eofDelivered || inputShutdownLocally || !open;
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        onLoop(() -> {
            if (!open) {
                promise.tryFailure(new ClosedChannelException());
                return;
            }
            // Local only (go-yamux CloseRead): the remote is not told; what it still sends is
            // dropped and its window given back so it does not stall.
            inputShutdownLocally = true;
            discardInbound();
            sendWindowUpdate(false, 0);
            session.flushSoon();
            promise.trySuccess();
        });
        return promise;
    }

    @Override
    public boolean isOutputShutdown() {
        return finRequested || !open;
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        onLoop(() -> shutdownOutput0(promise));
        return promise;
    }

    @Override
    public boolean isShutdown() {
        return isInputShutdown() && isOutputShutdown();
    }

    @Override
    public ChannelFuture shutdown() {
        return shutdown(newPromise());
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        shutdownInput(newPromise());
        return shutdownOutput(promise);
    }

    // ---- Channel

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new StreamUnsafe();
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return true;
    }

    @Override
    protected SocketAddress localAddress0() {
        return parent().localAddress();
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return parent().remoteAddress();
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a Yamux stream cannot be bound");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected Object filterOutboundMessage(Object msg) throws Exception {
        if (!(msg instanceof ByteBuf)) {
            throw new UnsupportedOperationException("a Yamux stream writes ByteBufs only, not "
                    + msg.getClass().getSimpleName());
        }
        if (finRequested) {
            throw new ChannelOutputShutdownException("stream " + streamId() + " output is shut down");
        }
        return msg;
    }

    @Override
    protected void doBeginRead() {
        if (!open) {
            return;
        }
        readRequested = true;
        if (ackPending) {
            sendWindowUpdate(false, 0);
            session.flushSoon();
        }
        drain();
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        boolean wrote = false;
        if (ackPending && in.current() != null) {
            // The ACK goes on a WindowUpdate so that it carries any window beyond the initial one.
            sendWindowUpdate(false, 0);
            wrote = true;
        }
        for (;;) {
            Object msg = in.current();
            if (msg == null) {
                break;
            }
            ByteBuf buf = (ByteBuf) msg;
            if (!buf.isReadable()) {
                in.remove();
                continue;
            }
            if (sendWindow == 0) {
                break; // resumed by the remote's WindowUpdate
            }
            if (!session.connectionWritable()) {
                if (wrote) {
                    session.flushNow();
                    wrote = false;
                    if (session.connectionWritable()) {
                        continue;
                    }
                }
                session.awaitWritability(this);
                break;
            }
            int n = (int) Math.min(Math.min(buf.readableBytes(), sendWindow), maxDataFrameBytes);
            session.writeFrame(YamuxFrame.data(id, 0, buf.readRetainedSlice(n)));
            sendWindow -= n;
            wrote = true;
            in.progress(n);
            if (!buf.isReadable()) {
                in.remove();
            }
        }
        if (finRequested && !finSent && open && in.isEmpty()) {
            sendFin();
            wrote = true;
        }
        if (wrote) {
            session.flushSoon();
        }
    }

    @Override
    protected void doClose() {
        if (!open) {
            return;
        }
        open = false;
        discardInbound();
        if (finPromise != null && !finSent) {
            finPromise.tryFailure(new ClosedChannelException());
        }
        session.onStreamClosed(this);
    }

    @Override
    public String toString() {
        return "YamuxStream(" + streamId() + (outbound ? " out" : " in") + (open ? "" : " closed") + ", " + parent()
                + ")";
    }

    // ---- called by the session, on the event loop

    long receiveCredit() {
        return receiveWindow.credit();
    }

    boolean isReset() {
        return reset;
    }

    boolean isFinSent() {
        return finSent;
    }

    boolean isFinReceived() {
        return finReceived;
    }

    /** First frame of an outbound stream: WindowUpdate with SYN (as go and js open streams). */
    void sendSyn() {
        long delta = receiveWindow.takeUpdate(true, session.nanoTime(), session.rttNanos());
        session.writeFrame(YamuxFrame.windowUpdate(id, YamuxFrame.FLAG_SYN, delta));
    }

    /** FIN that {@code close()} sends when the output was still open (nothing pending: close fails it). */
    void sendFinOnClose() {
        if (!finSent && !reset) {
            finSent = true;
            session.writeFrame(YamuxFrame.windowUpdate(id, takeAckFlag() | YamuxFrame.FLAG_FIN, 0));
        }
    }

    void onAck() {
        if (awaitingAck) {
            awaitingAck = false;
            session.outboundAcknowledged();
        }
    }

    void onWindowUpdate(long delta) throws YamuxException {
        long grown = sendWindow + delta;
        if (grown > YamuxFrame.MAX_UINT32) {
            throw new YamuxException(Violation.SEND_WINDOW_OVERFLOW, "stream " + streamId() + " send window "
                    + sendWindow + " + " + delta);
        }
        boolean wasBlocked = sendWindow == 0;
        sendWindow = grown;
        if (wasBlocked && delta > 0) {
            resumeWrites();
        }
    }

    /**
     * Takes ownership of {@code payload} (a Data frame's bytes).
     *
     * @throws YamuxException if it exceeds the receive window (the decoder checks first; this is
     *         the backstop)
     */
    void onData(ByteBuf payload) throws YamuxException {
        int length = payload.readableBytes();
        if (!receiveWindow.onData(length)) {
            long credit = receiveWindow.credit();
            payload.release();
            throw new YamuxException(Violation.WINDOW_EXCEEDED, "data frame of " + length + " bytes on stream "
                    + streamId() + ", window " + credit);
        }
        if (inputShutdownLocally || finReceived) {
            // After a local shutdownInput the bytes are dropped but the window is given back.
            // Data after the remote's own FIN is dropped too (nothing follows a FIN).
            receiveWindow.onConsumed(length);
            payload.release();
            if (!finReceived) {
                sendWindowUpdate(false, 0);
            }
            return;
        }
        inbound.add(payload);
        if (readRequested) {
            session.requestDrain(this);
        }
    }

    void onRemoteFin() {
        if (finReceived) {
            return;
        }
        finReceived = true;
        if (inputShutdownLocally) {
            eofDelivered = true;
            closeIfDone();
        } else if (readRequested) {
            session.requestDrain(this);
        }
    }

    void onRemoteReset(long errorCode) {
        if (!open) {
            return;
        }
        reset = true;
        discardInbound();
        failPendingWrites(new YamuxException(Reason.STREAM_RESET, "stream " + streamId() + " reset by the remote"
                + (errorCode == 0 ? "" : " (code " + errorCode + ")")));
        pipeline().fireUserEventTriggered(new ResetEvent(true, errorCode));
        closeNow();
    }

    void onSessionClosed(YamuxException cause) {
        if (!open) {
            return;
        }
        discardInbound();
        failPendingWrites(cause);
        closeNow();
    }

    /** Delivers queued data (and the end of input) if the pipeline asked to read. */
    void drain() {
        drainQueued = false;
        if (delivering || !open) {
            return;
        }
        delivering = true;
        try {
            while (open && readRequested && (!inbound.isEmpty() || (finReceived && !eofDelivered))) {
                readRequested = false;
                long delivered = 0;
                ByteBuf buf;
                while (open && (buf = inbound.poll()) != null) {
                    int n = buf.readableBytes();
                    receiveWindow.onConsumed(n);
                    delivered += n;
                    pipeline().fireChannelRead(buf);
                }
                if (!open) {
                    break;
                }
                boolean eof = finReceived && inbound.isEmpty() && !eofDelivered;
                if (eof) {
                    eofDelivered = true;
                }
                pipeline().fireChannelReadComplete();
                if (delivered > 0 && open) {
                    sendWindowUpdate(false, 0);
                    session.flushSoon();
                }
                if (eof && open) {
                    pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
                    pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
                    closeIfDone();
                }
            }
        } finally {
            delivering = false;
        }
    }

    void resumeWrites() {
        if (open) {
            ((StreamUnsafe) unsafe()).resumeWrites();
        }
    }

    /** RST sent by us: an application {@link #reset()}, or an initializer that threw. */
    void resetLocally() {
        if (!open) {
            return;
        }
        reset = true;
        session.writeFrame(YamuxFrame.windowUpdate(id, YamuxFrame.FLAG_RST, 0));
        session.flushSoon();
        discardInbound();
        failPendingWrites(new YamuxException(Reason.STREAM_RESET, "stream " + streamId() + " reset locally"));
        if (isRegistered()) {
            pipeline().fireUserEventTriggered(new ResetEvent(false, 0));
        }
        closeNow();
    }

    // ---- internals

    private void shutdownOutput0(ChannelPromise promise) {
        if (!open || reset) {
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        if (finSent) {
            promise.trySuccess();
            return;
        }
        if (finRequested) {
            finPromise.addListener(f -> {
                if (f.isSuccess()) {
                    promise.trySuccess();
                } else {
                    promise.tryFailure(f.cause());
                }
            });
            return;
        }
        finRequested = true;
        finPromise = promise;
        // Flush what was written before the shutdown; doWrite sends FIN once all of it is out.
        unsafe().flush();
        ChannelOutboundBuffer in = unsafe().outboundBuffer();
        if (open && !finSent && (in == null || in.isEmpty())) {
            sendFin();
            session.flushSoon();
        }
    }

    private void sendFin() {
        finSent = true;
        sendWindowUpdate(true, YamuxFrame.FLAG_FIN);
        finPromise.trySuccess();
        pipeline().fireUserEventTriggered(ChannelOutputShutdownEvent.INSTANCE);
        closeIfDone();
    }

    private void closeIfDone() {
        if (open && finSent && eofDelivered) {
            closeNow();
        }
    }

    private void closeNow() {
        unsafe().close(unsafe().voidPromise());
    }

    private int takeAckFlag() {
        if (ackPending) {
            ackPending = false;
            session.inboundAcknowledged();
            return YamuxFrame.FLAG_ACK;
        }
        return 0;
    }

    /**
     * Sends a WindowUpdate if one is due, or whenever a flag has to go out (our owed ACK, or
     * {@code extraFlags}); the window granted then rides along.
     */
    private void sendWindowUpdate(boolean force, int extraFlags) {
        int flags = takeAckFlag() | extraFlags;
        boolean mustSend = force || flags != 0;
        // Nothing follows the remote's FIN, so there is no window left to grant.
        long delta = finReceived ? 0 : receiveWindow.takeUpdate(mustSend, session.nanoTime(), session.rttNanos());
        if (delta > 0 || mustSend) {
            session.writeFrame(YamuxFrame.windowUpdate(id, flags, delta));
        }
    }

    private void discardInbound() {
        ByteBuf buf;
        while ((buf = inbound.poll()) != null) {
            receiveWindow.onConsumed(buf.readableBytes());
            buf.release();
        }
    }

    private void failPendingWrites(Throwable cause) {
        ChannelOutboundBuffer in = unsafe().outboundBuffer();
        if (in != null) {
            in.addFlush();
            while (in.remove(cause)) {
                // each call fails one pending write and releases its buffer
            }
        }
        if (finPromise != null && !finSent) {
            finPromise.tryFailure(cause);
        }
    }

    private void onLoop(Runnable task) {
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    private final class StreamUnsafe extends AbstractUnsafe {
        @Override
        public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            promise.setFailure(new UnsupportedOperationException("a Yamux stream is opened by its session"));
        }

        void resumeWrites() {
            flush0();
        }
    }
}
