package org.kith.p2p.host;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.kith.p2p.Host;
import org.kith.p2p.HostEvent;
import org.kith.p2p.ProtocolHandler;
import org.kith.p2p.Stream;
import org.kith.p2p.identify.IdentifyMessage;
import org.kith.p2p.identify.PeerRecord;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.multistream.MultistreamSelect;
import org.kith.p2p.noise.NoiseSecureChannel;
import org.kith.p2p.noise.NoiseSession;
import org.kith.p2p.ping.Ping;
import org.kith.p2p.pnet.PnetEvent;
import org.kith.p2p.pnet.PnetHandler;
import org.kith.p2p.wire.LengthPrefixedFrameDecoder;
import org.kith.p2p.wire.LengthPrefixedFrameEncoder;
import org.kith.p2p.yamux.Yamux;
import org.kith.p2p.yamux.YamuxSession;
import org.kith.p2p.yamux.YamuxStream;
import org.kith.protocol.identity.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Host} on Netty NIO. A TCP connection is upgraded in order: pnet (when a swarm key is
 * set) → multistream-select {@code /noise} → Noise XX → Yamux (chosen inside the Noise handshake
 * when both sides offer it, else by multistream-select) → identify both ways, then pinged every
 * {@link HostConfig#pingInterval()}. Every inbound stream is negotiated by multistream-select and
 * handed to the registered {@link ProtocolHandler}.
 */
public final class NettyHost implements Host {

    static final String NOISE = "/noise";
    static final String YAMUX = "/yamux/1.0.0";
    public static final String IDENTIFY = "/ipfs/id/1.0.0";
    public static final String IDENTIFY_PUSH = "/ipfs/id/push/1.0.0";
    /** First wait after a failed dial to an address; doubles per failure up to {@link #MAX_DIAL_BACKOFF_MILLIS}. */
    public static final long BASE_DIAL_BACKOFF_MILLIS = 5_000;
    /** How long an existing connection gets to answer a ping when the same peer connects again. */
    public static final java.time.Duration LIVENESS_CHECK = java.time.Duration.ofSeconds(3);
    public static final long MAX_DIAL_BACKOFF_MILLIS = 5 * 60_000;
    static final String PROTOCOL_VERSION = "ipfs/0.1.0";

    private static final Logger LOG = LoggerFactory.getLogger(NettyHost.class);

    private final HostConfig config;
    private final PeerId self;
    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ProtocolHandler> handlers = new ConcurrentHashMap<>();
    private final Map<PeerId, Connection> connections = new ConcurrentHashMap<>();
    private final Map<PeerId, PeerInfo> peers = new ConcurrentHashMap<>();
    private final List<Consumer<HostEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Channel> servers = new CopyOnWriteArrayList<>();
    private final List<Multiaddr> bound = new CopyOnWriteArrayList<>();
    private final Set<Channel> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();
    private final java.util.function.LongSupplier clockMillis;

    /** Failed dials to one address: how many in a row, and when the next attempt is allowed. */
    private record Backoff(int failures, long notBeforeMillis) {
    }

    /** Tests only: answer a built-in protocol (identify, ping) the way a misbehaving peer would. */
    private final Map<String, ProtocolHandler> builtInOverrides = new ConcurrentHashMap<>();

    void overrideBuiltInForTest(String protocol, ProtocolHandler handler) {
        builtInOverrides.put(protocol, handler);
    }

    private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<Void>> stopFuture =
            new java.util.concurrent.atomic.AtomicReference<>();

    public NettyHost(HostConfig config) {
        this(config, System::currentTimeMillis);
    }

    /** With an injected clock, for dial-backoff tests. */
    NettyHost(HostConfig config, java.util.function.LongSupplier clockMillis) {
        this.config = config;
        this.self = config.identity().peerId();
        this.clockMillis = clockMillis;
    }

    @Override
    public PeerId peerId() {
        return self;
    }

    @Override
    public CompletableFuture<Void> start() {
        List<CompletableFuture<Void>> binds = new ArrayList<>();
        for (Multiaddr addr : config.listenAddrs()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (connections.size() + pending.size() >= config.maxConnections()) {
                                LOG.info("refusing inbound connection from {}: at the connection limit", ch.remoteAddress());
                                ch.close();
                                return;
                            }
                            upgrade(ch, false, null, new CompletableFuture<>());
                        }
                    })
                    .bind(addr.toInetSocketAddress().orElseThrow(
                            () -> new IllegalArgumentException("can listen only on ip4/ip6 + tcp, not " + addr)))
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            done.completeExceptionally(f.cause());
                            return;
                        }
                        Channel server = ((io.netty.channel.ChannelFuture) f).channel();
                        servers.add(server);
                        bound.add(Multiaddr.fromInetSocketAddress((InetSocketAddress) server.localAddress())
                                .withPeerId(self));
                        LOG.info("listening on {}", server.localAddress());
                        done.complete(null);
                    });
            binds.add(done);
        }
        return CompletableFuture.allOf(binds.toArray(CompletableFuture[]::new));
    }

    @Override
    public List<Multiaddr> listenAddrs() {
        return List.copyOf(bound);
    }

    @Override
    public CompletableFuture<PeerId> dial(Multiaddr addr) {
        PeerId expected = addr.peerId().orElse(null);
        if (expected != null) {
            if (expected.equals(self)) {
                return CompletableFuture.failedFuture(new IOException("refusing to dial ourselves"));
            }
            Connection existing = connections.get(expected);
            if (existing != null) {
                return CompletableFuture.completedFuture(expected);
            }
        }
        if (connections.size() + pending.size() >= config.maxConnections()) {
            return CompletableFuture.failedFuture(new IOException("at the connection limit"));
        }
        String key = addr.toString();
        Backoff backoff = backoffs.get(key);
        long now = clockMillis.getAsLong();
        if (backoff != null && now < backoff.notBeforeMillis()) {
            return CompletableFuture.failedFuture(new IOException("dial backoff: " + addr + " failed "
                    + backoff.failures() + " time(s); next attempt in " + (backoff.notBeforeMillis() - now) + " ms"));
        }
        CompletableFuture<Connection> upgraded = new CompletableFuture<>();
        // The caller's future follows the bookkeeping, so a failed dial is in backoff when it returns.
        CompletableFuture<Connection> tracked = upgraded.whenComplete((c, e) -> {
            if (e == null) {
                backoffs.remove(key);
            } else {
                backoffs.compute(key, (k, b) -> {
                    int failures = b == null ? 1 : b.failures() + 1;
                    long wait = Math.min(MAX_DIAL_BACKOFF_MILLIS, BASE_DIAL_BACKOFF_MILLIS << Math.min(failures - 1, 16));
                    return new Backoff(failures, clockMillis.getAsLong() + wait);
                });
            }
        });
        InetSocketAddress target;
        try {
            target = addr.toInetSocketAddress().orElseThrow(
                    () -> new IllegalArgumentException("can dial only ip4/ip6 + tcp addresses"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new IOException("cannot dial " + addr + ": " + e.getMessage(), e));
        }
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        upgrade(ch, true, expected, upgraded);
                    }
                })
                .connect(target).addListener(f -> {
                    if (!f.isSuccess()) {
                        upgraded.completeExceptionally(f.cause());
                    }
                });
        upgraded.orTimeout(config.dialTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        return tracked.thenApply(Connection::remote);
    }

    /** Installs the security stage; {@link Upgrader} installs the rest as each stage completes. */
    private void upgrade(Channel ch, boolean initiator, PeerId expected, CompletableFuture<Connection> done) {
        pending.add(ch);
        ch.closeFuture().addListener(f -> {
            pending.remove(ch);
            done.completeExceptionally(new IOException("connection closed before it was ready"));
        });
        if (config.swarmKey() != null) {
            ch.pipeline().addLast("pnet", new PnetHandler(config.swarmKey(), random));
        }
        MultistreamSelect security = initiator ? MultistreamSelect.dialer(List.of(NOISE))
                : MultistreamSelect.listener(Set.of(NOISE));
        ch.pipeline().addLast("ms-security", security.handler());
        ch.pipeline().addLast("upgrade", new Upgrader(initiator, expected, done));
        security.selected().whenComplete((p, e) -> {
            if (e != null) {
                fail(ch, done, "security negotiation failed: " + e.getMessage());
            }
        });
    }

    private void fail(Channel ch, CompletableFuture<Connection> done, String reason) {
        if (done.completeExceptionally(new IOException(reason))) {
            LOG.debug("connection {} failed: {}", ch, reason);
        }
        ch.close();
    }

    /** Moves a connection from one stage to the next as each stage reports (user events). */
    private final class Upgrader extends ChannelInboundHandlerAdapter {
        private final boolean initiator;
        private final PeerId expected;
        private final CompletableFuture<Connection> done;
        private NoiseSession session;

        Upgrader(boolean initiator, PeerId expected, CompletableFuture<Connection> done) {
            this.initiator = initiator;
            this.expected = expected;
            this.done = done;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof MultistreamSelect.Selected s && NOISE.equals(s.protocol()) && session == null) {
                NoiseSecureChannel noise = initiator ? NoiseSecureChannel.initiator(config.identity(), expected, List.of(YAMUX))
                        : NoiseSecureChannel.responder(config.identity(), List.of(YAMUX));
                ctx.pipeline().addBefore(ctx.name(), "noise", noise);
                noise.handshakeFuture().whenComplete((ok, e) -> {
                    if (e != null) {
                        fail(ctx.channel(), done, "noise handshake failed: " + e.getMessage());
                    }
                });
            } else if (evt instanceof NoiseSession ns) {
                session = ns;
                if (YAMUX.equals(ns.muxer())) {
                    installMuxer(ctx);
                } else {
                    MultistreamSelect muxer = initiator ? MultistreamSelect.dialer(List.of(YAMUX))
                            : MultistreamSelect.listener(Set.of(YAMUX));
                    ctx.pipeline().addBefore(ctx.name(), "ms-muxer", muxer.handler());
                    muxer.selected().whenComplete((p, e) -> {
                        if (e != null) {
                            fail(ctx.channel(), done, "muxer negotiation failed: " + e.getMessage());
                        }
                    });
                }
            } else if (evt instanceof MultistreamSelect.Selected s && YAMUX.equals(s.protocol()) && session != null) {
                installMuxer(ctx);
            } else if (evt instanceof PnetEvent.Failed f) {
                fail(ctx.channel(), done, "private network handshake failed: " + f.reason());
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        private void installMuxer(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            PeerId remote = session.remotePeerId();
            Connection[] holder = new Connection[1];
            Consumer<YamuxStream> inbound = stream -> onInboundStream(holder[0], stream);
            YamuxSession muxer = initiator ? Yamux.client(inbound, config.yamux()) : Yamux.server(inbound, config.yamux());
            ctx.pipeline().addBefore(ctx.name(), "yamux", muxer);
            Multiaddr remoteAddr = Multiaddr.fromInetSocketAddress((InetSocketAddress) ch.remoteAddress());
            Connection conn = new Connection(ch, muxer, remote, !initiator, remoteAddr, new AtomicInteger());
            holder[0] = conn;
            ctx.pipeline().remove(this);
            pending.remove(ch);
            register(conn);
            done.complete(conn);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx.channel(), done, cause.toString());
        }
    }

    private void register(Connection conn) {
        Connection previous = connections.putIfAbsent(conn.remote(), conn);
        if (previous != null && previous.channel().isActive()) {
            // A second connection: a simultaneous dial from both sides, or the peer restarted while
            // we still hold a connection that is dead without our knowing (a network cut, no RST).
            // Keep the older one if it still answers a ping; otherwise the new one replaces it.
            ping(conn.remote()).orTimeout(LIVENESS_CHECK.toMillis(), TimeUnit.MILLISECONDS).whenComplete((rtt, e) -> {
                if (e == null || !conn.channel().isActive()) {
                    LOG.debug("second connection to {}; keeping the older, which answers", conn.remote());
                    conn.channel().close();
                    return;
                }
                LOG.info("connection to {} does not answer ({}); replacing it with the new one", conn.remote(),
                        e.getClass().getSimpleName());
                previous.channel().closeFuture().addListener(f -> conn.channel().eventLoop().execute(() -> register(conn)));
                previous.channel().close();
            });
            return;
        }
        connections.put(conn.remote(), conn);
        LOG.info("connected to {} ({}, {})", conn.remote(), conn.remoteAddr(), conn.inbound() ? "inbound" : "outbound");
        conn.channel().closeFuture().addListener(f -> {
            if (connections.remove(conn.remote(), conn)) {
                LOG.info("disconnected from {}", conn.remote());
                emit(new HostEvent.Disconnected(conn.remote()));
            }
        });
        emit(new HostEvent.Connected(conn.remote(), conn.remoteAddr().toString(), conn.inbound()));
        identify(conn);
        schedulePing(conn);
    }

    private void emit(HostEvent event) {
        for (Consumer<HostEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("host listener failed on {}", event, e);
            }
        }
    }

    // ---- streams --------------------------------------------------------------------------

    private Set<String> served() {
        Set<String> all = new LinkedHashSet<>();
        all.add(IDENTIFY);
        all.add(IDENTIFY_PUSH);
        all.add(Ping.PROTOCOL_ID);
        all.addAll(handlers.keySet());
        return all;
    }

    private void onInboundStream(Connection conn, YamuxStream stream) {
        MultistreamSelect select = MultistreamSelect.listener(served());
        stream.pipeline().addLast("ms", select.handler());
        stream.pipeline().addLast("dispatch", new Dispatcher(conn));
        select.selected().whenComplete((p, e) -> {
            if (e != null) {
                LOG.debug("stream negotiation with {} failed: {}", conn.remote(), e.getMessage());
                stream.close();
            }
        });
    }

    /** On an inbound stream: once a protocol is selected, installs what serves it. */
    private final class Dispatcher extends ChannelInboundHandlerAdapter {
        private final Connection conn;

        Dispatcher(Connection conn) {
            this.conn = conn;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof MultistreamSelect.Selected s)) {
                ctx.fireUserEventTriggered(evt);
                return;
            }
            String protocol = s.protocol();
            ProtocolHandler override = builtInOverrides.get(protocol);
            if (override != null) {
                ChannelStream stream = new ChannelStream(ctx.channel(), conn.remote(), protocol);
                ctx.pipeline().replace(this, "stream", stream);
                override.onStream(stream);
            } else if (IDENTIFY.equals(protocol)) {
                ctx.pipeline().remove(this);
                writeIdentify(ctx.channel(), conn);
            } else if (IDENTIFY_PUSH.equals(protocol)) {
                ctx.pipeline().addAfter(ctx.name(), "frames",
                        new LengthPrefixedFrameDecoder(IdentifyMessage.MAX_MESSAGE_BYTES));
                ctx.pipeline().addAfter("frames", "identify-in", new IdentifyReader(conn));
                ctx.pipeline().remove(this);
            } else if (Ping.PROTOCOL_ID.equals(protocol)) {
                ctx.pipeline().replace(this, "ping", Ping.responder());
            } else {
                ProtocolHandler handler = handlers.get(protocol);
                ChannelStream stream = new ChannelStream(ctx.channel(), conn.remote(), protocol);
                ctx.pipeline().replace(this, "stream", stream);
                if (handler == null) {
                    ctx.channel().close();
                    return;
                }
                try {
                    handler.onStream(stream);
                } catch (RuntimeException e) {
                    LOG.warn("handler for {} failed", protocol, e);
                    ctx.channel().close();
                }
            }
        }
    }

    @Override
    public CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols) {
        CompletableFuture<Stream> result = new CompletableFuture<>();
        openRaw(peer, protocols, (ch, protocol) -> {
            ChannelStream stream = new ChannelStream(ch, peer, protocol);
            ch.pipeline().addLast("stream", stream);
            result.complete(stream);
        }).whenComplete((ch, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    interface OnSelected {
        void selected(Channel stream, String protocol);
    }

    /**
     * Opens a stream and negotiates one of {@code protocols}; {@code onSelected} runs on the
     * stream's event loop at selection, before any pipelined bytes are passed on.
     */
    private CompletableFuture<Channel> openRaw(PeerId peer, List<String> protocols, OnSelected onSelected) {
        Connection conn = connections.get(peer);
        if (conn == null) {
            return CompletableFuture.failedFuture(new IOException("not connected to " + peer));
        }
        MultistreamSelect select = MultistreamSelect.dialer(protocols);
        CompletableFuture<Channel> opened = conn.muxer().openStream(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("ms", select.handler());
                ch.pipeline().addLast("on-selected", new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof MultistreamSelect.Selected s) {
                            ctx.pipeline().remove(this);
                            onSelected.selected(ctx.channel(), s.protocol());
                        } else {
                            ctx.fireUserEventTriggered(evt);
                        }
                    }
                });
            }
        }).thenApply(s -> (Channel) s);
        return opened.thenCombine(select.selected(), (ch, p) -> ch);
    }

    // ---- identify -------------------------------------------------------------------------

    private IdentifyMessage ourIdentify(Connection conn) {
        List<byte[]> addrs = new ArrayList<>();
        for (Multiaddr a : bound) {
            addrs.add(a.withoutPeerId().toBytes());
        }
        byte[] record = new PeerRecord(self, System.currentTimeMillis(), addrs).seal(config.identity());
        return new IdentifyMessage(config.identity().publicKey().toProtobuf(), addrs, List.copyOf(served()),
                conn.remoteAddr().toBytes(), PROTOCOL_VERSION, config.agentVersion(), record);
    }

    /** Answers an identify request: one length-prefixed message, then half-close (js waits for it). */
    private void writeIdentify(Channel stream, Connection conn) {
        stream.pipeline().addLast("identify-out", new LengthPrefixedFrameEncoder(IdentifyMessage.MAX_MESSAGE_BYTES));
        ByteBuf msg = stream.alloc().buffer().writeBytes(ourIdentify(conn).encode());
        stream.writeAndFlush(msg).addListener(f -> ((DuplexChannel) stream).shutdownOutput()
                .addListener(g -> stream.close()));
    }

    private void identify(Connection conn) {
        openRaw(conn.remote(), List.of(IDENTIFY), (ch, protocol) -> {
            ch.pipeline().addLast("frames", new LengthPrefixedFrameDecoder(IdentifyMessage.MAX_MESSAGE_BYTES));
            ch.pipeline().addLast("identify-in", new IdentifyReader(conn));
            ((DuplexChannel) ch).shutdownOutput();
        }).whenComplete((ch, e) -> {
            if (e != null) {
                LOG.debug("identify of {} failed: {}", conn.remote(), e.getMessage());
            }
        });
    }

    /** Collects identify messages until the remote closes its side, then records the peer. */
    private final class IdentifyReader extends ChannelInboundHandlerAdapter {
        private final Connection conn;
        private final List<byte[]> messages = new ArrayList<>();
        private boolean done;
        /** A framing error, or the stream ended without the remote half-closing it: discard. */
        private boolean broken;

        IdentifyReader(Connection conn) {
            this.conn = conn;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (messages.size() >= IdentifyMessage.MAX_MESSAGES) {
                    LOG.debug("{} sent too many identify messages", conn.remote());
                    ctx.close();
                    return;
                }
                messages.add(ByteBufUtil.getBytes((ByteBuf) msg));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                finish();
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("identify from {} refused: {}", conn.remote(), cause.getMessage());
            broken = true;
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            // Closed (or reset) before the remote half-closed: whatever came is incomplete.
            broken = true;
            finish();
            ctx.fireChannelInactive();
        }

        private void finish() {
            if (done) {
                return;
            }
            done = true;
            if (broken || messages.isEmpty()) {
                LOG.debug("identify from {} ended without a complete message; ignored", conn.remote());
                return;
            }
            try {
                IdentifyMessage m = IdentifyMessage.decodeAll(messages);
                List<Multiaddr> addrs = new ArrayList<>();
                for (byte[] a : m.listenAddrs()) {
                    try {
                        addrs.add(Multiaddr.fromBytes(a));
                    } catch (RuntimeException e) {
                        LOG.debug("{} listed an unreadable address", conn.remote());
                    }
                }
                PeerInfo info = new PeerInfo(conn.remote(), m.protocols(), m.agentVersion(), addrs);
                peers.put(conn.remote(), info);
                emit(new HostEvent.Identified(conn.remote(), m.protocols(), m.agentVersion(),
                        addrs.stream().map(Multiaddr::toString).toList()));
            } catch (IllegalArgumentException e) {
                LOG.debug("identify from {} refused: {}", conn.remote(), e.getMessage());
            }
        }
    }

    // ---- ping and liveness ----------------------------------------------------------------

    @Override
    public CompletableFuture<Long> ping(PeerId peer) {
        CompletableFuture<Long> rtt = new CompletableFuture<>();
        openRaw(peer, List.of(Ping.PROTOCOL_ID), (ch, protocol) -> {
            Ping.Initiator initiator = Ping.initiator(random, System::nanoTime);
            ch.pipeline().addLast("ping", initiator);
            initiator.ping().whenComplete((t, e) -> {
                if (e != null) {
                    rtt.completeExceptionally(e);
                } else {
                    rtt.complete(t);
                }
                ((DuplexChannel) ch).shutdownOutput().addListener(f -> ch.close());
            });
        }).whenComplete((ch, e) -> {
            if (e != null) {
                rtt.completeExceptionally(e);
            }
        });
        return rtt.orTimeout(10, TimeUnit.SECONDS);
    }

    private void schedulePing(Connection conn) {
        long interval = config.pingInterval().toMillis();
        conn.channel().eventLoop().schedule(() -> {
            if (!conn.channel().isActive()) {
                return;
            }
            ping(conn.remote()).whenComplete((t, e) -> {
                if (e == null) {
                    conn.failedPings().set(0);
                } else if (conn.failedPings().incrementAndGet() >= HostConfig.MAX_FAILED_PINGS) {
                    LOG.info("closing connection to {}: {} pings failed", conn.remote(), HostConfig.MAX_FAILED_PINGS);
                    conn.channel().close();
                    return;
                }
                schedulePing(conn);
            });
        }, interval, TimeUnit.MILLISECONDS);
    }

    // ---- the rest of the API ----------------------------------------------------------------

    /** Registers the handler and, if that changed our protocols, pushes identify to every peer. */
    @Override
    public void setProtocolHandler(String protocol, ProtocolHandler handler) {
        if (handlers.put(protocol, handler) == null) {
            for (Connection conn : connections.values()) {
                pushIdentify(conn);
            }
        }
    }

    /** {@code /ipfs/id/push/1.0.0}: a complete identify message, then close. */
    private void pushIdentify(Connection conn) {
        openRaw(conn.remote(), List.of(IDENTIFY_PUSH), (ch, protocol) -> writeIdentify(ch, conn))
                .whenComplete((ch, e) -> {
                    if (e != null) {
                        LOG.debug("identify push to {} failed: {}", conn.remote(), e.getMessage());
                    }
                });
    }

    @Override
    public Set<String> protocols() {
        return Set.copyOf(served());
    }

    @Override
    public Set<PeerId> connectedPeers() {
        return Set.copyOf(connections.keySet());
    }

    @Override
    public PeerInfo peerInfo(PeerId peer) {
        return peers.get(peer);
    }

    @Override
    public void addListener(Consumer<HostEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> stopping = new CompletableFuture<>();
        if (!stopFuture.compareAndSet(null, stopping)) {
            return stopFuture.get(); // idempotent: closing on a terminated event loop would never complete
        }
        shutDown().whenComplete((v, e) -> stopping.complete(null));
        return stopping;
    }

    private CompletableFuture<Void> shutDown() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Channel s : servers) {
            closing.add(ChannelStream.toFuture(s.close()));
        }
        for (Connection c : connections.values()) {
            closing.add(c.muxer().close().exceptionally(e -> null));
        }
        for (Channel ch : pending) {
            closing.add(ChannelStream.toFuture(ch.close()));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
        return all.handle((v, e) -> null).thenCompose(v -> {
            CompletableFuture<Void> shut = new CompletableFuture<>();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> shut.complete(null));
            return shut;
        });
    }
}
