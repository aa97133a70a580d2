package org.kith.p2p.noise;

import java.util.List;

/**
 * Interactive Noise handshake patterns without pre-messages (Noise spec §7.4–7.5). libp2p uses
 * only {@link #XX}; the others share the same machinery and are exercised by the public test
 * vectors, which checks the token handling more thoroughly than XX alone would.
 */
enum HandshakePattern {
    NN(List.of(List.of(Token.E), List.of(Token.E, Token.EE))),
    NX(List.of(List.of(Token.E), List.of(Token.E, Token.EE, Token.S, Token.ES))),
    XN(List.of(List.of(Token.E), List.of(Token.E, Token.EE), List.of(Token.S, Token.SE))),
    XX(List.of(List.of(Token.E), List.of(Token.E, Token.EE, Token.S, Token.ES), List.of(Token.S, Token.SE))),
    IN(List.of(List.of(Token.E, Token.S), List.of(Token.E, Token.EE, Token.SE))),
    IX(List.of(List.of(Token.E, Token.S), List.of(Token.E, Token.EE, Token.SE, Token.S, Token.ES)));

    /** Message pattern tokens (§7.1). */
    enum Token {
        E, S, EE, ES, SE, SS
    }

    /** The only DH, cipher and hash functions implemented here. */
    static final String SUITE = "_25519_ChaChaPoly_SHA256";

    private final List<List<Token>> messages;

    HandshakePattern(List<List<Token>> messages) {
        this.messages = messages;
    }

    /** Message patterns in order; even indexes are sent by the initiator. */
    List<List<Token>> messages() {
        return messages;
    }

    /** The full protocol name, e.g. {@code Noise_XX_25519_ChaChaPoly_SHA256}. */
    String protocolName() {
        return "Noise_" + name() + SUITE;
    }

    /** True if the party in this role sends an {@code s} token. */
    boolean sendsStatic(boolean initiator) {
        for (int i = initiator ? 0 : 1; i < messages.size(); i += 2) {
            if (messages.get(i).contains(Token.S)) {
                return true;
            }
        }
        return false;
    }

    /** The pattern named by a full protocol name, or {@code null} if not supported. */
    static HandshakePattern forProtocolName(String protocolName) {
        for (HandshakePattern p : values()) {
            if (p.protocolName().equals(protocolName)) {
                return p;
            }
        }
        return null;
    }
}
