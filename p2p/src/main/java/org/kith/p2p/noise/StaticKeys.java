package org.kith.p2p.noise;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.kith.protocol.identity.Ed25519KeyPair;

/**
 * The process-wide Noise static keys: one X25519 key pair per identity, generated on first use
 * and never written anywhere (libp2p Noise spec, "Static Key Authentication", allows per-process
 * keys). Keyed weakly by the identity object, so a discarded identity takes its key with it.
 *
 * <p>One key per identity rather than one per process: two identities in one process must not
 * be linkable by a shared static key. Thread-safe.
 */
final class StaticKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Ed25519KeyPair, X25519KeyPair> KEYS = Collections.synchronizedMap(new WeakHashMap<>());

    private StaticKeys() {
    }

    /** The static key pair of {@code identity} in this process. */
    static X25519KeyPair forIdentity(Ed25519KeyPair identity) {
        return KEYS.computeIfAbsent(identity, id -> X25519KeyPair.generate(RANDOM));
    }
}
