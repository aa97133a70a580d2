package org.kith.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A client and a server session on two EmbeddedChannels whose outbound bytes are shuttled to the
 * other's inbound by {@link #pump()}. Both share one manual clock. Every frame that crosses is
 * recorded (header and payload) for assertions.
 */
final class EmbeddedPair implements AutoCloseable {

    final ManualScheduler clock = new ManualScheduler();
    final EmbeddedChannel clientChannel;
    final EmbeddedChannel serverChannel;
    final YamuxSession client;
    final YamuxSession server;
    final List<Wire.Seen> clientToServer = new ArrayList<>();
    final List<Wire.Seen> serverToClient = new ArrayList<>();
    /** Streams the remote opened, with the Recorder installed on each, in order. */
    final Map<YamuxStream, Recorder> serverInbound = new LinkedHashMap<>();
    final Map<YamuxStream, Recorder> clientInbound = new LinkedHashMap<>();
    /** Whether the Recorder on streams the client (server) accepts echoes what it reads. */
    boolean clientEcho;
    boolean serverEcho;

    EmbeddedPair(YamuxConfig config) {
        this(config, config, s -> { }, s -> { });
    }

    EmbeddedPair(YamuxConfig clientConfig, YamuxConfig serverConfig,
            Consumer<YamuxStream> clientSetup, Consumer<YamuxStream> serverSetup) {
        client = Yamux.session(true, stream -> {
            Recorder r = clientEcho ? Recorder.echoing() : new Recorder();
            clientSetup.accept(stream);
            stream.pipeline().addLast(r);
            clientInbound.put(stream, r);
        }, clientConfig, clock);
        server = Yamux.session(false, stream -> {
            Recorder r = serverEcho ? Recorder.echoing() : new Recorder();
            serverSetup.accept(stream);
            stream.pipeline().addLast(r);
            serverInbound.put(stream, r);
        }, serverConfig, clock);
        clientChannel = new EmbeddedChannel(client);
        serverChannel = new EmbeddedChannel(server);
        pump();
    }

    /** Moves bytes both ways until neither side has anything more to say. */
    void pump() {
        boolean moved;
        do {
            moved = false;
            clientChannel.runPendingTasks();
            serverChannel.runPendingTasks();
            moved |= move(clientChannel, serverChannel, clientToServer);
            moved |= move(serverChannel, clientChannel, serverToClient);
        } while (moved);
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to, List<Wire.Seen> tap) {
        boolean moved = false;
        ByteBuf buf;
        while ((buf = from.readOutbound()) != null) {
            moved = true;
            tap.addAll(Wire.parse(buf.retainedDuplicate()));
            if (to.isOpen()) {
                to.writeInbound(buf);
            } else {
                buf.release();
            }
        }
        return moved;
    }

    /** Opens a stream from the client side with {@code handler} on it and pumps. */
    YamuxStream openFromClient(ChannelHandler handler) {
        CompletableFuture<YamuxStream> f = client.openStream(handler);
        pump();
        return f.join();
    }

    YamuxStream openFromServer(ChannelHandler handler) {
        CompletableFuture<YamuxStream> f = server.openStream(handler);
        pump();
        return f.join();
    }

    Recorder serverSide(YamuxStream clientStream) {
        return serverInbound.entrySet().stream().filter(e -> e.getKey().streamId() == clientStream.streamId())
                .map(Map.Entry::getValue).findFirst().orElseThrow();
    }

    YamuxStream serverStream(YamuxStream clientStream) {
        return serverInbound.keySet().stream().filter(s -> s.streamId() == clientStream.streamId())
                .findFirst().orElseThrow();
    }

    List<Wire.Seen> c2s(YamuxFrame.Type type) {
        return clientToServer.stream().filter(s -> s.is(type)).toList();
    }

    List<Wire.Seen> s2c(YamuxFrame.Type type) {
        return serverToClient.stream().filter(s -> s.is(type)).toList();
    }

    /** Closes both ends, failing the test if an exception reached either pipeline's tail. */
    @Override
    public void close() {
        clientChannel.checkException();
        serverChannel.checkException();
        clientChannel.finishAndReleaseAll();
        serverChannel.finishAndReleaseAll();
    }
}
