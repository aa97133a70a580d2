package org.kith.node.store;

import org.kith.protocol.record.VerifiedRecord;

/**
 * Told about every record the store took in, after its transaction committed, on the thread
 * that ingested it. Implementations must be quick and must not call back into ingest; hand
 * work to another thread. An exception thrown here is logged and does not undo the ingest.
 */
@FunctionalInterface
public interface RecordListener {

    /** @param status {@link IngestResult.Status#ACCEPTED} or {@link IngestResult.Status#FORK} */
    void onRecord(VerifiedRecord record, IngestResult.Status status);
}
