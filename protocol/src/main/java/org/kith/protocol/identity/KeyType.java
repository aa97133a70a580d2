package org.kith.protocol.identity;

/** libp2p key types, with their protobuf enum numbers (libp2p peer-ids spec, "Keys"). */
public enum KeyType {
    RSA(0), ED25519(1), SECP256K1(2), ECDSA(3);

    private final int number;

    KeyType(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The key type for a protobuf enum number, or {@code null} if unknown. */
    public static KeyType forNumber(long number) {
        for (KeyType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        return null;
    }
}
