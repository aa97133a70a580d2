package org.kith.p2p.pubsub;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Everything a {@link Gossipsub} router is configured with. Time, scheduling and chance are
 * injected so tests are deterministic. Immutable.
 *
 * @param params router parameters
 * @param scoreParams peer-score parameters
 * @param thresholds score thresholds
 * @param messageIdFn message ID of a message (its {@code id} is null when passed in); must be a
 *     pure function, the same on every node of the network
 * @param signaturePolicy only {@link SignaturePolicy#STRICT_SIGN}
 * @param clock the router's time source
 * @param scheduler runs heartbeats, validation results and subscriber callbacks; null: the router
 *     creates (and on close shuts down) a single daemon thread
 * @param random the router's random source (peer selection, gossip targets)
 * @param maxPendingValidations validations in flight at most; messages beyond are dropped
 * @param dialPeerExchange whether peers received by PX (with a valid signed peer record) are dialed
 */
public record GossipsubConfig(GossipsubParams params, PeerScoreParams scoreParams, PeerScoreThresholds thresholds,
        Function<PubsubMessage, byte[]> messageIdFn, SignaturePolicy signaturePolicy, Clock clock,
        ScheduledExecutorService scheduler, Random random, int maxPendingValidations, boolean dialPeerExchange) {

    /** Kith's message ID: sha256 of the message data (so one record is one message, whoever relays it). */
    public static final Function<PubsubMessage, byte[]> SHA256_DATA_MESSAGE_ID = m -> sha256(m.data());

    /** go-libp2p's default message ID: {@code from ‖ seqno}, raw bytes. */
    public static final Function<PubsubMessage, byte[]> FROM_SEQNO_MESSAGE_ID = m -> {
        byte[] from = m.from().toBytes();
        byte[] id = new byte[from.length + 8];
        System.arraycopy(from, 0, id, 0, from.length);
        for (int i = 0; i < 8; i++) {
            id[from.length + i] = (byte) (m.seqno() >>> (56 - 8 * i));
        }
        return id;
    };

    public static final int DEFAULT_MAX_PENDING_VALIDATIONS = 1024;

    public GossipsubConfig {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(scoreParams, "scoreParams");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(messageIdFn, "messageIdFn");
        Objects.requireNonNull(signaturePolicy, "signaturePolicy");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        if (maxPendingValidations < 1) {
            throw new IllegalArgumentException("maxPendingValidations < 1");
        }
    }

    /** Spec parameters, Kith scoring, sha256(data) message IDs, system clock, own scheduler. */
    public static GossipsubConfig defaults() {
        return new GossipsubConfig(GossipsubParams.defaults(), PeerScoreParams.kithDefaults(),
                PeerScoreThresholds.kithDefaults(), SHA256_DATA_MESSAGE_ID, SignaturePolicy.STRICT_SIGN,
                Clock.systemUTC(), null, new Random(), DEFAULT_MAX_PENDING_VALIDATIONS, true);
    }

    public GossipsubConfig withParams(GossipsubParams p) {
        return new GossipsubConfig(p, scoreParams, thresholds, messageIdFn, signaturePolicy, clock, scheduler, random,
                maxPendingValidations, dialPeerExchange);
    }

    public GossipsubConfig withScore(PeerScoreParams s, PeerScoreThresholds t) {
        return new GossipsubConfig(params, s, t, messageIdFn, signaturePolicy, clock, scheduler, random,
                maxPendingValidations, dialPeerExchange);
    }

    public GossipsubConfig withMessageIdFn(Function<PubsubMessage, byte[]> fn) {
        return new GossipsubConfig(params, scoreParams, thresholds, fn, signaturePolicy, clock, scheduler, random,
                maxPendingValidations, dialPeerExchange);
    }

    /** Injected time, scheduler and randomness (tests). */
    public GossipsubConfig withRuntime(Clock c, ScheduledExecutorService s, Random r) {
        return new GossipsubConfig(params, scoreParams, thresholds, messageIdFn, signaturePolicy, c, s, r,
                maxPendingValidations, dialPeerExchange);
    }

    public GossipsubConfig withMaxPendingValidations(int max) {
        return new GossipsubConfig(params, scoreParams, thresholds, messageIdFn, signaturePolicy, clock, scheduler,
                random, max, dialPeerExchange);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
