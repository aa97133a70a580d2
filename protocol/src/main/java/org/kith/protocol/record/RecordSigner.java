package org.kith.protocol.record;

import java.time.Clock;
import org.kith.protocol.identity.Ed25519KeyPair;

/**
 * Signs the user's own records. Every record is validated exactly as a peer would validate it
 * before it is returned, so this node never emits a record others would refuse. Thread-safe.
 */
public final class RecordSigner {

    private final Ed25519KeyPair key;
    private final Clock clock;
    private final RecordVerifier verifier;

    public RecordSigner(Ed25519KeyPair key, Clock clock) {
        this.key = key;
        this.clock = clock;
        this.verifier = new RecordVerifier(clock);
    }

    /**
     * Builds, signs and validates a record of this key's feed in {@code swarm}.
     *
     * @param prev id of the record at {@code seq - 1}, or null at seq 1
     * @throws InvalidRecordException if the body breaks a rule (too long, empty, …)
     */
    public VerifiedRecord sign(String swarm, long seq, RecordId prev, RecordBody body) throws InvalidRecordException {
        RecordPayload payload = new RecordPayload(body.typeName(), key.peerId(), swarm, seq, prev, clock.millis(), body);
        byte[] bytes = PayloadCodec.write(payload);
        if (bytes.length > Limits.MAX_PAYLOAD_BYTES) {
            // Every field can be within its own limit and the whole still too large (astral
            // characters are written as 12-byte escapes); SignedRecord.of would throw unchecked.
            throw new InvalidRecordException(RejectReason.PAYLOAD_TOO_LARGE,
                    bytes.length + " bytes, limit " + Limits.MAX_PAYLOAD_BYTES);
        }
        return verifier.verify(signRaw(bytes, key));
    }

    /** Signs arbitrary payload bytes without validating them (tools and tests of rejection). */
    public static SignedRecord signRaw(byte[] payload, Ed25519KeyPair key) {
        return SignedRecord.of(payload, key.sign(SignedRecord.signingInput(payload)));
    }

    public Ed25519KeyPair key() {
        return key;
    }
}
