package org.kith.protocol.record;

import java.io.IOException;

/**
 * The type-specific part of a record. Implementations are immutable values; reading one from
 * JSON validates every field (see {@link Limits}), writing one emits fields in a fixed order.
 */
public sealed interface RecordBody
        permits Profile, Proposal, Commitment, CommitmentUpdate, Attestation, Vouch, Comment, Retraction,
        OpaqueBody {

    /** The wire type name, e.g. {@code proposal}. */
    String typeName();

    /** Writes this body as a JSON object. */
    void write(JsonOut out) throws IOException;
}
