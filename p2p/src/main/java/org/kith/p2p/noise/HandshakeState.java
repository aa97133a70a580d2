package org.kith.p2p.noise;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.ArrayList;

/**
 * A Noise {@code HandshakeState} (Noise spec §5.3) for the interactive patterns of
 * {@link HandshakePattern}, with 25519, ChaChaPoly and SHA256.
 *
 * <p>Keys may be injected (for the test vectors); a missing ephemeral key is generated from the
 * given random source when its {@code e} token is processed. Any failure leaves the state
 * unusable, as §5.3 requires ("the handshake must be aborted"). Not thread-safe.
 */
final class HandshakeState {

    /** Maximum Noise message length (§3). */
    static final int MAX_MESSAGE_BYTES = 65535;

    private final HandshakePattern pattern;
    private final boolean initiator;
    private final SymmetricState symmetric;
    private final SecureRandom random;
    private final X25519KeyPair s;
    private X25519KeyPair e;
    private byte[] rs;
    private byte[] re;
    private int messageIndex;
    private boolean failed;
    private SymmetricState.CipherPair transport;

    /**
     * Initialize(handshake_pattern, initiator, prologue, s, e, rs, re) without pre-messages.
     *
     * @param s the local static key pair, required if the pattern sends one for this role
     * @param e an injected ephemeral key pair, or {@code null} to generate one from {@code random}
     */
    HandshakeState(HandshakePattern pattern, boolean initiator, byte[] prologue,
                   X25519KeyPair s, X25519KeyPair e, SecureRandom random) {
        if (s == null && pattern.sendsStatic(initiator)) {
            throw new IllegalArgumentException(pattern + " needs a local static key for this role");
        }
        if (e == null && random == null) {
            throw new IllegalArgumentException("either an ephemeral key or a random source is required");
        }
        this.pattern = pattern;
        this.initiator = initiator;
        this.s = s;
        this.e = e;
        this.random = random;
        this.symmetric = new SymmetricState(pattern.protocolName());
        // The prologue is always mixed in, even when empty (libp2p's case): §5.3 Initialize.
        symmetric.mixHash(prologue);
    }

    boolean isInitiator() {
        return initiator;
    }

    /** True once the last message has been written or read and Split() has run. */
    boolean isFinished() {
        return transport != null;
    }

    /** True if the next handshake message is ours to write. */
    boolean isMyTurn() {
        return !isFinished() && !failed && (messageIndex % 2 == 0) == initiator;
    }

    /** WriteMessage(payload): the next handshake message. */
    byte[] writeMessage(byte[] payload) throws NoiseException {
        checkTurn(true);
        try {
            MessageBuilder out = new MessageBuilder();
            for (HandshakePattern.Token token : pattern.messages().get(messageIndex)) {
                switch (token) {
                    case E -> {
                        if (e == null) {
                            e = X25519KeyPair.generate(random);
                        }
                        byte[] ePub = e.publicKey();
                        out.add(ePub);
                        symmetric.mixHash(ePub);
                    }
                    case S -> out.add(symmetric.encryptAndHash(s.publicKey()));
                    default -> mixDh(token);
                }
            }
            out.add(symmetric.encryptAndHash(payload));
            byte[] message = out.toByteArray();
            if (message.length > MAX_MESSAGE_BYTES) {
                throw new NoiseException(NoiseException.Reason.MESSAGE_TOO_LARGE,
                        "handshake message of " + message.length + " bytes exceeds " + MAX_MESSAGE_BYTES);
            }
            advance();
            return message;
        } catch (NoiseException | RuntimeException ex) {
            abort();
            throw ex;
        }
    }

