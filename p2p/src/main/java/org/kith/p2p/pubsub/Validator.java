package org.kith.p2p.pubsub;

import java.util.concurrent.CompletionStage;
import org.kith.protocol.identity.PeerId;

/**
 * Decides whether a message that passed the router's own checks (signature, seqno, not seen
 * before) is delivered and forwarded. Called on a router thread (an I/O thread, or the caller of
 * {@link Gossipsub#publish}): it must return at once and do any slow work asynchronously, completing
 * the stage from any thread. A stage that completes exceptionally counts as
 * {@link ValidationResult#IGNORE}. At most {@link GossipsubConfig#maxPendingValidations()} run at a
 * time; messages beyond that are dropped unvalidated (and not penalised).
 */
@FunctionalInterface
public interface Validator {

    /**
     * @param propagationSource the peer that sent us the message (our own ID for local publishes)
     * @param message the message, with its ID
     */
    CompletionStage<ValidationResult> validate(PeerId propagationSource, PubsubMessage message);
}
