package org.kith.protocol.record;

import org.kith.protocol.identity.PeerId;

/**
 * A record whose envelope, payload and signature have all been checked. Only
 * {@link RecordVerifier} and {@link RecordSigner} create these, so holding one is proof the
 * record is statelessly valid (feed continuity is the store's to check). Immutable.
 */
public final class VerifiedRecord {

    private final RecordId id;
    private final SignedRecord envelope;
    private final RecordPayload payload;

    VerifiedRecord(RecordId id, SignedRecord envelope, RecordPayload payload) {
        this.id = id;
        this.envelope = envelope;
        this.payload = payload;
    }

    public RecordId id() {
        return id;
    }

    public SignedRecord envelope() {
        return envelope;
    }

    public RecordPayload payload() {
        return payload;
    }

    public PeerId author() {
        return payload.author();
    }

    public String swarm() {
        return payload.swarm();
    }

    public long seq() {
        return payload.seq();
    }

    public String type() {
        return payload.type();
    }

    public RecordBody body() {
        return payload.body();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifiedRecord other && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "VerifiedRecord[" + id + " " + payload.type() + " " + payload.author() + "/" + payload.swarm()
                + "#" + payload.seq() + "]";
    }
}