    /** ReadMessage(message): the decrypted payload of the next handshake message. */
    byte[] readMessage(byte[] message) throws NoiseException {
        checkTurn(false);
        try {
            if (message.length > MAX_MESSAGE_BYTES) {
                throw new NoiseException(NoiseException.Reason.MESSAGE_TOO_LARGE,
                        "handshake message of " + message.length + " bytes exceeds " + MAX_MESSAGE_BYTES);
            }
            int pos = 0;
            for (HandshakePattern.Token token : pattern.messages().get(messageIndex)) {
                switch (token) {
                    case E -> {
                        re = take(message, pos, X25519KeyPair.KEY_BYTES, "ephemeral key");
                        pos += re.length;
                        symmetric.mixHash(re);
                    }
                    case S -> {
                        int len = X25519KeyPair.KEY_BYTES + (symmetric.hasKey() ? CipherState.TAG_BYTES : 0);
                        byte[] temp = take(message, pos, len, "static key");
                        pos += len;
                        rs = symmetric.decryptAndHash(temp);
                    }
                    default -> mixDh(token);
                }
            }
            int remaining = message.length - pos;
            if (symmetric.hasKey() && remaining < CipherState.TAG_BYTES) {
                throw new NoiseException(NoiseException.Reason.TRUNCATED_MESSAGE,
                        "handshake message " + (messageIndex + 1) + " has " + remaining
                                + " payload bytes, less than the AEAD tag");
            }
            byte[] payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, pos, message.length));
            advance();
            return payload;
        } catch (NoiseException | RuntimeException ex) {
            abort();
            throw ex;
        }
    }

    /** The remote static public key (a copy), or {@code null} if not received (yet). */
    byte[] remoteStaticKey() {
        return rs == null ? null : rs.clone();
    }

    /** The handshake hash h; after the handshake, a unique session identifier (§11.2). */
    byte[] handshakeHash() {
        return symmetric.handshakeHash();
    }

    /** Our sending CipherState after the handshake: c1 for the initiator, c2 for the responder. */
    CipherState sender() {
        checkFinished();
        return initiator ? transport.c1() : transport.c2();
    }

    /** Our receiving CipherState after the handshake. */
    CipherState receiver() {
        checkFinished();
        return initiator ? transport.c2() : transport.c1();
    }

    /** Wipes the ephemeral private key and the chaining key. The static key is not ours to wipe. */
    void destroy() {
        if (e != null) {
            e.destroy();
        }
        symmetric.destroy();
    }

    private void abort() {
        failed = true;
        destroy();
    }

    private void mixDh(HandshakePattern.Token token) throws NoiseException {
        byte[] shared = switch (token) {
            case EE -> local(e).dh(remote(re));
            case ES -> initiator ? local(e).dh(remote(rs)) : local(s).dh(remote(re));
            case SE -> initiator ? local(s).dh(remote(re)) : local(e).dh(remote(rs));
            case SS -> local(s).dh(remote(rs));
            default -> throw new IllegalStateException("not a DH token: " + token);
        };
        symmetric.mixKey(shared);
        Arrays.fill(shared, (byte) 0);
    }

    private static X25519KeyPair local(X25519KeyPair key) {
        if (key == null) {
            throw new IllegalStateException("local key missing for DH");
        }
        return key;
    }

    private static byte[] remote(byte[] key) {
        if (key == null) {
            throw new IllegalStateException("remote key missing for DH");
        }
        return key;
    }

    private void advance() {
        messageIndex++;
        if (messageIndex == pattern.messages().size()) {
            transport = symmetric.split();
            if (e != null) {
                e.destroy();
            }
        }
    }

    private void checkTurn(boolean writing) {
        if (failed) {
            throw new IllegalStateException("handshake already failed");
        }
        if (isFinished()) {
            throw new IllegalStateException("handshake already finished");
        }
        if (writing != isMyTurn()) {
            throw new IllegalStateException(writing ? "not our turn to write" : "not our turn to read");
        }
    }

    private void checkFinished() {
        if (!isFinished()) {
            throw new IllegalStateException("handshake not finished");
        }
    }

    private byte[] take(byte[] message, int pos, int len, String what) throws NoiseException {
        if (message.length - pos < len) {
            throw new NoiseException(NoiseException.Reason.TRUNCATED_MESSAGE,
                    "handshake message " + (messageIndex + 1) + " of " + message.length
                            + " bytes ends before its " + what);
        }
        return Arrays.copyOfRange(message, pos, pos + len);
    }

    /** Concatenates message parts without intermediate copies of the whole. */
    private static final class MessageBuilder {
        private final ArrayList<byte[]> parts = new ArrayList<>(4);
        private int length;

        void add(byte[] part) {
            parts.add(part);
            length += part.length;
        }

        byte[] toByteArray() {
            byte[] out = new byte[length];
            int p = 0;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, out, p, part.length);
                p += part.length;
            }
            return out;
        }
    }
}
