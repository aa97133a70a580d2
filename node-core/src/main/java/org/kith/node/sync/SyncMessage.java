package org.kith.node.sync;

import java.util.List;
import org.kith.protocol.record.RecordId;

/** The four messages of {@code /kith/sync/1.0.0} (wire format: {@link SyncCodec}). Values; byte arrays are not copied. */
sealed interface SyncMessage {

    /** First message of each side: who we are syncing for, and what we hold. */
    record Hello(int version, String swarm, List<FeedState> vector) implements SyncMessage {
        public Hello {
            vector = List.copyOf(vector);
        }
    }

    /** One vector entry: feed (author, the Hello's swarm) holds seq 1..{@code seq} contiguously, ending at {@code head}. */
    record FeedState(String author, long seq, RecordId head, boolean forked) {
    }

    /** Records, each an encoded {@code SignedRecord}; {@code number} counts from 0 per direction. */
    record Batch(long number, List<byte[]> records) implements SyncMessage {
        public Batch {
            records = List.copyOf(records);
        }

        int recordBytes() {
            int n = 0;
            for (byte[] r : records) {
                n += r.length;
            }
            return n;
        }
    }

    /** Batch {@code number} went through the ingest door; one more batch may be sent. */
    record Ack(long number) implements SyncMessage {
    }

    /** The sender has sent everything it planned (fork proofs may still follow, in reply to batches). */
    record Done() implements SyncMessage {
    }
}
