package org.kith.p2p.noise;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.Ed25519PublicKey;
import org.kith.protocol.identity.PeerId;

/**
 * The libp2p layer over {@code Noise_XX_25519_ChaChaPoly_SHA256} (libp2p Noise spec), free of
 * any I/O: feed it the remote's handshake messages, send what it returns.
 *
 * <pre>
 * -> e                      msg 1, empty payload
 * <- e, ee, s, es           msg 2, responder's NoiseHandshakePayload (+ extensions)
 * -> s, se                  msg 3, initiator's NoiseHandshakePayload (+ extensions)
 * </pre>
 *
 * Each payload carries the sender's identity key and its signature over
 * {@code "noise-libp2p-static-key:" ‖ static public key}; the receiver verifies it against the
 * static key <em>from the handshake</em>. The prologue is empty. Not thread-safe.
 */
final class Libp2pHandshake {

    static final HandshakePattern PATTERN = HandshakePattern.XX;
    /** The signed prefix, byte for byte as the spec gives it. */
    static final byte[] STATIC_KEY_SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(US_ASCII);
    private static final byte[] EMPTY_PROLOGUE = new byte[0];
    private static final byte[] EMPTY = new byte[0];

    private final boolean initiator;
    private final Ed25519KeyPair identity;
    private final X25519KeyPair staticKey;
    private final PeerId expectedRemote;
    private final List<String> localMuxers;
    private final HandshakeState state;
    private boolean firstMessageRead;
    private NoiseSession session;

    /**
     * @param expectedRemote the peer the initiator dialled, or {@code null} to accept anyone
     *     (ignored for the responder)
     * @param muxers muxers to offer in the extensions, in preference order; empty for none
     * @param random source of the ephemeral key
     */
    Libp2pHandshake(boolean initiator, Ed25519KeyPair identity, X25519KeyPair staticKey,
                    PeerId expectedRemote, List<String> muxers, SecureRandom random) {
        this.initiator = initiator;
        this.identity = Objects.requireNonNull(identity, "identity");
        this.staticKey = Objects.requireNonNull(staticKey, "staticKey");
        this.expectedRemote = initiator ? expectedRemote : null;
        this.localMuxers = List.copyOf(muxers);
        this.state = new HandshakeState(PATTERN, initiator, EMPTY_PROLOGUE, staticKey, null, random);
    }

    boolean isInitiator() {
        return initiator;
    }

    /** The initiator's first message ({@code e}, no payload). */
    byte[] start() throws NoiseException {
        if (!initiator) {
            throw new IllegalStateException("only the initiator starts");
        }
        return state.writeMessage(EMPTY);
    }

    /**
     * Processes the remote's next handshake message.
     *
     * @return the message to send in reply, or {@code null} if none (the responder after msg 3)
     * @throws NoiseException for any failure; the handshake is then dead
     */
    byte[] receive(byte[] message) throws NoiseException {
        if (!initiator && !firstMessageRead) {
            byte[] payload = state.readMessage(message);
            // msg 1 must carry no payload: libp2p sends its payload only once it is encrypted.
            if (payload.length != 0) {
                state.destroy();
                throw new NoiseException(NoiseException.Reason.UNEXPECTED_PAYLOAD,
                        "handshake message 1 carries " + payload.length + " payload bytes; expected none");
            }
            firstMessageRead = true;
            return state.writeMessage(localPayload());
        }
        Remote remote = verify(state.readMessage(message));
        // The initiator answers msg 2 with msg 3; the responder is done after msg 3.
        byte[] reply = initiator ? state.writeMessage(localPayload()) : null;
        String muxer = initiator ? chooseMuxer(localMuxers, remote.muxers())
                : chooseMuxer(remote.muxers(), localMuxers);
        session = new NoiseSession(remote.peerId(), remote.key(), muxer);
        return reply;
    }

