package org.kith.node.sync;

import java.time.Duration;
import org.kith.protocol.record.Limits;

/**
 * Every bound of the catch-up protocol {@code /kith/sync/1.0.0}, in one place (documented in
 * docs/architecture.md, "Catch-up sync"). A peer that goes over a wire bound has its stream reset.
 */
public final class SyncLimits {

    /** Feeds in one Hello vector. A swarm with more feeds sends the first ones by author. */
    public static final int MAX_VECTOR_ENTRIES = 8_192;
    /** Record bytes in one batch (the sum of the envelopes). */
    public static final int MAX_BATCH_BYTES = 256 * 1024;
    /** Records in one batch. */
    public static final int MAX_BATCH_RECORDS = 512;
    /** One frame's body (the uvarint length prefix excluded); a Hello at MAX_VECTOR_ENTRIES fits. */
    public static final int MAX_FRAME_BYTES = 1024 * 1024;
    /** One record in a batch: the protocol's own envelope limit. */
    public static final int MAX_RECORD_BYTES = Limits.MAX_ENVELOPE_BYTES;
    /** Batches a sender may have sent and not yet seen acknowledged. */
    public static final int MAX_UNACKED_BATCHES = 4;
    /**
     * Batches a receiver holds unprocessed before it calls the peer a credit violator: the
     * sender's window plus as many fork-proof replies, which bypass the window (one per batch
     * the peer received).
     */
    public static final int MAX_PENDING_BATCHES = 2 * MAX_UNACKED_BATCHES;
    /** Records received from one peer in one session; the next session continues from there. */
    public static final int MAX_RECORDS_PER_SESSION = 250_000;
    /** Records refused by the ingest door in one session before the stream is reset. */
    public static final int MAX_REJECTED_PER_SESSION = 16;
    /** Sessions one peer may open to us: a burst of this many ... */
    public static final int SESSION_BURST = 8;
    /** ... refilled at one per this interval. */
    public static final Duration SESSION_REFILL_INTERVAL = Duration.ofSeconds(10);
    /** Longest swarm id text in a Hello (swarm ids are "public" or 16 base32 characters). */
    public static final int MAX_SWARM_CHARS = 64;
    /** Longest author text in a vector entry (Ed25519 peer IDs in base58 have 52 characters). */
    public static final int MAX_AUTHOR_CHARS = 64;

    private SyncLimits() {
    }
}
