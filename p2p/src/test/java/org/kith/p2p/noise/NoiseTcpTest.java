package org.kith.p2p.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.p2p.noise.NoiseTestSupport.YAMUX;
import static org.kith.p2p.noise.NoiseTestSupport.identity;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.p2p.testing.NettyLeakDetection;

/**
 * Noise over real TCP on 127.0.0.1 with NIO event loops: the same handlers as in production,
 * process-wide static keys, real random ephemeral keys. Waits are bounded future gets, not sleeps.
 */
@ExtendWith(NettyLeakDetection.class)
class NoiseTcpTest {

    private static final Ed25519KeyPair ALICE = identity(0x00);
    private static final Ed25519KeyPair BOB = identity(0x20);
    private static final Ed25519KeyPair MALLORY = identity(0x40);
    private static final long WAIT_SECONDS = 20;

    private static NioEventLoopGroup group;
    private Channel server;
    private final ConcurrentLinkedQueue<NoiseSecureChannel> serverHandlers = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startLoops() {
        group = new NioEventLoopGroup(2);
    }

    @AfterAll
    static void stopLoops() throws Exception {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A listener that runs Noise as Bob and echoes every plaintext byte. */
    @BeforeEach
    void startServer() throws Exception {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        NoiseSecureChannel noise = NoiseSecureChannel.responder(BOB, List.of(YAMUX));
                        serverHandlers.add(noise);
                        ch.pipeline().addLast(noise, new Echo());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close().sync();
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /** Collects plaintext until {@code expected} bytes have arrived. */
    private static final class Collector extends ChannelInboundHandlerAdapter {
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private final byte[] bytes;
        private int filled;

        Collector(int expected) {
            bytes = new byte[expected];
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                int n = Math.min(buf.readableBytes(), bytes.length - filled);
                buf.readBytes(bytes, filled, n);
                filled += n;
                if (filled == bytes.length) {
                    done.complete(bytes);
                }
            } finally {
                buf.release();
            }
        }
    }

    /**
     * Dials the server. Noise is added from {@code channelActive}, i.e. to an active channel, as
     * it is after multistream-select.
     */
    private Channel dial(NoiseSecureChannel noise, Collector collector) throws Exception {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.pipeline().addAfter(ctx.name(), "noise", noise);
                        ctx.pipeline().addLast("app", collector);
                        ctx.fireChannelActive();
                    }
                })
                .connect(server.localAddress()).sync().channel();
    }

    private NoiseSecureChannel onlyServerHandler() {
        assertEquals(1, serverHandlers.size());
        return serverHandlers.peek();
    }

    @Test
    void aHandshakeAndAMebibyteEchoOverLoopbackTcp() throws Exception {
        byte[] data = new byte[1 << 20];
        new FixedRandom("tcp mebibyte").nextBytes(data);
        NoiseSecureChannel noise = NoiseSecureChannel.initiator(ALICE, BOB.peerId(), List.of(YAMUX));
        Collector collector = new Collector(data.length);
        Channel ch = dial(noise, collector);

        NoiseSession session = noise.handshakeFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(BOB.peerId(), session.remotePeerId());
        assertEquals(YAMUX, session.muxer());
        assertTrue(ch.writeAndFlush(Unpooled.wrappedBuffer(data)).await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertArrayEquals(data, collector.done.get(WAIT_SECONDS, TimeUnit.SECONDS));

        NoiseSession atServer = onlyServerHandler().handshakeFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(ALICE.peerId(), atServer.remotePeerId());
        assertEquals(YAMUX, atServer.muxer());
        ch.close().sync();
    }

    @Test
    void dialingTheWrongPeerFailsOnBothEndsAndClosesTheConnection() throws Exception {
        NoiseSecureChannel noise = NoiseSecureChannel.initiator(ALICE, MALLORY.peerId(), List.of(YAMUX));
        Channel ch = dial(noise, new Collector(1));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> noise.handshakeFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(NoiseException.Reason.PEER_ID_MISMATCH, ((NoiseException) e.getCause()).reason());
        assertTrue(ch.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS));
        ExecutionException atServer = assertThrows(ExecutionException.class,
                () -> onlyServerHandler().handshakeFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(NoiseException.Reason.CONNECTION_CLOSED, ((NoiseException) atServer.getCause()).reason());
    }

    @Test
    void tenConcurrentConnectionsEachEchoTheirOwnData() throws Exception {
        List<Channel> channels = new ArrayList<>();
        List<Collector> collectors = new ArrayList<>();
        List<byte[]> sent = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            byte[] data = new byte[100_000 + k];
            new FixedRandom("tcp conn " + k).nextBytes(data);
            Collector c = new Collector(data.length);
            NoiseSecureChannel noise = NoiseSecureChannel.initiator(ALICE, null, List.of());
            Channel ch = dial(noise, c);
            // Written at once: queued during the handshake, encrypted after it. Written from the
            // event loop: a write from another thread picks its next handler before its task
            // runs, and could get ahead of the handler that channelActive is about to add.
            ch.eventLoop().execute(() -> ch.writeAndFlush(Unpooled.wrappedBuffer(data)));
            channels.add(ch);
            collectors.add(c);
            sent.add(data);
        }
        for (int k = 0; k < 10; k++) {
            assertArrayEquals(sent.get(k), collectors.get(k).done.get(WAIT_SECONDS, TimeUnit.SECONDS), "connection " + k);
        }
        for (NoiseSecureChannel h : serverHandlers) {
            NoiseSession s = h.handshakeFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(ALICE.peerId(), s.remotePeerId());
            assertNull(s.muxer(), "the dialler offered no muxers");
        }
        for (Channel ch : channels) {
            ch.close().sync();
        }
    }
}
