package org.kith.p2p.pnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Proves {@link PnetCipher} produces the XSalsa20 keystream, continuously across calls. */
class XSalsa20KnownAnswerTest {

    private static final HexFormat HEX = HexFormat.of();

    // golang.org/x/crypto salsa20/salsa20_test.go, xSalsa20TestData.
    private static final byte[] GO_KEY = "this is 32-byte key for xsalsa20".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GO_NONCE = "24-byte nonce for xsalsa".getBytes(StandardCharsets.US_ASCII);

    // NaCl "Cryptography in NaCl" firstkey / nonce; libsodium test/default/stream.c hashes
    // 4,194,304 keystream bytes (stream.exp line 1).
    private static final byte[] NACL_KEY = HEX.parseHex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
    private static final byte[] NACL_NONCE = HEX.parseHex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
    private static final int NACL_STREAM_BYTES = 4_194_304;
    private static final String NACL_STREAM_SHA256 = "662b9d0e3463029156069b12f918691a98f7dfb2ca0393c96bbfc6b1fbd630a2";

    private static byte[] xor(byte[] key, byte[] nonce, byte[] in) {
        byte[] out = new byte[in.length];
        new PnetCipher(key, nonce).xor(in, 0, in.length, out, 0);
        return out;
    }

    @Test
    void goVectorHelloWorld() {
        byte[] out = xor(GO_KEY, GO_NONCE, "Hello world!".getBytes(StandardCharsets.US_ASCII));
        assertEquals("002d4513843fc240c401e541", HEX.formatHex(out));
    }

    @Test
    void goVectorSixtyFourZeroBytes() {
        byte[] out = xor(GO_KEY, GO_NONCE, new byte[64]);
        assertEquals("4848297feb1fb52fb66d81609bd547fabcbe7026edc8b5e5e449d088bfa69c08"
                + "8f5d8da1d791267c2c195a7f8cae9c4b4050d08ce6d3a151ec265f3a58e47648", HEX.formatHex(out));
    }

    @Test
    void naclFourMebibyteStreamHash() throws Exception {
        byte[] stream = xor(NACL_KEY, NACL_NONCE, new byte[NACL_STREAM_BYTES]);
        assertEquals(NACL_STREAM_SHA256, HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(stream)));
    }

    @Test
    void keystreamContinuesAcrossOddSizedByteBufs() throws Exception {
        // The same 4 MiB stream, produced through the ByteBuf path in chunks that straddle the
        // 64-byte Salsa20 block boundary, from heap and direct inputs, pooled and unpooled output.
        PnetCipher cipher = new PnetCipher(NACL_KEY, NACL_NONCE);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random sizes = new Random(7);
        int[] fixed = {1, 63, 64, 65, 127, 4096, 65_536, 3};
        ByteBufAllocator[] allocators = {UnpooledByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT};
        int done = 0;
        int i = 0;
        while (done < NACL_STREAM_BYTES) {
            int n = Math.min(NACL_STREAM_BYTES - done,
                    i < fixed.length ? fixed[i] : 1 + sizes.nextInt(70_000));
            ByteBuf in = (i % 2 == 0) ? Unpooled.buffer(n) : Unpooled.directBuffer(n);
            in.writeZero(n);
            ByteBuf out = cipher.xor(allocators[i % 2], in);
            try {
                assertEquals(0, in.readableBytes(), "input fully consumed");
                sha.update(ByteBufUtil.getBytes(out));
            } finally {
                in.release();
                out.release();
            }
            done += n;
            i++;
        }
        assertEquals(NACL_STREAM_SHA256, HEX.formatHex(sha.digest()));
    }

    @Test
    void xorTwiceWithTheSameKeyAndNonceRestoresThePlaintext() {
        byte[] plain = new byte[1000];
        new Random(1).nextBytes(plain);
        assertArrayEquals(plain, xor(NACL_KEY, NACL_NONCE, xor(NACL_KEY, NACL_NONCE, plain)));
    }
}
