package org.kith.p2p.noise;

import java.util.Objects;
import org.kith.protocol.identity.Ed25519PublicKey;
import org.kith.protocol.identity.PeerId;

/**
 * The result of a completed libp2p Noise handshake: who is on the other end, and which stream
 * muxer both sides agreed on in the handshake ("early muxer negotiation").
 *
 * <p>Also fired as a user event, to the inbound handlers after {@link NoiseSecureChannel}, when
 * the handshake completes, so the next layer can be installed. Immutable.
 *
 * @param remotePeerId the peer ID derived from the remote identity key
 * @param remoteIdentityKey the remote's libp2p identity key (not its Noise static key)
 * @param muxer the first muxer of the initiator's list that the responder also listed, or
 *     {@code null} if either side listed none or the lists do not overlap: the caller must then
 *     negotiate the muxer with multistream-select
 */
public record NoiseSession(PeerId remotePeerId, Ed25519PublicKey remoteIdentityKey, String muxer) {

    public NoiseSession {
        Objects.requireNonNull(remotePeerId, "remotePeerId");
        Objects.requireNonNull(remoteIdentityKey, "remoteIdentityKey");
    }
}
