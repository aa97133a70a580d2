package org.kith.p2p.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.p2p.interop.JsMessage;
import org.kith.p2p.pnet.PnetHandler;
import org.kith.p2p.pnet.SwarmKey;

/**
 * Java's {@link PnetHandler} against js-libp2p's pnet, without the rest of the Java stack: the
 * first thing either side says after pnet is a multistream-select header and the {@code /noise}
 * proposal, so reading those in clear through pnet proves both directions of the XSalsa20 layer
 * (nonce exchange, keys, continuous keystream). The full Java ↔ js pnet + Noise + Yamux test
 * comes with the Java Noise and Yamux layers.
 */
class PnetJsInteropIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** multistream-select: uvarint length ‖ "/multistream/1.0.0\n", then the dialer's proposal. */
    private static final byte[] HEADER = frame("/multistream/1.0.0");
    private static final byte[] NOISE = frame("/noise");

    private static EventLoopGroup group;

    @BeforeAll
    static void startLoop() {
        group = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static byte[] frame(String protocol) {
        byte[] text = (protocol + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[text.length + 1];
        out[0] = (byte) text.length;
        System.arraycopy(text, 0, out, 1, text.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Path keyFile(Path dir, String name, SwarmKey key) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, key.toFileBytes());
        return file;
    }

    /** Collects decrypted bytes; completes when {@code want} bytes are in or the connection closes. */
    private static final class Collect extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        volatile Channel channel;
        private final int want;

        Collect(int want) {
            this.want = want;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                bytes.writeBytes(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
            if (bytes.size() >= want) {
                done.complete(bytes.toByteArray());
            }
        }

        /** The pipeline's one exception handler: a reset by the peer is an expected way to end here. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done.complete(bytes.toByteArray());
            closed.complete(null);
        }
    }

    private static Channel connect(int port, ChannelHandler... handlers) {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handlers);
                    }
                })
                .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).syncUninterruptibly().channel();
    }

    @Test
    void javaPnetDialsJsPnet(@TempDir Path dir) throws Exception {
        SwarmKey key = SwarmKey.generate(new SecureRandom());
        try (JsPeer js = JsPeer.start(JsPeer.options().name("js-pnet").listenLoopback().swarmKey(keyFile(dir, "k", key)))) {
            byte[] expected = concat(HEADER, NOISE);
            Collect collect = new Collect(expected.length);
            Channel ch = connect(js.port(), new PnetHandler(key, new SecureRandom()), collect);
            ch.writeAndFlush(Unpooled.wrappedBuffer(expected));
            byte[] reply = collect.done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertArrayEquals(expected, Arrays.copyOf(reply, Math.min(reply.length, expected.length)),
                    "js should answer the header and accept /noise, read through pnet\n" + js.stderr());
            ch.close().syncUninterruptibly();
        }
    }

    @Test
    void jsPnetRefusesJavaWithAnotherKey(@TempDir Path dir) throws Exception {
        SwarmKey jsKey = SwarmKey.generate(new SecureRandom());
        SwarmKey javaKey = SwarmKey.generate(new SecureRandom());
        try (JsPeer js = JsPeer.start(JsPeer.options().name("js-pnet").listenLoopback().swarmKey(keyFile(dir, "k", jsKey)))) {
            Collect collect = new Collect(Integer.MAX_VALUE);
            Channel ch = connect(js.port(), new PnetHandler(javaKey, new SecureRandom()), collect);
            ch.writeAndFlush(Unpooled.wrappedBuffer(concat(HEADER, NOISE)));
            // js reads our header as garbage and hangs up; nothing we read back is a header.
            collect.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            byte[] got = collect.bytes.toByteArray();
            assertFalse(got.length >= HEADER.length && Arrays.equals(HEADER, Arrays.copyOf(got, HEADER.length)));
            assertTrue(js.isAlive());
            assertFalse(js.events().stream().anyMatch(m -> m.is("connection:open")));
        }
    }

    @Test
    void jsPnetDialsJavaPnet(@TempDir Path dir) throws Exception {
        SwarmKey key = SwarmKey.generate(new SecureRandom());
        byte[] expected = concat(HEADER, NOISE);
        Collect collect = new Collect(expected.length);
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new PnetHandler(key, new SecureRandom()), collect);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
        try (JsPeer js = JsPeer.start(JsPeer.options().name("js-pnet-dialer").swarmKey(keyFile(dir, "k", key)))) {
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            CompletableFuture<JsMessage> dial = CompletableFuture.supplyAsync(() -> {
                try {
                    return js.tryCommand("dial", Map.of("addr", "/ip4/127.0.0.1/tcp/" + port, "timeoutMs", 10_000), WAIT);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] got = collect.done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertArrayEquals(expected, Arrays.copyOf(got, Math.min(got.length, expected.length)),
                    "Java should read js's multistream header and /noise proposal through pnet\n" + js.stderr());
            // We never answer the Noise handshake and hang up, so js's dial fails — cleanly.
            collect.channel.close().syncUninterruptibly();
            assertTrue(dial.get(WAIT.toSeconds(), TimeUnit.SECONDS).has("error"));
        } finally {
            server.close().syncUninterruptibly();
        }
    }
}
