package org.kith.node.store;

import java.util.List;
import org.kith.protocol.record.VerifiedRecord;

/**
 * Envelopes that went through the stateless half of the ingest door (decode, parse, signature;
 * {@link RecordStore#verifyBatch}), ready for the stateful half ({@link RecordStore#ingestVerified}).
 * Only a store makes one, so nothing unverified can reach the stateful half. Immutable.
 */
public final class VerifiedBatch {

    /** Per envelope, in order: a {@link VerifiedRecord}, or the {@link IngestResult} that refused it. */
    final List<Object> items;

    VerifiedBatch(List<Object> items) {
        this.items = List.copyOf(items);
    }

    public int size() {
        return items.size();
    }

    /** The verified record at {@code index}, or null if verification refused that envelope. */
    public VerifiedRecord record(int index) {
        return items.get(index) instanceof VerifiedRecord r ? r : null;
    }

    /** Index of the first verified record whose swarm is not {@code swarm}, or -1 if none. */
    public int firstNotOfSwarm(String swarm) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof VerifiedRecord r && !r.swarm().equals(swarm)) {
                return i;
            }
        }
        return -1;
    }
}
