package org.kith.p2p.yamux;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Yamux over real TCP on 127.0.0.1 with NIO event loops and the system clock. */
class YamuxTcpTest {
    private static final Logger LOG = LoggerFactory.getLogger(YamuxTcpTest.class);


    static {
        Leaks.paranoid();
    }

    private static final int MIB = 1024 * 1024;
    private static NioEventLoopGroup group;

    private final List<Channel> toClose = new ArrayList<>();

    @BeforeAll
    static void startLoops() {
        group = new NioEventLoopGroup(2);
    }

    @AfterAll
    static void stopLoops() throws InterruptedException {
        group.shutdownGracefully(0, 5, SECONDS).sync();
    }

    @AfterEach
    void closeAndCheckLeaks() throws InterruptedException {
        for (Channel ch : toClose) {
            ch.close().sync();
        }
        Leaks.assertNone();
    }

    record Connection(YamuxSession client, YamuxSession server, Channel clientChannel) {
    }

    private Connection connect(YamuxConfig config, Consumer<YamuxStream> clientInbound,
            Consumer<YamuxStream> serverInbound) throws Exception {
        return connect(Yamux.client(clientInbound, config), () -> Yamux.server(serverInbound, config));
    }

    private Connection connect(YamuxSession client, java.util.function.Supplier<YamuxSession> servers)
            throws Exception {
        CompletableFuture<YamuxSession> serverSession = new CompletableFuture<>();
        Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        YamuxSession s = servers.get();
                        ch.pipeline().addLast(s);
                        serverSession.complete(s);
                    }
                }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        toClose.add(listener);
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(client);
                    }
                }).connect(listener.localAddress()).sync().channel();
        toClose.add(ch);
        return new Connection(client, serverSession.get(10, SECONDS), ch);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static ChannelInitializer<Channel> writeThenRead(BulkWriter writer, BulkReader reader) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(writer, reader);
            }
        };
    }

    @Test
    void echoesOnStreamsOpenedByEitherSide() throws Exception {
        Connection c = connect(YamuxConfig.DEFAULT,
                s -> s.pipeline().addLast(Recorder.echoing()),
                s -> s.pipeline().addLast(Recorder.echoing()));
        byte[] a = random(100_000, 1);
        BulkReader fromServer = new BulkReader();
        YamuxStream up = c.client().openStream(writeThenRead(new BulkWriter(a, 4096), fromServer)).get(10, SECONDS);
        byte[] b = random(70_000, 2);
        BulkReader fromClient = new BulkReader();
        YamuxStream down = c.server().openStream(writeThenRead(new BulkWriter(b, 1000), fromClient)).get(10, SECONDS);
        assertEquals(BulkReader.sha256(a), fromServer.digest.get(20, SECONDS));
        assertEquals(BulkReader.sha256(b), fromClient.digest.get(20, SECONDS));
        assertEquals(1, up.streamId() % 2);
        assertEquals(0, down.streamId() % 2);
        up.closeFuture().get(10, SECONDS);
        down.closeFuture().get(10, SECONDS);
    }

    @Test
    void sessionsBuiltFromSharableInitializersServeStreams() throws Exception {
        ChannelInitializer<Channel> echo = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(Recorder.echoing());
            }
        };
        Connection c = connect(Yamux.client(echo, YamuxConfig.DEFAULT), () -> Yamux.server(echo, YamuxConfig.DEFAULT));
        assertTrue(c.client().isClient());
        assertFalse(c.server().isClient());
        for (YamuxSession opener : List.of(c.client(), c.server())) {
            byte[] data = random(5000, opener.isClient() ? 11 : 12);
            BulkReader reader = new BulkReader();
            opener.openStream(writeThenRead(new BulkWriter(data, 700), reader)).get(10, SECONDS);
            assertEquals(BulkReader.sha256(data), reader.digest.get(20, SECONDS));
        }
    }

    @Test
    void tenMebibytesEachWayOnOneStream() throws Exception {
        byte[] up = random(10 * MIB, 3);
        byte[] down = random(10 * MIB, 4);
        BulkReader atServer = new BulkReader();
        BulkWriter serverWriter = new BulkWriter(down, 64 * 1024);
        Connection c = connect(YamuxConfig.DEFAULT, s -> { }, s -> s.pipeline().addLast(serverWriter, atServer));
        BulkReader atClient = new BulkReader();
        long start = System.nanoTime();
        YamuxStream stream = c.client().openStream(writeThenRead(new BulkWriter(up, 64 * 1024), atClient))
                .get(10, SECONDS);
        String upDigest = atServer.digest.get(60, SECONDS);
        String downDigest = atClient.digest.get(60, SECONDS);
        long nanos = System.nanoTime() - start;
        assertEquals(BulkReader.sha256(up), upDigest);
        assertEquals(BulkReader.sha256(down), downDigest);
        assertEquals(10 * MIB, atServer.bytes);
        assertEquals(10 * MIB, atClient.bytes);
        stream.closeFuture().get(10, SECONDS);
        assertFalse(stream.isOpen());
        double seconds = nanos / 1e9;
        LOG.info("yamux tcp loopback: 2 x 10 MiB on one stream in {} s = {} MiB/s total (rtt {} us, JDK {})",
                String.format("%.3f", seconds), String.format("%.1f", 20 / seconds), c.client().rttNanos() / 1000,
                System.getProperty("java.version"));
    }

    @Test
    void hundredConcurrentStreams() throws Exception {
        Connection c = connect(YamuxConfig.DEFAULT, s -> { }, s -> s.pipeline().addLast(Recorder.echoing()));
        List<CompletableFuture<String>> digests = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<YamuxStream> streams = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] data = random(32 * 1024 + i, 100 + i);
            expected.add(BulkReader.sha256(data));
            BulkReader reader = new BulkReader();
            digests.add(reader.digest);
            streams.add(c.client().openStream(writeThenRead(new BulkWriter(data, 8192), reader)).get(10, SECONDS));
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(expected.get(i), digests.get(i).get(30, SECONDS), "stream " + i);
        }
        for (YamuxStream s : streams) {
            s.closeFuture().get(10, SECONDS);
        }
        assertTrue(waitFor(() -> c.client().streamCount() == 0 && c.server().streamCount() == 0));
    }

    @Test
    void closingOneSideEndsBothSessionsCleanly() throws Exception {
        Connection c = connect(YamuxConfig.DEFAULT, s -> { }, s -> s.pipeline().addLast(Recorder.echoing()));
        Recorder r = new Recorder();
        YamuxStream s = c.client().openStream(r).get(10, SECONDS);
        c.client().close().get(10, SECONDS);
        c.server().closeFuture().get(10, SECONDS);
        assertFalse(c.clientChannel().isOpen());
        s.closeFuture().get(10, SECONDS);
        assertTrue(c.client().closeCause().isEmpty());
        assertTrue(c.server().closeCause().isEmpty());
    }

    /** Polls a condition set on the event loop, without sleeping: yields to the loop between checks. */
    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws Exception {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
            group.next().submit(() -> { }).get(1, SECONDS);
        }
        return condition.getAsBoolean();
    }
}
