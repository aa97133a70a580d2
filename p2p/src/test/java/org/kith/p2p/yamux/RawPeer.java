package org.kith.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session under test on an EmbeddedChannel, driven by hand-made frame bytes: the test plays the
 * (possibly hostile) remote. Auto-tuning is off in {@link #CONFIG} so the session sends no RTT
 * ping of its own, and keepalive is off unless a test turns it on.
 */
final class RawPeer implements AutoCloseable {

    static final YamuxConfig CONFIG = YamuxConfig.DEFAULT
            .withWindows(YamuxConfig.DEFAULT_INITIAL_STREAM_WINDOW_BYTES, YamuxConfig.DEFAULT_INITIAL_STREAM_WINDOW_BYTES)
            .withKeepAlive(java.time.Duration.ZERO, YamuxConfig.DEFAULT_KEEPALIVE_TIMEOUT);

    final ManualScheduler clock = new ManualScheduler();
    final EmbeddedChannel channel;
    final YamuxSession session;
    final Map<YamuxStream, Recorder> inbound = new LinkedHashMap<>();

    RawPeer(boolean sessionIsClient) {
        this(sessionIsClient, CONFIG);
    }

    RawPeer(boolean sessionIsClient, YamuxConfig config) {
        this(sessionIsClient, config, s -> { });
    }

    RawPeer(boolean sessionIsClient, YamuxConfig config, java.util.function.Consumer<YamuxStream> setup) {
        session = Yamux.session(sessionIsClient, stream -> {
            Recorder r = new Recorder();
            setup.accept(stream);
            stream.pipeline().addLast(r);
            inbound.put(stream, r);
        }, config, clock);
        channel = new EmbeddedChannel(session);
    }

    /** Feeds bytes as if the remote sent them (one read batch per call). */
    void feed(ByteBuf... frames) {
        if (channel.isOpen()) {
            channel.writeInbound((Object[]) frames);
        } else {
            for (ByteBuf f : frames) {
                f.release();
            }
        }
        channel.runPendingTasks();
    }

    /** Everything the session wrote since the last call. */
    List<Wire.Seen> sent() {
        channel.runPendingTasks();
        List<Wire.Seen> out = new ArrayList<>();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.addAll(Wire.parse(buf));
        }
        return out;
    }

    Recorder recorder(long streamId) {
        return inbound.entrySet().stream().filter(e -> e.getKey().streamId() == streamId)
                .map(Map.Entry::getValue).findFirst().orElseThrow();
    }

    YamuxStream stream(long streamId) {
        return inbound.keySet().stream().filter(s -> s.streamId() == streamId).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        channel.checkException();
        channel.finishAndReleaseAll();
    }
}
