package org.kith.node.keys;

/**
 * Argon2id cost parameters (version 1.3) used to turn a passphrase into the key-file encryption
 * key.
 *
 * <p>{@link #DEFAULT} is m = 64 MiB, t = 2, p = 1, above every OWASP Argon2id minimum
 * (e.g. m = 46 MiB / t = 1 / p = 1 or m = 19 MiB / t = 2 / p = 1). Measured with Bouncy Castle
 * 1.87 on the 2-core reference machine (OpenJDK 17.0.15): {@link KeyStore#unlock} as the first
 * call in a fresh JVM, which is what a node pays at start-up, took 0.53–0.66 s (median 0.55 s,
 * including first-time class loading; Argon2 alone 0.45–0.60 s); once warmed up, unlock took
 * 0.10–0.57 s, median 0.22 s. t = 3 pushed the cold Argon2 figure to about 0.6–0.65 s.
 * Bouncy Castle computes the lanes on one thread, so a larger p buys no speed here.
 *
 * <p>The compact constructor enforces bounds, so an instance is always safe to run: a hostile key
 * file cannot make the node allocate more than {@value #MAX_MEMORY_KIB} KiB or spin for more than
 * {@value #MAX_ITERATIONS} passes. Immutable and thread-safe.
 *
 * @param memoryKiB Argon2 memory cost in KiB, from 8 × {@code parallelism} to {@value #MAX_MEMORY_KIB}
 * @param iterations Argon2 passes over memory, 1 to {@value #MAX_ITERATIONS}
 * @param parallelism Argon2 lanes, 1 to {@value #MAX_PARALLELISM}
 */
public record KdfParams(int memoryKiB, int iterations, int parallelism) {

    /** Argon2 needs at least 8 KiB of memory per lane. */
    public static final int MIN_MEMORY_KIB_PER_LANE = 8;
    /** 1 GiB: far above any sane setting, low enough that a hostile file cannot exhaust the heap. */
    public static final int MAX_MEMORY_KIB = 1024 * 1024;
    public static final int MAX_ITERATIONS = 10;
    public static final int MAX_PARALLELISM = 8;

    /** The cost used for real identity keys; see the class comment for the measured unlock time. */
    public static final KdfParams DEFAULT = new KdfParams(64 * 1024, 2, 1);

    /** A deliberately weak cost (256 KiB, one pass) that keeps tests fast. Never use it for a real key. */
    public static final KdfParams FOR_TESTS = new KdfParams(256, 1, 1);

    /**
     * @throws IllegalArgumentException naming the parameter that is out of bounds
     */
    public KdfParams {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "parallelism must be between 1 and " + MAX_PARALLELISM + ", got " + parallelism);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(
                    "iterations must be between 1 and " + MAX_ITERATIONS + ", got " + iterations);
        }
        int minMemoryKiB = MIN_MEMORY_KIB_PER_LANE * parallelism;
        if (memoryKiB < minMemoryKiB || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("memoryKiB must be between " + minMemoryKiB + " and "
                    + MAX_MEMORY_KIB + " for parallelism " + parallelism + ", got " + memoryKiB);
        }
    }
}
