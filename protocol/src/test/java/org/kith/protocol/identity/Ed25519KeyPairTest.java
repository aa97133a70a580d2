package org.kith.protocol.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ed25519KeyPairTest {

    private static final HexFormat HEX = HexFormat.of();

    private static final String RFC_TEST1_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC_TEST2_SEED = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";

    static byte[] sequentialSeed() {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) i;
        }
        return seed;
    }

    // ---- known vectors ----

    @Test
    void derivesKnownPeerIdAndProtobufFromSequentialSeed() {
        Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(sequentialSeed());
        assertEquals("12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB", kp.peerId().toBase58());
        assertEquals("0801122003a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8",
                HEX.formatHex(kp.publicKey().toProtobuf()));
    }

    @Test
    void signsRfc8032Test1EmptyMessageExactly() {
        Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(HEX.parseHex(RFC_TEST1_SEED));
        assertEquals(Ed25519PublicKeyTest.RFC_TEST1_PK, HEX.formatHex(kp.publicKey().raw()));
        byte[] sig = kp.sign(new byte[0]);
        assertEquals(Ed25519PublicKeyTest.RFC_TEST1_SIG, HEX.formatHex(sig));
        assertTrue(kp.publicKey().verify(new byte[0], sig));
    }

    @Test
    void signsRfc8032Test2OneByteMessageExactly() {
        Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(HEX.parseHex(RFC_TEST2_SEED));
        assertEquals(Ed25519PublicKeyTest.RFC_TEST2_PK, HEX.formatHex(kp.publicKey().raw()));
        byte[] msg = HEX.parseHex(Ed25519PublicKeyTest.RFC_TEST2_MSG);
        assertEquals(Ed25519PublicKeyTest.RFC_TEST2_SIG, HEX.formatHex(kp.sign(msg)));
    }

    @Test
    void signaturesAreDeterministic() {
        Ed25519KeyPair a = Ed25519KeyPair.fromSeed(sequentialSeed());
        Ed25519KeyPair b = Ed25519KeyPair.fromSeed(sequentialSeed());
        byte[] msg = "kith".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertArrayEquals(a.sign(msg), a.sign(msg));
        assertArrayEquals(a.sign(msg), b.sign(msg));
        assertEquals(Ed25519PublicKey.SIGNATURE_BYTES, a.sign(msg).length);
    }

    @Test
    void signaturesOverRandomMessagesVerifyAndDoNotTransferToOtherMessagesOrKeys() {
        Random random = new Random(0x51617L);
        Ed25519KeyPair other = Ed25519KeyPair.fromSeed(HEX.parseHex(RFC_TEST1_SEED));
        for (int i = 0; i < 200; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(seed);
            byte[] msg = new byte[random.nextInt(i % 10 == 0 ? 5000 : 100)];
            random.nextBytes(msg);
            byte[] sig = kp.sign(msg);
            assertTrue(kp.publicKey().verify(msg, sig));
            assertTrue(Ed25519PublicKey.fromProtobuf(kp.publicKey().toProtobuf()).verify(msg, sig));
            assertFalse(other.publicKey().verify(msg, sig));
            byte[] tampered = Arrays.copyOf(msg, msg.length + 1);
            assertFalse(kp.publicKey().verify(tampered, sig));
            if (msg.length > 0) {
                tampered = msg.clone();
                tampered[random.nextInt(msg.length)] ^= (byte) (1 << random.nextInt(8));
                assertFalse(kp.publicKey().verify(tampered, sig));
            }
        }
    }

    @Test
    void signDoesNotModifyTheMessage() {
        byte[] msg = HEX.parseHex("00112233");
        Ed25519KeyPair.fromSeed(sequentialSeed()).sign(msg);
        assertEquals("00112233", HEX.formatHex(msg));
    }

    // ---- seed handling ----

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 31, 33, 64})
    void rejectsSeedsOfWrongLength(int length) {
        assertThrows(IllegalArgumentException.class, () -> Ed25519KeyPair.fromSeed(new byte[length]));
    }

    @Test
    void fromSeedCopiesItsInput() {
        byte[] seed = sequentialSeed();
        Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(seed);
        Arrays.fill(seed, (byte) 0x55);
        assertArrayEquals(sequentialSeed(), kp.seed());
        assertEquals("12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB", kp.peerId().toBase58());
        assertArrayEquals(Ed25519KeyPair.fromSeed(sequentialSeed()).sign(new byte[] {1}), kp.sign(new byte[] {1}));
    }

    @Test
    void seedReturnsACopyTheCallerMayWipe() {
        Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(sequentialSeed());
        byte[] copy = kp.seed();
        Arrays.fill(copy, (byte) 0);
        assertArrayEquals(sequentialSeed(), kp.seed());
    }

    @Test
    void generateUsesTheRandomSourceAndWipesItsTemporarySeed() {
        CapturingRandom random = new CapturingRandom(sequentialSeed());
        Ed25519KeyPair kp = Ed25519KeyPair.generate(random);
        assertEquals("12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB", kp.peerId().toBase58());
        assertEquals(1, random.buffers.size());
        assertArrayEquals(new byte[32], random.buffers.get(0), "temporary seed buffer wiped");
        assertArrayEquals(sequentialSeed(), kp.seed());
    }

    @Test
    void generateWithRealRandomnessGivesDistinctWorkingKeys() {
        SecureRandom random = new SecureRandom();
        Ed25519KeyPair a = Ed25519KeyPair.generate(random);
        Ed25519KeyPair b = Ed25519KeyPair.generate(random);
        assertFalse(a.peerId().equals(b.peerId()));
        byte[] msg = {1, 2, 3};
        assertTrue(a.publicKey().verify(msg, a.sign(msg)));
        assertFalse(b.publicKey().verify(msg, a.sign(msg)));
    }

    // ---- destroy ----

    @Test
    void destroyMakesSignAndSeedThrow() {
        Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(sequentialSeed());
        assertFalse(kp.isDestroyed());
        kp.destroy();
        assertTrue(kp.isDestroyed());
        assertThrows(IllegalStateException.class, () -> kp.sign(new byte[0]));
        assertThrows(IllegalStateException.class, kp::seed);
    }

    @Test
    void destroyIsIdempotent() {
        Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(sequentialSeed());
        kp.destroy();
        assertDoesNotThrow(kp::destroy);
        assertTrue(kp.isDestroyed());
        assertThrows(IllegalStateException.class, () -> kp.sign(new byte[0]));
    }

    @Test
    void publicPartSurvivesDestroy() {
        Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(sequentialSeed());
        byte[] msg = {42};
        byte[] sig = kp.sign(msg);
        kp.destroy();
        assertEquals("12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB", kp.peerId().toBase58());
        assertTrue(kp.publicKey().verify(msg, sig));
    }

    @Test
    void destroyLeavesNoCopyOfTheSeedReachableFromTheKeyPair() throws Exception {
        byte[] seed = HEX.parseHex(RFC_TEST1_SEED);
        Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(seed);
        kp.sign(new byte[] {1, 2, 3});
        // Sanity check of the walker itself: before destroy it must find the seed.
        assertTrue(reachableByteArrays(kp).stream().anyMatch(b -> containsSlice(b, seed)),
                "walker should find the live seed");
        kp.destroy();
        for (byte[] b : reachableByteArrays(kp)) {
            assertFalse(containsSlice(b, seed), "seed still reachable after destroy()");
        }
    }

    @Test
    void toStringNeverRevealsTheSeed() {
        byte[] seed = HEX.parseHex(RFC_TEST1_SEED);
        Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(seed);
        String before = kp.toString();
        kp.destroy();
        String after = kp.toString();
        for (String s : List.of(before, after)) {
            assertTrue(s.contains(kp.peerId().toBase58()), s);
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            assertFalse(lower.contains(RFC_TEST1_SEED.substring(0, 16)), "hex seed in " + s);
            assertFalse(s.contains(BaseN.BASE58_BTC.encode(seed).substring(0, 10)), "base58 seed in " + s);
            assertFalse(lower.contains(Base32.encode(seed).substring(0, 10)), "base32 seed in " + s);
            assertFalse(s.contains(Base64.getEncoder().encodeToString(seed).substring(0, 10)), "base64 seed in " + s);
            assertFalse(s.contains(Arrays.toString(seed).substring(0, 12)), "decimal seed in " + s);
        }
        assertEquals(before, after);
    }

    // ---- concurrency ----

    @Test
    void concurrentSignersProduceIdenticalValidSignatures() throws Exception {
        Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(sequentialSeed());
        byte[] msg = "concurrent".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] expected = kp.sign(msg);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < 50; i++) {
                        if (!Arrays.equals(expected, kp.sign(msg))) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void destroyDuringConcurrentSigningNeverYieldsAnInvalidSignature() throws Exception {
        Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(sequentialSeed());
        Ed25519PublicKey pk = kp.publicKey();
        int threads = 3;
        CountDownLatch warmedUp = new CountDownLatch(threads * 20);
        AtomicInteger bad = new AtomicInteger();
        AtomicInteger good = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; ; i++) {
                        byte[] msg = {(byte) id, (byte) i};
                        byte[] sig;
                        try {
                            sig = kp.sign(msg);
                        } catch (IllegalStateException destroyed) {
                            return;
                        }
                        if (pk.verify(msg, sig)) {
                            good.incrementAndGet();
                        } else {
                            bad.incrementAndGet();
                        }
                        warmedUp.countDown();
                    }
                }));
            }
            assertTrue(warmedUp.await(60, TimeUnit.SECONDS));
            kp.destroy();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertEquals(0, bad.get(), "signatures that do not verify");
        assertTrue(good.get() >= threads * 20);
    }

    // ---- helpers ----

    /** A SecureRandom that hands out fixed bytes and remembers the arrays it filled. */
    private static final class CapturingRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;
        final List<byte[]> buffers = new ArrayList<>();

        CapturingRandom(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            buffers.add(out);
            System.arraycopy(bytes, 0, out, 0, Math.min(bytes.length, out.length));
        }
    }

    /**
     * Every byte[] reachable from {@code root} through instance fields of non-JDK classes (our
     * classes and BouncyCastle's) and through arrays.
     */
    private static List<byte[]> reachableByteArrays(Object root) throws IllegalAccessException {
        List<byte[]> found = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            Object o = stack.remove(stack.size() - 1);
            if (o == null || !seen.add(o)) {
                continue;
            }
            Class<?> c = o.getClass();
            if (o instanceof byte[] b) {
                found.add(b);
            } else if (c.isArray()) {
                if (!c.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(o); i++) {
                        stack.add(Array.get(o, i));
                    }
                }
            } else if (!isJdkClass(c)) {
                for (Class<?> k = c; k != null && !isJdkClass(k); k = k.getSuperclass()) {
                    for (Field f : k.getDeclaredFields()) {
                        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                            continue;
                        }
                        f.setAccessible(true);
                        stack.add(f.get(o));
                    }
                }
            }
        }
        assertNotNull(found);
        return found;
    }

    private static boolean isJdkClass(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.");
    }

    private static boolean containsSlice(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
