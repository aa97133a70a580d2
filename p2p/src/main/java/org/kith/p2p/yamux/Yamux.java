package org.kith.p2p.yamux;

import io.netty.channel.ChannelHandler;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The Yamux stream multiplexer, {@value #PROTOCOL_ID}: entry point of this package.
 *
 * <pre>{@code
 * YamuxSession session = Yamux.client(stream -> stream.pipeline().addLast(new MyHandler()), YamuxConfig.DEFAULT);
 * securedChannel.pipeline().addLast("yamux", session);
 * session.openStream(new MyInitializer()).thenAccept(stream -> ...);
 * }</pre>
 *
 * The dialer of the TCP connection is the client (odd stream IDs), the listener the server (even
 * IDs), as in go-libp2p and js-libp2p. See {@link YamuxSession} for threads and failures and
 * {@link YamuxStream} for stream semantics.
 */
public final class Yamux {

    /** The multistream-select protocol ID. */
    public static final String PROTOCOL_ID = "/yamux/1.0.0";

    private Yamux() {
    }

    /**
     * A session for the connection's dialer.
     *
     * @param inboundStreamInitializer called on the event loop with each stream the remote opens,
     *        before its data is delivered; it sets up the stream's pipeline. If it throws, the
     *        stream is reset.
     * @param config session settings
     * @return the handler to add to the connection's pipeline
     */
    public static YamuxSession client(Consumer<? super YamuxStream> inboundStreamInitializer, YamuxConfig config) {
        return new YamuxSession(true, inboundStreamInitializer, config, YamuxScheduler.SYSTEM);
    }

    /**
     * A session for the connection's dialer that adds {@code inboundStreamHandler} (typically a
     * {@code @Sharable} {@link io.netty.channel.ChannelInitializer}) to each stream the remote opens.
     *
     * @param inboundStreamHandler added to every inbound stream's pipeline
     * @param config session settings
     * @return the handler to add to the connection's pipeline
     */
    public static YamuxSession client(ChannelHandler inboundStreamHandler, YamuxConfig config) {
        return client(addHandler(inboundStreamHandler), config);
    }

    /**
     * A session for the connection's listener; see {@link #client(ChannelHandler, YamuxConfig)}.
     *
     * @param inboundStreamHandler added to every inbound stream's pipeline
     * @param config session settings
     * @return the handler to add to the connection's pipeline
     */
    public static YamuxSession server(ChannelHandler inboundStreamHandler, YamuxConfig config) {
        return server(addHandler(inboundStreamHandler), config);
    }

    /**
     * A session for the connection's listener; see {@link #client(Consumer, YamuxConfig)}.
     *
     * @param inboundStreamInitializer called with each stream the remote opens
     * @param config session settings
     * @return the handler to add to the connection's pipeline
     */
    public static YamuxSession server(Consumer<? super YamuxStream> inboundStreamInitializer, YamuxConfig config) {
        return new YamuxSession(false, inboundStreamInitializer, config, YamuxScheduler.SYSTEM);
    }

    private static Consumer<YamuxStream> addHandler(ChannelHandler handler) {
        Objects.requireNonNull(handler, "inboundStreamHandler");
        return stream -> stream.pipeline().addLast(handler);
    }

    /**
     * A session with an explicit clock and timer source (tests, simulations).
     *
     * @param client whether this side dialed the connection
     * @param inboundStreamInitializer called with each stream the remote opens
     * @param config session settings
     * @param scheduler clock and timers
     * @return the handler to add to the connection's pipeline
     */
    public static YamuxSession session(boolean client, Consumer<? super YamuxStream> inboundStreamInitializer,
            YamuxConfig config, YamuxScheduler scheduler) {
        return new YamuxSession(client, inboundStreamInitializer, config, scheduler);
    }
}
