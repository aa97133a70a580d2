package org.kith.protocol.identity;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A libp2p peer ID: the multihash of a node's encoded public key (libp2p peer-ids spec).
 *
 * <p>Keys whose protobuf is at most {@value #MAX_INLINE_KEY_BYTES} bytes (Ed25519) are inlined
 * with the identity multihash, so the key can be read back from the ID; longer keys are hashed
 * with sha2-256. Text form: base58btc of the multihash ({@code 12D3KooW…}). {@link #parse}
 * also accepts the CIDv1 form ({@code libp2p-key} codec) in base32, base36 or base58btc.
 *
 * <p>Immutable; equality is by multihash bytes.
 */
public final class PeerId implements Comparable<PeerId> {

    public static final int MAX_INLINE_KEY_BYTES = 42;
    /** Longest text we try to parse: far above any real peer ID, bounds work on hostile input. */
    public static final int MAX_TEXT_CHARS = 128;

    static final int MULTIHASH_IDENTITY = 0x00;
    static final int MULTIHASH_SHA2_256 = 0x12;
    static final int CID_VERSION_1 = 0x01;
    static final int CODEC_LIBP2P_KEY = 0x72;

    private final byte[] multihash;
    private final String base58;
    /** The inlined Ed25519 key, decoded on first use (an idempotent race: any thread may fill it). */
    private volatile Optional<Ed25519PublicKey> ed25519Key;

    private PeerId(byte[] multihash) {
        this.multihash = multihash;
        this.base58 = BaseN.BASE58_BTC.encode(multihash);
    }

    public static PeerId fromPublicKey(Ed25519PublicKey key) {
        return fromEncodedPublicKey(key.toProtobuf());
    }

    /** The peer ID of a libp2p PublicKey protobuf. */
    public static PeerId fromEncodedPublicKey(byte[] encodedKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encodedKey.length + 2);
        if (encodedKey.length <= MAX_INLINE_KEY_BYTES) {
            out.write(MULTIHASH_IDENTITY);
            UnsignedVarint.write(encodedKey.length, out);
            out.writeBytes(encodedKey);
        } else {
            out.write(MULTIHASH_SHA2_256);
            out.write(32);
            out.writeBytes(sha256(encodedKey));
        }
        return new PeerId(out.toByteArray());
    }

    /**
     * Peer ID from multihash bytes.
     *
     * @throws IllegalArgumentException unless identity (≤ 42-byte content) or sha2-256 (32-byte
     *     digest), with nothing after the digest
     */
    public static PeerId fromBytes(byte[] multihash) {
        checkMultihash(multihash);
        return new PeerId(multihash.clone());
    }

    /**
     * Parses the base58 form ({@code 1…}, {@code Qm…}) or a multibase CIDv1 with the
     * {@code libp2p-key} codec ({@code b…} base32, {@code k…} base36, {@code z…} base58btc).
     *
     * @throws IllegalArgumentException with the reason, for anything else
     */
    public static PeerId parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty peer ID");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("peer ID text too long");
        }
        if (text.startsWith("1") || text.startsWith("Qm")) {
            return fromBytes(BaseN.BASE58_BTC.decode(text));
        }
        byte[] cid = switch (text.charAt(0)) {
            case 'b' -> Base32.decode(text.substring(1));
            case 'k' -> BaseN.BASE36.decode(text.substring(1));
            case 'z' -> BaseN.BASE58_BTC.decode(text.substring(1));
            default -> throw new IllegalArgumentException("not a peer ID: unknown encoding");
        };
        UnsignedVarint.Decoded version = UnsignedVarint.decode(cid, 0);
        if (version.value() != CID_VERSION_1) {
            throw new IllegalArgumentException("not a CIDv1");
        }
        UnsignedVarint.Decoded codec = UnsignedVarint.decode(cid, version.length());
        if (codec.value() != CODEC_LIBP2P_KEY) {
            throw new IllegalArgumentException("CID codec is not libp2p-key");
        }
        return fromBytes(Arrays.copyOfRange(cid, version.length() + codec.length(), cid.length));
    }

    /** True if {@code text} is exactly the canonical base58 form of a peer ID. */
    public static boolean isCanonicalBase58(String text) {
        try {
            return parse(text).toBase58().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void checkMultihash(byte[] mh) {
        if (mh.length < 2) {
            throw new IllegalArgumentException("multihash truncated");
        }
        UnsignedVarint.Decoded code = UnsignedVarint.decode(mh, 0);
        UnsignedVarint.Decoded length = UnsignedVarint.decode(mh, code.length());
        int header = code.length() + length.length();
        if (code.value() == MULTIHASH_IDENTITY) {
            if (length.value() > MAX_INLINE_KEY_BYTES) {
                throw new IllegalArgumentException("identity multihash longer than " + MAX_INLINE_KEY_BYTES);
            }
        } else if (code.value() == MULTIHASH_SHA2_256) {
            if (length.value() != 32) {
                throw new IllegalArgumentException("sha2-256 multihash must hold 32 bytes");
            }
        } else {
            throw new IllegalArgumentException("unsupported multihash code " + code.value());
        }
        if (mh.length - header != length.value()) {
            throw new IllegalArgumentException("multihash length mismatch");
        }
    }

    /** The multihash bytes (a copy). */
    public byte[] toBytes() {
        return multihash.clone();
    }

    public String toBase58() {
        return base58;
    }

    /** CIDv1 ({@code libp2p-key}) in multibase base32, e.g. {@code bafz…}. */
    public String toCidBase32() {
        byte[] cid = new byte[2 + multihash.length];
        cid[0] = CID_VERSION_1;
        cid[1] = CODEC_LIBP2P_KEY;
        System.arraycopy(multihash, 0, cid, 2, multihash.length);
        return "b" + Base32.encode(cid);
    }

    /** The Ed25519 key inlined in this ID, if it is an identity multihash of an Ed25519 key. */
    public Optional<Ed25519PublicKey> ed25519Key() {
        Optional<Ed25519PublicKey> key = ed25519Key;
        if (key == null) {
            key = decodeEd25519Key();
            ed25519Key = key;
        }
        return key;
    }

    private Optional<Ed25519PublicKey> decodeEd25519Key() {
        if ((multihash[0] & 0xFF) != MULTIHASH_IDENTITY) {
            return Optional.empty();
        }
        UnsignedVarint.Decoded length = UnsignedVarint.decode(multihash, 1);
        byte[] key = Arrays.copyOfRange(multihash, 1 + length.length(), multihash.length);
        try {
            return Optional.of(Ed25519PublicKey.fromProtobuf(key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId other && Arrays.equals(multihash, other.multihash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(multihash);
    }

    @Override
    public int compareTo(PeerId o) {
        return Arrays.compareUnsigned(multihash, o.multihash);
    }

    @Override
    public String toString() {
        return base58;
    }
}
