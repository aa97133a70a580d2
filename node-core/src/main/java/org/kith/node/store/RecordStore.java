package org.kith.node.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.VerifiedRecord;

/**
 * A node's records: the one door every record passes through, local or received, and the raw
 * signed records behind every query.
 *
 * <p>Ingest runs: validate → verify signature → feed continuity (seq/prev) → store (or hold a
 * record ahead of its predecessor, bounded) → fork detection → derived tables → listeners.
 * It is idempotent, and a record it refuses changes nothing. A call returns only after its
 * transaction is durable on disk.
 *
 * <p>Thread-safe: calls are serialised. Listeners run on the ingesting thread after commit.
 */
public interface RecordStore extends AutoCloseable {

    /** Ingests one encoded {@code SignedRecord}, in its own transaction. */
    IngestResult ingest(byte[] envelope);

    /** Ingests a record already verified (the node's own, just signed). */
    IngestResult ingest(VerifiedRecord record);

    /** Ingests many, in order, in one transaction; results in the same order. */
    List<IngestResult> ingestBatch(List<byte[]> envelopes);

    /**
     * The stateless half of the door for {@code envelopes} (decode, parse, signature), taking no
     * lock: a caller may verify the next batch while the previous one is being stored.
     * {@code ingestBatch(e)} is {@code ingestVerified(verifyBatch(e))}.
     */
    VerifiedBatch verifyBatch(List<byte[]> envelopes);

    /** The stateful half of the door for a batch from {@link #verifyBatch}, in one transaction. */
    List<IngestResult> ingestVerified(VerifiedBatch batch);

    void addListener(RecordListener listener);

    /** The record with this id, if stored: a chain record or fork evidence ({@link StoredRecord#forkEvidence()}). */
    Optional<StoredRecord> record(RecordId id);

    /** Ids (chain or fork evidence) starting with {@code prefix}, at most {@code limit}. */
    List<RecordId> idsWithPrefix(String prefix, int limit);

    /** The head of the feed (author, swarm), if any record of it is stored. */
    Optional<FeedHead> feedHead(PeerId author, String swarm);

    /** Every feed this store holds, with its head and fork flag. */
    List<FeedHead> feeds();

    /**
     * The vector of {@code swarm}: every feed of that swarm with its highest contiguous seq, head
     * id and fork flag, ordered by author.
     */
    List<FeedHead> feeds(String swarm);

    /**
     * The chain records (no fork evidence) of feed (author, swarm) with seq in
     * ({@code afterSeq}, {@code toSeq}], in seq order, at most {@code limit}. One indexed range read.
     */
    List<FeedRecord> chainAfter(PeerId author, String swarm, long afterSeq, long toSeq, int limit);

    /**
     * What proves the forks of feed (author, swarm): each fork-evidence record and the chain
     * record it conflicts with, in seq order, at most {@code limit}. Empty for an unforked feed.
     */
    List<FeedRecord> forkProof(PeerId author, String swarm, int limit);

    /** Streams the chain records of {@code author} (all swarms) in (swarm, seq) order. */
    void forEachRecordOf(PeerId author, Consumer<StoredRecord> consumer);

    /** Streams every stored record (chain and fork evidence) in (author, swarm, seq) order. */
    void forEachRecord(Consumer<StoredRecord> consumer);

    /** Records held in memory waiting for a predecessor. */
    int heldCount();

    /** Empties the derived tables and rebuilds them from the stored records. */
    void rebuildDerived();

    /** Read-only queries over the derived tables. */
    StoreQueries queries();

    /** Joined swarms and the peers met in them. */
    NetworkTables network();

    @Override
    void close();
}