    /** True once the handshake is complete and {@link #session()} is available. */
    boolean isComplete() {
        return session != null && state.isFinished();
    }

    NoiseSession session() {
        if (!isComplete()) {
            throw new IllegalStateException("handshake not complete");
        }
        return session;
    }

    CipherState sender() {
        return state.sender();
    }

    CipherState receiver() {
        return state.receiver();
    }

    byte[] handshakeHash() {
        return state.handshakeHash();
    }

    /** Wipes the handshake's secrets (not the transport CipherStates, which the caller owns). */
    void destroy() {
        state.destroy();
    }

    /** Our payload: identity key, signature over our static key, and our muxers if any. */
    private byte[] localPayload() {
        byte[] staticPublic = staticKey.publicKey();
        byte[] signed = new byte[STATIC_KEY_SIGNATURE_PREFIX.length + staticPublic.length];
        System.arraycopy(STATIC_KEY_SIGNATURE_PREFIX, 0, signed, 0, STATIC_KEY_SIGNATURE_PREFIX.length);
        System.arraycopy(staticPublic, 0, signed, STATIC_KEY_SIGNATURE_PREFIX.length, staticPublic.length);
        // Extensions only when we have muxers to offer; they only ever ride in msg 2 and msg 3.
        NoiseExtensions extensions = localMuxers.isEmpty() ? null : NoiseExtensions.ofMuxers(localMuxers);
        return new NoiseHandshakePayload(
                ByteString.copyFrom(identity.publicKey().toProtobuf()),
                ByteString.copyFrom(identity.sign(signed)),
                extensions).toByteArray();
    }

    private record Remote(PeerId peerId, Ed25519PublicKey key, List<String> muxers) {
    }

    private Remote verify(byte[] payloadBytes) throws NoiseException {
        try {
            NoiseHandshakePayload payload = NoiseHandshakePayload.parse(payloadBytes);
            if (payload.identityKey() == null) {
                throw NoiseHandshakePayload.malformed("handshake payload lacks identity_key");
            }
            if (payload.identitySig() == null) {
                throw NoiseHandshakePayload.malformed("handshake payload lacks identity_sig");
            }
            Ed25519PublicKey key = RemoteIdentity.decode(payload.identityKey().toByteArray());
            PeerId peerId = key.toPeerId();
            byte[] remoteStatic = state.remoteStaticKey();
            byte[] signed = new byte[STATIC_KEY_SIGNATURE_PREFIX.length + remoteStatic.length];
            System.arraycopy(STATIC_KEY_SIGNATURE_PREFIX, 0, signed, 0, STATIC_KEY_SIGNATURE_PREFIX.length);
            System.arraycopy(remoteStatic, 0, signed, STATIC_KEY_SIGNATURE_PREFIX.length, remoteStatic.length);
            if (!key.verify(signed, payload.identitySig().toByteArray())) {
                throw new NoiseException(NoiseException.Reason.INVALID_SIGNATURE,
                        "identity_sig of " + peerId + " does not sign the Noise static key of this handshake");
            }
            if (expectedRemote != null && !expectedRemote.equals(peerId)) {
                throw new NoiseException(NoiseException.Reason.PEER_ID_MISMATCH,
                        "dialled " + expectedRemote + " but the remote authenticated as " + peerId);
            }
            List<String> muxers = payload.extensions() == null ? List.of() : payload.extensions().streamMuxers();
            return new Remote(peerId, key, muxers);
        } catch (NoiseException e) {
            state.destroy();
            throw e;
        }
    }

    /**
     * The first muxer in the initiator's list that the responder also lists (go
     * {@code matchMuxers}, js {@code getStreamMuxer}), or {@code null} if either list is empty or
     * they share none.
     */
    static String chooseMuxer(List<String> initiatorMuxers, List<String> responderMuxers) {
        for (String muxer : initiatorMuxers) {
            if (responderMuxers.contains(muxer)) {
                return muxer;
            }
        }
        return null;
    }
}
