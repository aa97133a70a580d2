package org.kith.protocol.record;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kith.protocol.identity.Ed25519PublicKey;
import org.kith.protocol.identity.PeerId;

/**
 * The stateless half of the ingest door: envelope → payload → signature. Cheap checks run
 * first, the signature last. Thread-safe; keeps a small cache of decoded author keys so a
 * busy feed is not decoded again per record.
 */
public final class RecordVerifier {

    /** Decoded author keys kept; beyond this the least recently used is dropped. */
    public static final int KEY_CACHE_ENTRIES = 4096;

    private final Clock clock;
    private final Map<PeerId, Ed25519PublicKey> keys = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, Ed25519PublicKey> eldest) {
            return size() > KEY_CACHE_ENTRIES;
        }
    };

    public RecordVerifier(Clock clock) {
        this.clock = clock;
    }

    /** Decodes and verifies envelope bytes as received from a peer or a file. */
    public VerifiedRecord verify(byte[] envelope) throws InvalidRecordException {
        return verify(SignedRecord.decode(envelope));
    }

    public VerifiedRecord verify(SignedRecord record) throws InvalidRecordException {
        byte[] payloadBytes = record.payloadUnsafe();
        RecordPayload payload = PayloadCodec.parse(payloadBytes, clock.millis());
        Ed25519PublicKey key = keyOf(payload.author());
        if (!key.verify(SignedRecord.signingInput(payloadBytes), record.signatureUnsafe())) {
            throw new InvalidRecordException(RejectReason.BAD_SIGNATURE,
                    "signature does not verify under the key of author " + payload.author());
        }
        return new VerifiedRecord(record.id(), record, payload);
    }

    private Ed25519PublicKey keyOf(PeerId author) throws InvalidRecordException {
        synchronized (keys) {
            Ed25519PublicKey key = keys.get(author);
            if (key != null) {
                return key;
            }
        }
        Ed25519PublicKey key = author.ed25519Key().orElseThrow(() -> new InvalidRecordException(
                RejectReason.BAD_PEER_ID, "author is not an Ed25519 peer ID"));
        synchronized (keys) {
            keys.put(author, key);
        }
        return key;
    }
}
