package org.kith.p2p.pnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PnetHandler over real TCP sockets on 127.0.0.1. */
class PnetTcpTest {

    private static final long WAIT_SECONDS = 20;
    private static final byte[] MULTISTREAM_HEADER = "\u0013/multistream/1.0.0\n".getBytes(StandardCharsets.US_ASCII);
    private static EventLoopGroup group;

    private final SwarmKey key = SwarmKey.generate(new SecureRandom());
    private Channel server;

    @BeforeAll
    static void start() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        group = new NioEventLoopGroup(2);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
    }

    private InetSocketAddress listen(Supplier<ChannelHandler[]> handlers) {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handlers.get());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
        return (InetSocketAddress) server.localAddress();
    }

    private static Channel connect(InetSocketAddress to, ChannelHandler... handlers) {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handlers);
                    }
                })
                .connect(to).syncUninterruptibly().channel();
    }

    /** Writes back every buffer it reads. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }

    /** Collects inbound bytes; completes once {@code expected} bytes are in, or when closed. */
    private static final class Collect extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        final int expected;

        Collect(int expected) {
            this.expected = expected;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                received.writeBytes(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
            if (received.size() >= expected) {
                done.complete(received.toByteArray());
            }
        }

        /** The pipeline's one exception handler: a reset by the peer is an expected way to end here. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done.complete(received.toByteArray());
        }
    }

    /**
     * Stands in for multistream-select: the first bytes must be the multistream header, or it
     * reports a bad header and closes, as the real layer would.
     */
    private static final class ExpectHeader extends ChannelInboundHandlerAdapter {
        final CompletableFuture<String> verdict = new CompletableFuture<>();
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                seen.writeBytes(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
            if (seen.size() >= MULTISTREAM_HEADER.length) {
                byte[] first = Arrays.copyOf(seen.toByteArray(), MULTISTREAM_HEADER.length);
                if (Arrays.equals(first, MULTISTREAM_HEADER)) {
                    verdict.complete("ok");
                } else {
                    verdict.complete("bad multistream header");
                    ctx.close();
                }
            }
        }
    }

    @Test
    void sameKeyCarriesAMebibyteIntactBothWays() throws Exception {
        InetSocketAddress addr = listen(() -> new ChannelHandler[] {new PnetHandler(key, new SecureRandom()), new Echo()});
        byte[] data = new byte[1 << 20];
        new Random(1).nextBytes(data);
        Collect collect = new Collect(data.length);
        Channel client = connect(addr, new PnetHandler(key, new SecureRandom()), collect);
        Random sizes = new Random(2);
        for (int off = 0; off < data.length; ) {
            int n = Math.min(data.length - off, 1 + sizes.nextInt(70_000));
            client.write(Unpooled.wrappedBuffer(data, off, n));
            off += n;
        }
        client.flush();
        byte[] echoed = collect.done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertArrayEquals(data, echoed);
        client.close().syncUninterruptibly();
    }

    @Test
    void sameKeyPassesTheMultistreamHeader() throws Exception {
        ExpectHeader check = new ExpectHeader();
        InetSocketAddress addr = listen(() -> new ChannelHandler[] {new PnetHandler(key, new SecureRandom()), check});
        Channel client = connect(addr, new PnetHandler(key, new SecureRandom()));
        client.writeAndFlush(Unpooled.wrappedBuffer(MULTISTREAM_HEADER));
        assertEquals("ok", check.verdict.get(WAIT_SECONDS, TimeUnit.SECONDS));
        client.close().syncUninterruptibly();
    }

    @Test
    void differentKeysFailAtTheLayerAbove() throws Exception {
        ExpectHeader check = new ExpectHeader();
        InetSocketAddress addr = listen(() -> new ChannelHandler[] {new PnetHandler(key, new SecureRandom()), check});
        SwarmKey otherKey = SwarmKey.generate(new SecureRandom());
        Channel client = connect(addr, new PnetHandler(otherKey, new SecureRandom()));
        client.writeAndFlush(Unpooled.wrappedBuffer(MULTISTREAM_HEADER));
        assertEquals("bad multistream header", check.verdict.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(true, client.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS), "the server hung up");
    }

    @Test
    void aPeerThatNeverSendsANonceIsDropped() throws Exception {
        CompletableFuture<Object> event = new CompletableFuture<>();
        InetSocketAddress addr = listen(() -> new ChannelHandler[] {
            new PnetHandler(key, new SecureRandom(), Duration.ofMillis(300)),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    event.complete(evt);
                }
            }
        });
        Collect raw = new Collect(Integer.MAX_VALUE);
        Channel silent = connect(addr, raw);
        assertInstanceOf(PnetEvent.Failed.class, event.get(WAIT_SECONDS, TimeUnit.SECONDS));
        byte[] got = raw.done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(PnetHandler.NONCE_BYTES, got.length, "only the server's nonce, then the close");
        assertEquals(true, silent.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS));
    }
}
