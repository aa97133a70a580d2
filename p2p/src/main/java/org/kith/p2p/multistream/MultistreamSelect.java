package org.kith.p2p.multistream;

import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One multistream-select 1.0 negotiation ({@code /multistream/1.0.0}, checklist §3) on one Netty
 * channel: a TCP connection (choosing {@code /noise}, then {@code /yamux/1.0.0}) or a muxed stream
 * (choosing the application protocol). Create it with {@link #dialer} or {@link #listener}, add
 * {@link #handler()} to the pipeline where the protocol's handlers will go, and wait on
 * {@link #selected()}.
 *
 * <pre>{@code
 * MultistreamSelect mss = MultistreamSelect.dialer(List.of("/noise"));
 * mss.selected().thenAccept(protocol -> pipeline.addLast(new NoiseHandler(...)));
 * pipeline.addLast(mss.handler());
 * }</pre>
 *
 * <p><b>On success</b>, on the channel's event loop and in this order: the future completes with
 * the protocol (dependent actions registered before that run now, so {@code thenAccept}, not
 * {@code thenAcceptAsync}, can add the protocol's handlers); a {@link Selected} user event travels
 * up the pipeline from the handler (so a handler placed after it can replace itself); the handler
 * removes itself; then any bytes that followed the last negotiation message (pipelined
 * application data) are passed on to the next inbound handler as one {@code ByteBuf}, followed by
 * {@code channelReadComplete}. That buffer belongs to the next handler, which must release it.
 *
 * <p><b>On failure</b> the future completes exceptionally with a {@link MultistreamException}
 * whose {@link MultistreamException#reason() reason} says why; the failure is logged once (INFO
 * for violations and timeouts, DEBUG otherwise), the channel is closed (unless the handler was
 * removed by someone else), and the handler discards and releases anything read afterwards.
 * While negotiating, the handler consumes {@code exceptionCaught} events and turns them into a
 * failure, so nothing reaches Netty's tail handler.
 *
 * <p><b>Lazy dialing.</b> The dialer writes its header and first proposal as soon as the channel
 * is active, before any handler after it can write. Like go's {@code NewMSSelect}, an application
 * that trusts its single protocol ({@link #lazyDialer}) may install its handlers right away,
 * behind this one, and write at once; its bytes follow the proposal on the wire, while inbound
 * bytes reach it only after the echo. If the peer answers {@code na}, the negotiation fails and
 * the channel is closed.
 *
 * <p>The handler is stateful and single-use: one instance per channel, not {@code @Sharable}. The
 * future may be read from any thread.
 */
public final class MultistreamSelect {

    /** The protocol's own ID, sent as the first message by both sides. */
    public static final String PROTOCOL_ID = MultistreamMessages.HEADER;
    /** Largest message, length prefix excluded, newline included. */
    public static final int MAX_MESSAGE_BYTES = MultistreamMessages.MAX_MESSAGE_BYTES;
    /** Default time allowed for a negotiation, from channel activation to selection. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Settings of one negotiation.
     *
     * @param timeout time from activation to selection before failing with
     *     {@link MultistreamException.Reason#TIMEOUT}; positive
     * @param scheduler where the timeout is scheduled; {@code null} for the channel's event loop
     *     (the usual choice; tests on an {@code EmbeddedChannel} drive it with
     *     {@code advanceTimeBy}). A custom scheduler's task only hops onto the event loop, so any
     *     thread will do.
     */
    public record Options(Duration timeout, ScheduledExecutorService scheduler) {

        public static final Options DEFAULT = new Options(DEFAULT_TIMEOUT, null);

        public Options {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }

        public Options withTimeout(Duration newTimeout) {
            return new Options(newTimeout, scheduler);
        }

        public Options withScheduler(ScheduledExecutorService newScheduler) {
            return new Options(timeout, newScheduler);
        }
    }

    /**
     * User event fired up the pipeline from the negotiating handler when a protocol is selected,
     * just before the handler leaves and passes on any pipelined bytes.
     */
    public record Selected(String protocol) {
    }

    private final CompletableFuture<String> selected = new CompletableFuture<>();
    private final ChannelHandler handler;

    private MultistreamSelect(boolean dialer, Collection<String> protocols, Options options) {
        Objects.requireNonNull(options, "options");
        Set<String> checked = new LinkedHashSet<>();
        for (String protocol : protocols) {
            checked.add(MultistreamMessages.checkProtocol(protocol));
        }
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("at least one protocol is required");
        }
        this.handler = dialer
                ? new MultistreamDialer(List.copyOf(checked), selected, options)
                : new MultistreamListener(Set.copyOf(checked), checked, selected, options);
    }

    /**
     * Initiator that proposes {@code protocols} in order of preference.
     *
     * @throws IllegalArgumentException if the list is empty or a protocol ID is empty, contains a
     *     newline, is longer than {@value #MAX_MESSAGE_BYTES}-1 UTF-8 bytes, or is {@code na},
     *     {@code ls} or {@link #PROTOCOL_ID}
     */
    public static MultistreamSelect dialer(List<String> protocols) {
        return dialer(protocols, Options.DEFAULT);
    }

    /** As {@link #dialer(List)}, with options. */
    public static MultistreamSelect dialer(List<String> protocols, Options options) {
        return new MultistreamSelect(true, protocols, options);
    }

    /**
     * Initiator for a single protocol whose application handlers may be installed behind it and
     * write before the echo arrives (see the class comment). On the wire it is the same as
     * {@code dialer(List.of(protocol))}.
     */
    public static MultistreamSelect lazyDialer(String protocol) {
        return lazyDialer(protocol, Options.DEFAULT);
    }

    /** As {@link #lazyDialer(String)}, with options. */
    public static MultistreamSelect lazyDialer(String protocol, Options options) {
        return new MultistreamSelect(true, List.of(protocol), options);
    }

    /**
     * Responder that accepts any of {@code protocols} (whichever the dialer proposes first).
     *
     * @throws IllegalArgumentException as for {@link #dialer(List)}
     */
    public static MultistreamSelect listener(Collection<String> protocols) {
        return listener(protocols, Options.DEFAULT);
    }

    /** As {@link #listener(Collection)}, with options. */
    public static MultistreamSelect listener(Collection<String> protocols, Options options) {
        return new MultistreamSelect(false, protocols, options);
    }

    /** The handler to add to the pipeline; one channel, once. */
    public ChannelHandler handler() {
        return handler;
    }

    /**
     * Completes with the selected protocol ID, or exceptionally with a
     * {@link MultistreamException}. Completed on the channel's event loop.
     */
    public CompletableFuture<String> selected() {
        return selected;
    }
}
