package org.kith.p2p.noise;

import java.io.IOException;
import java.util.Locale;

/**
 * A Noise secure channel failed. {@link #reason()} says why in a stable code; the message adds
 * detail (lengths, peer IDs) but never key material, plaintext or ciphertext.
 *
 * <p>Delivered as the exceptional result of {@link NoiseSecureChannel#handshakeFuture()}; the
 * channel is closed by the time the future fails.
 */
public final class NoiseException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why a handshake or a transport message was refused. */
    public enum Reason {
        /** AEAD authentication failed: a corrupted, forged, replayed or reordered message. */
        DECRYPT_FAILED,
        /** A message is shorter than the handshake pattern or the AEAD tag requires, or the
         * connection ended in the middle of a frame. */
        TRUNCATED_MESSAGE,
        /** A message would exceed the Noise limit of 65535 bytes. */
        MESSAGE_TOO_LARGE,
        /** The first handshake message carried a payload; libp2p sends none there. */
        UNEXPECTED_PAYLOAD,
        /** The decrypted handshake payload is not a valid {@code NoiseHandshakePayload}, lacks a
         * required field, or exceeds a limit. */
        MALFORMED_PAYLOAD,
        /** The remote identity key is of a type other than Ed25519. */
        UNSUPPORTED_KEY_TYPE,
        /** The remote identity key claims to be Ed25519 but is not a valid one. */
        INVALID_IDENTITY_KEY,
        /** The identity signature does not cover the static key used in this handshake. */
        INVALID_SIGNATURE,
        /** The dialled peer authenticated as a different peer ID than expected. */
        PEER_ID_MISMATCH,
        /** A Diffie-Hellman result was all zeros: the remote sent a low-order point. */
        INVALID_DH_KEY,
        /** 2^64 - 1 messages were sent or received under one key. */
        NONCE_EXHAUSTED,
        /** The handshake did not finish in time. */
        TIMEOUT,
        /** The connection closed (or the handler was removed) before the handshake finished. */
        CONNECTION_CLOSED,
        /** The underlying connection reported an error during the handshake. */
        IO_ERROR,
        /** A local problem (for example, a destroyed identity key). */
        LOCAL_FAILURE;

        /** Stable kebab-case form, for logs and tests. */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;

    /** A failure for {@code reason}; {@code detail} must not contain key material. */
    public NoiseException(Reason reason, String detail) {
        super(reason.code() + ": " + detail);
        this.reason = reason;
    }

    /** As {@link #NoiseException(Reason, String)}, keeping the local cause. */
    public NoiseException(Reason reason, String detail, Throwable cause) {
        super(reason.code() + ": " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The detail without the reason code prefix. */
    public String detail() {
        return getMessage().substring(reason.code().length() + 2);
    }
}
