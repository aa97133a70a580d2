package org.kith.p2p.multistream;

import io.netty.channel.ChannelHandlerContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.kith.p2p.multistream.MultistreamException.Reason;

/**
 * Initiator side (checklist §3): sends the header and the first proposal in one write, expects
 * the header back, then for each proposal either its echo (selected) or {@code na} (next
 * proposal, or {@link Reason#NOT_SUPPORTED} when none is left). Anything else is a violation.
 */
final class MultistreamDialer extends MultistreamNegotiator {

    private final List<String> proposals;
    private int current;
    private boolean headerSeen;

    MultistreamDialer(List<String> proposals, CompletableFuture<String> selected,
            MultistreamSelect.Options options) {
        super(selected, options);
        this.proposals = proposals;
    }

    @Override
    String role() {
        return "dialer";
    }

    @Override
    void onStart(ChannelHandlerContext ctx) {
        send(ctx, MultistreamMessages.encode(ctx.alloc(), MultistreamMessages.HEADER, proposals.get(0)));
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
        String proposal = proposals.get(current);
        if (message.equals(proposal)) {
            succeed(ctx, proposal);
        } else if (message.equals(MultistreamMessages.NA)) {
            current++;
            if (current == proposals.size()) {
                fail(ctx, Reason.NOT_SUPPORTED, "peer supports none of " + proposals, null);
                return;
            }
            send(ctx, MultistreamMessages.encode(ctx.alloc(), proposals.get(current)));
        } else {
            violation(ctx, "expected " + MultistreamMessages.quote(proposal) + " or na, got "
                    + MultistreamMessages.quote(message));
        }
    }
}
