package org.kith.p2p.pubsub;

import java.time.Duration;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.kith.protocol.identity.PeerId;

/**
 * Peer-score parameters (gossipsub v1.1 §"Peer scoring"). Score =
 * TopicCap(Σ topicWeight·(w₁P₁ + w₂P₂ + w₃P₃ + w₃bP₃b + w₄P₄)) + w₅P₅ + w₇·max(0, P₇ − threshold)².
 * P₆ (IP colocation) is not computed. Immutable.
 *
 * @param topics parameters per topic
 * @param defaultTopic parameters for topics not in {@code topics}; null leaves them unscored
 * @param topicScoreCap cap on the positive topic part; 0 for none
 * @param appSpecificScore P₅, asked on every score computation (must be fast and thread-safe)
 * @param behaviourPenaltyWeight w₇ (≤ 0)
 * @param behaviourPenaltyThreshold penalty counts up to this are free
 * @param behaviourPenaltyDecay P₇ decay per interval
 * @param decayInterval how often counters decay
 * @param decayToZero a counter that decays below this becomes 0
 * @param retainScore how long a disconnected peer's counters are kept (so reconnecting does not
 *     wash a bad score)
 */
public record PeerScoreParams(Map<String, TopicScoreParams> topics, TopicScoreParams defaultTopic,
        double topicScoreCap, ToDoubleFunction<PeerId> appSpecificScore, double appSpecificWeight,
        double behaviourPenaltyWeight, double behaviourPenaltyThreshold, double behaviourPenaltyDecay,
        Duration decayInterval, double decayToZero, Duration retainScore) {

    public PeerScoreParams {
        topics = Map.copyOf(topics);
        if (topicScoreCap < 0 || behaviourPenaltyWeight > 0 || behaviourPenaltyThreshold < 0) {
            throw new IllegalArgumentException("need topic cap ≥ 0, w7 ≤ 0, P7 threshold ≥ 0");
        }
        if (behaviourPenaltyDecay < 0 || behaviourPenaltyDecay >= 1 || decayToZero <= 0 || decayToZero >= 1) {
            throw new IllegalArgumentException("decay factors must be in [0, 1), decayToZero in (0, 1)");
        }
        if (decayInterval.toMillis() < 1) {
            throw new IllegalArgumentException("decay interval under 1 ms");
        }
    }

    /**
     * Kith's defaults: every topic scored with {@link TopicScoreParams#kithDefaults()}, positive cap
     * 50, no app score, P₇ −10 × (count − 1)² decaying 0.99 per second, decay every second, scores
     * kept 60 s after a disconnect.
     */
    public static PeerScoreParams kithDefaults() {
        return new PeerScoreParams(Map.of(), TopicScoreParams.kithDefaults(), 50, p -> 0, 1, -10, 1, 0.99,
                Duration.ofSeconds(1), 0.01, Duration.ofSeconds(60));
    }

    public PeerScoreParams withAppSpecificScore(ToDoubleFunction<PeerId> score, double weight) {
        return new PeerScoreParams(topics, defaultTopic, topicScoreCap, score, weight, behaviourPenaltyWeight,
                behaviourPenaltyThreshold, behaviourPenaltyDecay, decayInterval, decayToZero, retainScore);
    }

    public PeerScoreParams withDefaultTopic(TopicScoreParams params) {
        return new PeerScoreParams(topics, params, topicScoreCap, appSpecificScore, appSpecificWeight,
                behaviourPenaltyWeight, behaviourPenaltyThreshold, behaviourPenaltyDecay, decayInterval, decayToZero,
                retainScore);
    }

    TopicScoreParams topic(String topic) {
        TopicScoreParams p = topics.get(topic);
        return p != null ? p : defaultTopic;
    }
}
