package org.kith.p2p.pubsub;

/** A {@link Validator}'s verdict (gossipsub v1.1 extended validators). */
public enum ValidationResult {
    /** Deliver to the subscriber and forward to the mesh. */
    ACCEPT,
    /** Invalid: drop, do not forward, and count an invalid delivery (P₄) against the sender. */
    REJECT,
    /** Drop silently: not forwarded, nobody penalised. */
    IGNORE
}
