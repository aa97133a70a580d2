package org.kith.p2p.mdns;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.kith.p2p.pnet.SwarmKey;

/**
 * The public fingerprint of a swarm key, as go-libp2p-pnet defined it: the key never enters the
 * hash directly; 64 bytes of its Salsa20 keystream (nonce {@code "finprint"}) are reduced to
 * {@link #BYTES} bytes with SHAKE-128.
 */
final class SwarmFingerprint {

    static final int BYTES = 16;
    private static final int KEYSTREAM_BYTES = 64;
    private static final byte[] NONCE = "finprint".getBytes(StandardCharsets.US_ASCII);

    private SwarmFingerprint() {
    }

    static byte[] of(SwarmKey key) {
        byte[] keyBytes = key.keyBytes();
        Salsa20Engine salsa = new Salsa20Engine();
        salsa.init(true, new ParametersWithIV(new KeyParameter(keyBytes), NONCE));
        java.util.Arrays.fill(keyBytes, (byte) 0);
        byte[] stream = new byte[KEYSTREAM_BYTES];
        salsa.processBytes(new byte[KEYSTREAM_BYTES], 0, KEYSTREAM_BYTES, stream, 0);
        SHAKEDigest shake = new SHAKEDigest(128);
        shake.update(stream, 0, stream.length);
        byte[] out = new byte[BYTES];
        shake.doFinal(out, 0, BYTES);
        return out;
    }

    static String hex(SwarmKey key) {
        return HexFormat.of().formatHex(of(key));
    }
}
