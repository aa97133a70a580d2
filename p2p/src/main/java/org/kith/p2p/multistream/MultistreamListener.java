package org.kith.p2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Responder side (checklist §3): sends the header at once, requires the peer's header first, then
 * echoes the first supported proposal (selected) and answers anything else with {@code na}; an
 * {@code ls} is answered with the supported list in js-libp2p's format. More than
 * {@link #MAX_PROPOSALS} refused proposals is a violation: the peer is only making us write.
 */
final class MultistreamListener extends MultistreamNegotiator {

    /** Refused proposals (and ls requests) tolerated on one channel. */
    static final int MAX_PROPOSALS = 64;

    private final Set<String> supported;
    private final Collection<String> advertised;
    private boolean headerSeen;
    private int refused;

    MultistreamListener(Set<String> supported, Collection<String> advertised,
            CompletableFuture<String> selected, MultistreamSelect.Options options) {
        super(selected, options);
        this.supported = supported;
        this.advertised = List.copyOf(advertised);
    }

    @Override
    String role() {
        return "listener";
    }

    @Override
    void onStart(ChannelHandlerContext ctx) {
        send(ctx, MultistreamMessages.encode(ctx.alloc(), MultistreamMessages.HEADER));
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, String message) {
        if (!headerSeen) {
            if (!message.equals(MultistreamMessages.HEADER)) {
                violation(ctx, "expected header " + MultistreamMessages.HEADER + ", got "
                        + MultistreamMessages.quote(message));
                return;
            }
            headerSeen = true;
            return;
        }
        if (supported.contains(message)) {
            send(ctx, MultistreamMessages.encode(ctx.alloc(), message));
            succeed(ctx, message);
            return;
        }
        if (++refused > MAX_PROPOSALS) {
            violation(ctx, "more than " + MAX_PROPOSALS + " refused proposals");
            return;
        }
        ByteBuf reply = null;
        if (message.equals(MultistreamMessages.LS)) {
            reply = MultistreamMessages.encodeLsReply(ctx.alloc(), advertised);
        }
        send(ctx, reply != null ? reply : MultistreamMessages.encode(ctx.alloc(), MultistreamMessages.NA));
    }
}
