package org.kith.p2p.yamux;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.kith.p2p.yamux.YamuxException.Reason;
import org.kith.p2p.yamux.YamuxException.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Yamux session on one secured connection: the handler that owns the connection's pipeline end
 * and multiplexes {@link YamuxStream} child channels over it. Create it with
 * {@link Yamux#client} (the dialer: odd stream IDs) or {@link Yamux#server} (even IDs) and add
 * it last to the connection's pipeline, after the security handler; it installs its frame
 * decoder and encoder in front of itself.
 *
 * <h2>Threads</h2>
 * All work happens on the connection's event loop (do not add it with a separate executor
 * group). Public methods may be called from any thread; they hop onto the loop and report through
 * futures. The inbound-stream initializer and every stream pipeline run on the loop.
 *
 * <h2>Streams</h2>
 * Remote streams are announced by calling the inbound initializer with the new stream before
 * its first data is delivered; the initializer adds handlers to {@code stream.pipeline()}. Our
 * streams come from {@link #openStream}. Inbound SYNs are reset (RST), not failed, when the
 * session is going away, when {@link YamuxConfig#maxStreams()} streams are open, or when
 * {@link YamuxConfig#acceptBacklog()} inbound streams are still unacknowledged.
 *
 * <h2>Failures</h2>
 * A protocol violation by the remote (bad version or type, a window overrun, a SYN of our own
 * parity or for an open stream, misuse of stream 0, a malformed ping, a SYN after the remote's
 * GoAway) is logged with its reason, answered with GoAway(protocol error), and the connection is
 * closed; {@link #closeFuture()} then fails with a {@link YamuxException} naming the
 * {@link Violation}. Frames for unknown (already closed) streams are dropped, as go-yamux does:
 * a FIN or WindowUpdate racing our RST is not an error. A remote GoAway(normal) stops new
 * streams both ways while open ones finish; the connection closes when the last one does. A
 * remote GoAway with an error code ends the session at once. Nothing is thrown into Netty's
 * pipeline tail, and no buffer outlives the session.
 */
public final class YamuxSession extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(YamuxSession.class);
    /** Per-frame dump, off by default. */
    private static final Logger wire = LoggerFactory.getLogger("org.kith.p2p.yamux.wire");

    private final boolean client;
    private final YamuxConfig config;
    private final Consumer<? super YamuxStream> inboundInitializer;
    private final YamuxScheduler scheduler;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final Map<Integer, YamuxStreamChannel> streams = new HashMap<>();
    private final ArrayDeque<YamuxStreamChannel> drainQueue = new ArrayDeque<>();
    private final LinkedHashSet<YamuxStreamChannel> writabilityWaiters = new LinkedHashSet<>();
    private final KeepAlive keepAlive;

    private volatile ChannelHandlerContext ctx;
    private volatile int streamCount;
    private volatile YamuxException closeCause;
    private long nextStreamId;
    private int unacknowledgedInbound;
    private int unacknowledgedOutbound;
    private boolean started;
    private boolean inRead;
    private boolean flushPending;
    private boolean localGoAway;
    private boolean remoteGoAway;
    private boolean goAwaySent;
    /** The session is ending: no frames are written any more, streams are being torn down. */
    private boolean closing;
    /**
     * Once the session is going away, frames are written with real promises and the latest is
     * kept here: the connection is closed only after it (and so everything before it) is out,
     * since closing a Netty channel drops writes still queued in it.
     */
    private ChannelFuture lastWrite;
    private boolean terminating;
    private long framesReceived;

    YamuxSession(boolean client, Consumer<? super YamuxStream> inboundInitializer, YamuxConfig config,
            YamuxScheduler scheduler) {
        this.client = client;
        this.inboundInitializer = Objects.requireNonNull(inboundInitializer, "inboundInitializer");
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.nextStreamId = client ? 1 : 2;
        this.keepAlive = new KeepAlive(this, config, scheduler);
    }

    // ---- public API

    /** Whether this side is the Yamux client (the dialer; odd stream IDs). */
    public boolean isClient() {
        return client;
    }

    /** The connection this session runs on, or {@code null} before it is added to a pipeline. */
    public Channel connection() {
        ChannelHandlerContext c = ctx;
        return c == null ? null : c.channel();
    }

    /**
     * Opens a stream. The SYN is sent at once; data may be written before the remote's ACK.
     *
     * @param initializer added to the new stream's pipeline before it becomes active (typically
     *        a {@link io.netty.channel.ChannelInitializer}); may be {@code null}
     * @return the registered, active stream; fails with a {@link YamuxException}
     *         ({@link Reason#SESSION_CLOSED}, {@link Reason#LOCAL_GO_AWAY},
     *         {@link Reason#REMOTE_GO_AWAY}, {@link Reason#STREAM_LIMIT},
     *         {@link Reason#STREAM_IDS_EXHAUSTED}) or with the initializer's exception
     */
    public CompletableFuture<YamuxStream> openStream(ChannelHandler initializer) {
        CompletableFuture<YamuxStream> result = new CompletableFuture<>();
        ChannelHandlerContext c = ctx;
        if (c == null) {
            result.completeExceptionally(new YamuxException(Reason.SESSION_CLOSED, "session is not on a connection"));
            return result;
        }
        onLoop(() -> openStream0(initializer, result));
        return result;
    }

    /**
     * Graceful shutdown: sends GoAway(normal), resets new inbound streams and refuses new
     * outbound ones; open streams finish, then the connection is closed.
     *
     * @return {@link #closeFuture()}
     */
    public CompletableFuture<Void> goAway() {
        if (ctx != null) {
            onLoop(() -> {
                if (closing || localGoAway) {
                    return;
                }
                localGoAway = true;
                sendGoAway(YamuxFrame.GO_AWAY_NORMAL);
                flushNow();
                log.info("yamux session on {} going away, {} streams still open", connection(), streams.size());
                closeIfDrained();
            });
        }
        return closeFuture;
    }

    /**
     * Ends the session now: sends GoAway(normal), closes every stream (pending writes fail with
     * {@link Reason#SESSION_CLOSED}) and closes the connection.
     *
     * @return {@link #closeFuture()}
     */
    public CompletableFuture<Void> close() {
        if (ctx != null) {
            onLoop(() -> terminate(null, YamuxFrame.GO_AWAY_NORMAL));
        } else {
            closeFuture.complete(null);
        }
        return closeFuture;
    }

    /**
     * Completes when the session has ended and its connection is closed: normally after a local
     * close, a GoAway(normal) from either side or the connection's end of stream; exceptionally
     * with a {@link YamuxException} after a protocol violation, a keepalive timeout, a GoAway
     * with an error code, or a connection error.
     */
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    /** Why the session ended abnormally, once it has. */
    public Optional<YamuxException> closeCause() {
        return Optional.ofNullable(closeCause);
    }

    /** Streams this session tracks: open ones, and closed ones still awaiting the remote's FIN. */
    public int streamCount() {
        return streamCount;
    }

    /** The round-trip time measured by the last answered ping, or -1 before the first answer. */
    public long rttNanos() {
        return keepAlive.rttNanos();
    }

    // ---- ChannelHandler

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        YamuxFrameDecoder decoder = new YamuxFrameDecoder(config.maxStreamWindowBytes(), this::maxDataBytes);
        ctx.pipeline().addBefore(ctx.name(), null, decoder);
        ctx.pipeline().addBefore(ctx.name(), null, YamuxFrameEncoder.INSTANCE);
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof YamuxFrame frame)) {
            log.warn("yamux session on {} got a {}, not a frame; dropped", ctx.channel(), msg.getClass().getName());
            ReferenceCountUtil.release(msg);
            return;
        }
        inRead = true;
        framesReceived++;
        if (closing) {
            frame.release();
            return;
        }
        wire.trace("{} <- {}", ctx.channel(), frame);
        try {
            handleFrame(frame);
        } catch (YamuxException e) {
            protocolViolation(e);
        } catch (RuntimeException e) {
            internalError(e);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        YamuxStreamChannel stream;
        while ((stream = drainQueue.poll()) != null) {
            stream.drain();
        }
        inRead = false;
        flushSoon();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !writabilityWaiters.isEmpty()) {
            List<YamuxStreamChannel> waiting = new ArrayList<>(writabilityWaiters);
            writabilityWaiters.clear();
            for (YamuxStreamChannel stream : waiting) {
                stream.awaitingWritability = false;
                stream.resumeWrites();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!closing) {
            log.debug("yamux connection {} closed", ctx.channel());
        }
        closing = true;
        tearDown();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        closing = true;
        tearDown();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        YamuxException yamux = findYamuxException(cause);
        if (yamux != null && yamux.reason() == Reason.PROTOCOL_VIOLATION) {
            protocolViolation(yamux);
        } else if (closing || remoteGoAway || cause instanceof ClosedChannelException) {
            // A write raced the connection's close, or the remote, having said GoAway, reset the
            // socket as it went: an ordinary end. channelInactive follows.
            log.debug("yamux connection {} failed after close", ctx.channel(), cause);
        } else if (cause instanceof IOException) {
            log.info("yamux connection {} failed: {}", ctx.channel(), cause.toString());
            terminate(new YamuxException(Reason.SESSION_CLOSED, "connection failed", cause), -1);
        } else {
            internalError(cause);
        }
    }

    // ---- frame handling

    private void handleFrame(YamuxFrame frame) throws YamuxException {
        switch (frame.type()) {
            case DATA, WINDOW_UPDATE -> handleStreamFrame(frame);
            case PING -> handlePing(frame);
            case GO_AWAY -> handleGoAway(frame);
            default -> throw new IllegalStateException("unreachable frame type " + frame.type());
        }
    }

    private void handleStreamFrame(YamuxFrame frame) throws YamuxException {
        boolean handedOver = false;
        try {
            int id = frame.streamId();
            if (id == 0) {
                throw new YamuxException(Violation.STREAM_FRAME_ON_SESSION_ID, frame.type() + " on stream 0");
            }
            YamuxStreamChannel stream = streams.get(id);
            if (frame.has(YamuxFrame.FLAG_SYN)) {
                if (stream != null) {
                    throw new YamuxException(Violation.DUPLICATE_STREAM, "SYN for open stream " + frame.streamIdUnsigned());
                }
                stream = acceptInbound(frame);
                if (stream == null) {
                    return;
                }
            } else if (stream == null) {
                // Unknown: we reset or closed it and forgot it, or it never existed. go-yamux
                // drops such frames; a FIN/ACK/WindowUpdate racing our RST is normal (jvm PR #292).
                log.debug("yamux {} for unknown stream {} dropped", frame.type(), frame.streamIdUnsigned());
                return;
            }
            if (!stream.isOpen()) {
                onClosedStreamFrame(stream, frame);
                return;
            }
            if (frame.has(YamuxFrame.FLAG_ACK)) {
                stream.onAck();
            }
            if (frame.type() == YamuxFrame.Type.WINDOW_UPDATE) {
                if (frame.has(YamuxFrame.FLAG_RST)) {
                    // go-yamux v5 puts an error code in an RST's length: not a window delta.
                    stream.onRemoteReset(frame.length());
                    return;
                }
                stream.onWindowUpdate(frame.length());
            } else if (frame.length() > 0) {
                handedOver = true;
                stream.onData(frame.payload());
            }
            if (frame.has(YamuxFrame.FLAG_RST)) {
                stream.onRemoteReset(0);
                return;
            }
            if (frame.has(YamuxFrame.FLAG_FIN)) {
                stream.onRemoteFin();
            }
        } finally {
            if (!handedOver) {
                frame.release();
            }
        }
    }

    /** A SYN from the remote: checks, then either a new stream or an RST. */
    private YamuxStreamChannel acceptInbound(YamuxFrame frame) throws YamuxException {
        int id = frame.streamId();
        if (isOurs(id)) {
            throw new YamuxException(Violation.WRONG_STREAM_PARITY, "SYN for stream " + frame.streamIdUnsigned()
                    + ": both endpoints are " + (client ? "clients" : "servers"));
        }
        if (remoteGoAway) {
            throw new YamuxException(Violation.NEW_STREAM_AFTER_GO_AWAY, "SYN for stream " + frame.streamIdUnsigned());
        }
        if (frame.has(YamuxFrame.FLAG_RST)) {
            return null;
        }
        String refusal = localGoAway ? "going away"
                : streams.size() >= config.maxStreams() ? "stream limit " + config.maxStreams() + " reached"
                : unacknowledgedInbound >= config.acceptBacklog() ? "accept backlog " + config.acceptBacklog() + " full"
                : null;
        if (refusal != null) {
            log.debug("yamux inbound stream {} reset: {}", frame.streamIdUnsigned(), refusal);
            writeFrame(YamuxFrame.windowUpdate(id, YamuxFrame.FLAG_RST, 0));
            flushSoon();
            return null;
        }
        YamuxStreamChannel stream = new YamuxStreamChannel(this, id, false, config, nanoTime());
        stream.ackPending = true;
        unacknowledgedInbound++;
        track(stream);
        try {
            inboundInitializer.accept(stream);
        } catch (RuntimeException e) {
            log.warn("yamux inbound stream initializer failed; stream {} reset", stream.streamId(), e);
            stream.resetLocally();
            return null;
        }
        connection().eventLoop().register(stream).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                log.warn("yamux inbound stream {} could not be registered; reset", stream.streamId(), f.cause());
                stream.resetLocally();
            }
        });
        return stream.isOpen() ? stream : null;
    }

    /** A frame for a stream the application closed while the remote had not sent FIN yet. */
    private void onClosedStreamFrame(YamuxStreamChannel stream, YamuxFrame frame) {
        if (frame.has(YamuxFrame.FLAG_FIN) || frame.has(YamuxFrame.FLAG_RST)) {
            forget(stream);
        } else if (frame.type() == YamuxFrame.Type.DATA && frame.length() > 0) {
            // Nobody will read this: reset so the remote stops sending (as TCP does).
            log.debug("yamux data for closed stream {}; reset", stream.streamId());
            writeFrame(YamuxFrame.windowUpdate(stream.rawId(), YamuxFrame.FLAG_RST, 0));
            flushSoon();
            forget(stream);
        }
    }

    private void handlePing(YamuxFrame frame) throws YamuxException {
        if (frame.streamId() != 0) {
            throw new YamuxException(Violation.SESSION_FRAME_ON_STREAM_ID, "ping on stream " + frame.streamIdUnsigned());
        }
        if (frame.flags() == YamuxFrame.FLAG_SYN) {
            if (connectionWritable()) {
                writeFrame(YamuxFrame.ping(YamuxFrame.FLAG_ACK, frame.length()));
                flushSoon();
            } else {
                // As go-yamux's bounded ping backlog: a remote that pings but does not read
                // must not grow our buffers; its ping times out instead.
                log.debug("yamux ping reply dropped: connection {} not writable", connection());
            }
        } else if (frame.flags() == YamuxFrame.FLAG_ACK) {
            keepAlive.onPong(frame.length());
        } else {
            // js-libp2p-yamux is as strict: a ping is exactly a request or exactly a reply.
            throw new YamuxException(Violation.BAD_PING_FLAGS, "ping flags " + YamuxFrame.flagNames(frame.flags()));
        }
    }

    private void handleGoAway(YamuxFrame frame) throws YamuxException {
        if (frame.streamId() != 0) {
            throw new YamuxException(Violation.SESSION_FRAME_ON_STREAM_ID, "GoAway on stream " + frame.streamIdUnsigned());
        }
        long code = frame.length();
        remoteGoAway = true;
        if (code == YamuxFrame.GO_AWAY_NORMAL) {
            log.info("yamux remote {} going away, {} streams still open", connection(), streams.size());
            closeIfDrained();
            return;
        }
        String what = code == YamuxFrame.GO_AWAY_PROTOCOL_ERROR ? "protocol error"
                : code == YamuxFrame.GO_AWAY_INTERNAL_ERROR ? "internal error" : "error code " + code;
        log.warn("yamux remote {} went away: {}", connection(), what);
        terminate(new YamuxException(Reason.REMOTE_GO_AWAY, "remote sent GoAway(" + what + ")"), -1);
    }

    // ---- opening streams

    private void openStream0(ChannelHandler initializer, CompletableFuture<YamuxStream> result) {
        String refusal = closing ? null : localGoAway ? "going away" : remoteGoAway ? "remote went away" : null;
        Reason reason = closing ? Reason.SESSION_CLOSED : localGoAway ? Reason.LOCAL_GO_AWAY : Reason.REMOTE_GO_AWAY;
        if (closing || refusal != null) {
            result.completeExceptionally(new YamuxException(reason, closing ? "session closed" : refusal));
            return;
        }
        if (streams.size() >= config.maxStreams()) {
            result.completeExceptionally(new YamuxException(Reason.STREAM_LIMIT, config.maxStreams() + " streams open"));
            return;
        }
        if (unacknowledgedOutbound >= config.acceptBacklog()) {
            result.completeExceptionally(new YamuxException(Reason.STREAM_LIMIT,
                    unacknowledgedOutbound + " streams await the remote's ACK"));
            return;
        }
        if (nextStreamId > YamuxFrame.MAX_UINT32) {
            result.completeExceptionally(new YamuxException(Reason.STREAM_IDS_EXHAUSTED, "no stream IDs left"));
            return;
        }
        int id = (int) nextStreamId;
        nextStreamId += 2;
        YamuxStreamChannel stream = new YamuxStreamChannel(this, id, true, config, nanoTime());
        stream.awaitingAck = true;
        unacknowledgedOutbound++;
        track(stream);
        try {
            if (initializer != null) {
                stream.pipeline().addLast(initializer);
            }
        } catch (RuntimeException e) {
            forget(stream);
            result.completeExceptionally(e);
            return;
        }
        // SYN before registration: handlers may write in channelActive, and data must follow the SYN.
        stream.sendSyn();
        connection().eventLoop().register(stream).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && stream.isOpen()) {
                result.complete(stream);
            } else {
                stream.resetLocally();
                result.completeExceptionally(f.cause() != null ? f.cause()
                        : new YamuxException(Reason.STREAM_RESET, "stream " + stream.streamId() + " closed at open"));
            }
        });
        flushSoon();
    }

    // ---- called by streams and KeepAlive, on the event loop

    long nanoTime() {
        return scheduler.nanoTime();
    }

    EventLoop eventLoop() {
        return connection().eventLoop();
    }

    long framesReceived() {
        return framesReceived;
    }

    boolean isClosing() {
        return closing;
    }

    /** What the decoder may accept as the payload of a Data frame on {@code id}. */
    long maxDataBytes(int id, int flags) {
        YamuxStreamChannel stream = streams.get(id);
        if (stream != null) {
            return stream.receiveCredit();
        }
        if ((flags & YamuxFrame.FLAG_SYN) != 0) {
            return YamuxFrame.INITIAL_WINDOW_BYTES;
        }
        // Unknown stream: the data is dropped; the remote may have had any window we granted.
        return config.maxStreamWindowBytes();
    }

    void writeFrame(YamuxFrame frame) {
        if (closing) {
            frame.release();
            return;
        }
        wire.trace("{} -> {}", ctx.channel(), frame);
        if (terminating || localGoAway || remoteGoAway) {
            lastWrite = ctx.write(frame, ctx.newPromise()).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        } else {
            ctx.write(frame, ctx.voidPromise());
        }
        flushPending = true;
    }

    /** Flushes now, or at the end of the current read batch when called while frames are being read. */
    void flushSoon() {
        if (!inRead && flushPending) {
            flushNow();
        }
    }

    void flushNow() {
        flushPending = false;
        if (!closing) {
            ctx.flush();
        }
    }

    boolean connectionWritable() {
        return ctx.channel().isWritable();
    }

    void awaitWritability(YamuxStreamChannel stream) {
        stream.awaitingWritability = true;
        writabilityWaiters.add(stream);
    }

    void requestDrain(YamuxStreamChannel stream) {
        if (!inRead) {
            stream.drain();
        } else if (!stream.drainQueued) {
            stream.drainQueued = true;
            drainQueue.add(stream);
        }
    }

    void inboundAcknowledged() {
        unacknowledgedInbound--;
    }

    void outboundAcknowledged() {
        unacknowledgedOutbound--;
    }

    void sendPing(long opaque) {
        writeFrame(YamuxFrame.ping(YamuxFrame.FLAG_SYN, opaque));
        flushSoon();
    }

    void keepAliveTimedOut(long waitedNanos) {
        log.warn("yamux keepalive: no answer from {} within {} ms; closing", connection(), waitedNanos / 1_000_000);
        terminate(new YamuxException(Reason.KEEPALIVE_TIMEOUT, "no answer to ping within " + waitedNanos / 1_000_000
                + " ms"), YamuxFrame.GO_AWAY_NORMAL);
    }

    /** The stream's channel closed (application close, both FINs, RST, or session end). */
    void onStreamClosed(YamuxStreamChannel stream) {
        writabilityWaiters.remove(stream);
        if (closing || stream.isReset()) {
            forget(stream);
            return;
        }
        stream.sendFinOnClose();
        flushSoon();
        if (stream.isFinReceived()) {
            forget(stream);
        }
        // Otherwise keep it until the remote's FIN or RST, so that data it still sends is
        // answered with RST rather than silently dropped.
    }

    // ---- internals

    private void start() {
        if (started) {
            return;
        }
        started = true;
        log.debug("yamux {} session started on {}", client ? "client" : "server", connection());
        keepAlive.start();
    }

    private boolean isOurs(int id) {
        return ((id & 1) == 1) == client;
    }

    private void track(YamuxStreamChannel stream) {
        streams.put(stream.rawId(), stream);
        streamCount = streams.size();
    }

    private void forget(YamuxStreamChannel stream) {
        if (streams.remove(stream.rawId()) == null) {
            return;
        }
        if (stream.ackPending) {
            stream.ackPending = false;
            unacknowledgedInbound--;
        }
        if (stream.awaitingAck) {
            stream.awaitingAck = false;
            unacknowledgedOutbound--;
        }
        streamCount = streams.size();
        closeIfDrained();
    }

    private void closeIfDrained() {
        if (!closing && (localGoAway || remoteGoAway) && streams.isEmpty()) {
            log.debug("yamux session on {} drained after GoAway; closing", connection());
            terminate(null, -1);
        }
    }

    private void sendGoAway(long code) {
        if (!goAwaySent) {
            goAwaySent = true;
            writeFrame(YamuxFrame.goAway(code));
        }
    }

    private void protocolViolation(YamuxException e) {
        if (closing) {
            return;
        }
        log.warn("yamux protocol violation by {}: {}", connection(), e.getMessage());
        terminate(e, YamuxFrame.GO_AWAY_PROTOCOL_ERROR);
    }

    private void internalError(Throwable t) {
        if (closing) {
            log.debug("yamux error after close on {}", connection(), t);
            return;
        }
        log.warn("yamux internal error on {}; closing", connection(), t);
        terminate(new YamuxException(Reason.INTERNAL_ERROR, t.toString(), t), YamuxFrame.GO_AWAY_INTERNAL_ERROR);
    }

    /**
     * Ends the session: optional GoAway, every stream closed, connection closed.
     *
     * @param cause null for a normal end
     * @param goAwayCode the GoAway to send first, or -1 for none
     */
    private void terminate(YamuxException cause, long goAwayCode) {
        if (closing) {
            return;
        }
        if (cause != null) {
            closeCause = cause;
        }
        terminating = true;
        if (goAwayCode >= 0) {
            sendGoAway(goAwayCode);
        } else if (cause == null) {
            // A clean end always says GoAway(normal), which also marks the end of our writes.
            sendGoAway(YamuxFrame.GO_AWAY_NORMAL);
        }
        flushPending = false;
        ChannelHandlerContext c = ctx;
        c.flush();
        closing = true;
        tearDown();
        ChannelFuture barrier = lastWrite;
        if (barrier == null || barrier.isDone() || cause != null && goAwayCode < 0) {
            c.close();
        } else {
            barrier.addListener(f -> c.close());
            // A remote that does not read must not keep the connection open forever.
            scheduler.schedule(eventLoop(), () -> onLoop(c::close), config.keepAliveTimeout().toNanos());
        }
    }

    /** Closes every stream and completes {@link #closeFuture()} once the connection is closed. */
    private void tearDown() {
        keepAlive.stop();
        drainQueue.clear();
        writabilityWaiters.clear();
        if (!streams.isEmpty()) {
            YamuxException cause = closeCause != null ? closeCause
                    : new YamuxException(Reason.SESSION_CLOSED, "session closed");
            for (YamuxStreamChannel stream : new ArrayList<>(streams.values())) {
                stream.onSessionClosed(cause);
                forget(stream);
            }
        }
        ChannelHandlerContext c = ctx;
        if (c == null || !c.channel().isOpen()) {
            completeCloseFuture();
        } else {
            c.channel().closeFuture().addListener(f -> completeCloseFuture());
        }
    }

    private void completeCloseFuture() {
        YamuxException cause = closeCause;
        if (cause == null) {
            closeFuture.complete(null);
        } else {
            closeFuture.completeExceptionally(cause);
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

    private static YamuxException findYamuxException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof YamuxException y) {
                return y;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    /** Future type kept package-visible for {@link KeepAlive}. */
    Future<?> schedule(Runnable task, long delayNanos) {
        return scheduler.schedule(eventLoop(), () -> onLoop(task), delayNanos);
    }
}
