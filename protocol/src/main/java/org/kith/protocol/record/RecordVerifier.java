package org.kith.protocol.record;

import java.time.Clock;
import org.kith.protocol.identity.Ed25519PublicKey;
import org.kith.protocol.identity.PeerId;

/**
 * The stateless half of the ingest door: envelope → payload → signature. Cheap checks run
 * first, the signature last. Thread-safe and stateless but for the clock.
 */
public final class RecordVerifier {

    private final Clock clock;

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

    /** The author's key: decoded once per {@link PeerId}, and payload parsing reuses PeerIds per author. */
    private static Ed25519PublicKey keyOf(PeerId author) throws InvalidRecordException {
        return author.ed25519Key().orElseThrow(() -> new InvalidRecordException(
                RejectReason.BAD_PEER_ID, "author is not an Ed25519 peer ID"));
    }
}
