package org.kith.p2p.pubsub;

/** How messages are authenticated (pubsub spec §"Signature policy"). Kith runs StrictSign only. */
public enum SignaturePolicy {
    /**
     * Our messages carry from, seqno, signature and key; received messages must carry from, an
     * 8-byte seqno and a valid signature by {@code from}'s key.
     */
    STRICT_SIGN
}
