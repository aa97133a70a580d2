package org.kith.p2p.multistream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ResourceLeakDetector;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.multistream.MultistreamException.Reason;

/** Dialer and listener on real TCP sockets over 127.0.0.1 with NIO event loops. */
class MultistreamTcpTest {

    private static final long WAIT_SECONDS = 10;

    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        group = new NioEventLoopGroup(2);
    }

    @AfterAll
    static void stop() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Echoes every byte back, upper-cased ASCII, so the test can tell the reply apart. */
    static final class UpperEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            String s = in.toString(UTF_8);
            in.release();
            ctx.writeAndFlush(Unpooled.copiedBuffer(s.toUpperCase(java.util.Locale.ROOT), UTF_8));
        }
    }

    /** Collects inbound text until {@code expected} characters have arrived. */
    static final class Collect extends ChannelInboundHandlerAdapter {
        final StringBuilder text = new StringBuilder();
        final CompletableFuture<String> done = new CompletableFuture<>();
        final int expected;

        Collect(int expected) {
            this.expected = expected;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            text.append(in.toString(UTF_8));
            in.release();
            if (text.length() >= expected) {
                done.complete(text.toString());
            }
        }
    }

    private record Server(Channel channel, CompletableFuture<String> selected) {
        InetSocketAddress address() {
            return (InetSocketAddress) channel.localAddress();
        }
    }

    private static Server listen(List<String> protocols) throws InterruptedException {
        CompletableFuture<String> selected = new CompletableFuture<>();
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        MultistreamSelect mss = MultistreamSelect.listener(protocols,
                                MultistreamSelect.Options.DEFAULT.withTimeout(Duration.ofSeconds(5)));
                        mss.selected().whenComplete((p, e) -> {
                            if (e == null) {
                                ch.pipeline().addLast(new UpperEcho());
                                selected.complete(p);
                            } else {
                                selected.completeExceptionally(e);
                            }
                        });
                        ch.pipeline().addLast(mss.handler());
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        return new Server(server, selected);
    }

    private static Channel dial(InetSocketAddress address, MultistreamSelect mss,
            io.netty.channel.ChannelHandler... after) throws InterruptedException {
        return new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(mss.handler());
                        ch.pipeline().addLast(after);
                    }
                })
                .connect(address).sync().channel();
    }

    private static String await(CompletableFuture<String> f) throws Exception {
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void negotiatesAndThenCarriesApplicationData() throws Exception {
        Server server = listen(List.of("/noise"));
        try {
            MultistreamSelect dialer = MultistreamSelect.dialer(List.of("/tls/1.0.0", "/noise"));
            Collect reply = new Collect(5);
            // Address as the host will have it: from a multiaddr, without lookups.
            InetSocketAddress target = Multiaddr.fromInetSocketAddress(server.address())
                    .toInetSocketAddress().orElseThrow();
            Channel client = dial(target, dialer, reply);
            try {
                assertEquals("/noise", await(dialer.selected()));
                assertEquals("/noise", await(server.selected()));
                assertTrue(Multiaddr.fromInetSocketAddress((InetSocketAddress) client.remoteAddress()).isLoopback());
                client.writeAndFlush(Unpooled.copiedBuffer("hello", UTF_8)).sync();
                assertEquals("HELLO", await(reply.done));
            } finally {
                client.close().sync();
            }
        } finally {
            server.channel().close().sync();
        }
    }

    @Test
    void lazyDialerDataArrivesPipelinedWithTheProposal() throws Exception {
        Server server = listen(List.of("/ipfs/ping/1.0.0"));
        try {
            MultistreamSelect dialer = MultistreamSelect.lazyDialer("/ipfs/ping/1.0.0",
                    MultistreamSelect.Options.DEFAULT);
            Collect reply = new Collect(4);
            ChannelInboundHandlerAdapter eager = new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    // Written before the listener's echo can have arrived.
                    ctx.writeAndFlush(Unpooled.copiedBuffer("ping", UTF_8));
                    ctx.fireChannelActive();
                }
            };
            Channel client = dial(server.address(), dialer, eager, reply);
            try {
                assertEquals("PING", await(reply.done));
                assertEquals("/ipfs/ping/1.0.0", await(dialer.selected()));
                assertEquals("/ipfs/ping/1.0.0", await(server.selected()));
            } finally {
                client.close().sync();
            }
        } finally {
            server.channel().close().sync();
        }
    }

    @Test
    void dialerFailsAndClosesWhenNothingMatches() throws Exception {
        Server server = listen(List.of("/yamux/1.0.0"));
        try {
            MultistreamSelect dialer = MultistreamSelect.dialer(List.of("/mplex/6.7.0"));
            Channel client = dial(server.address(), dialer);
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> await(dialer.selected()));
            assertEquals(Reason.NOT_SUPPORTED, ((MultistreamException) e.getCause()).reason());
            client.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS);
            assertFalse(client.isOpen());
            // The listener sees the dialer hang up mid-negotiation.
            ExecutionException s = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> await(server.selected()));
            assertEquals(Reason.CONNECTION_CLOSED, ((MultistreamException) s.getCause()).reason());
        } finally {
            server.channel().close().sync();
        }
    }
}
