package org.kith.p2p.pubsub;

import java.time.Duration;

/**
 * Per-topic score parameters (gossipsub v1.1 §"Topic parameters"): P₁ time in mesh, P₂ first
 * deliveries, P₃ mesh delivery deficit, P₃b sticky mesh-failure penalty, P₄ invalid messages. A
 * weight of 0 switches a term off. Counters decay by their factor every
 * {@link PeerScoreParams#decayInterval()}. Immutable.
 */
public record TopicScoreParams(double topicWeight, double timeInMeshWeight, Duration timeInMeshQuantum,
        double timeInMeshCap, double firstMessageDeliveriesWeight, double firstMessageDeliveriesDecay,
        double firstMessageDeliveriesCap, double meshMessageDeliveriesWeight, double meshMessageDeliveriesDecay,
        double meshMessageDeliveriesThreshold, double meshMessageDeliveriesCap,
        Duration meshMessageDeliveriesActivation, Duration meshMessageDeliveryWindow,
        double meshFailurePenaltyWeight, double meshFailurePenaltyDecay, double invalidMessageDeliveriesWeight,
        double invalidMessageDeliveriesDecay) {

    public TopicScoreParams {
        if (topicWeight < 0 || timeInMeshWeight < 0 || firstMessageDeliveriesWeight < 0) {
            throw new IllegalArgumentException("topic, P1 and P2 weights must be ≥ 0");
        }
        if (meshMessageDeliveriesWeight > 0 || meshFailurePenaltyWeight > 0 || invalidMessageDeliveriesWeight > 0) {
            throw new IllegalArgumentException("P3, P3b and P4 weights must be ≤ 0");
        }
        if (timeInMeshWeight > 0 && (timeInMeshQuantum.isZero() || timeInMeshQuantum.isNegative())) {
            throw new IllegalArgumentException("P1 needs a positive quantum");
        }
        for (double decay : new double[] {firstMessageDeliveriesDecay, meshMessageDeliveriesDecay,
                meshFailurePenaltyDecay, invalidMessageDeliveriesDecay}) {
            if (decay < 0 || decay >= 1) {
                throw new IllegalArgumentException("decay factors must be in [0, 1)");
            }
        }
        if (meshMessageDeliveriesWeight < 0 && meshMessageDeliveriesThreshold <= 0) {
            throw new IllegalArgumentException("P3 needs a positive threshold");
        }
    }

    /**
     * Kith's defaults for any topic without its own parameters: P₁ up to +6 after 10 minutes in the
     * mesh, P₂ up to +10, P₃/P₃b off (weight 0, as go's defaults; enable once message rates are
     * known), P₄ −10 × count² decaying 0.99 per second (three invalid messages in a row graylist; the count halves in about a minute).
     */
    public static TopicScoreParams kithDefaults() {
        return new TopicScoreParams(1.0, 0.01, Duration.ofSeconds(1), 600, 1.0, 0.5, 10, 0, 0.5, 1, 10,
                Duration.ofSeconds(30), Duration.ofMillis(10), 0, 0.5, -10, 0.99);
    }

    /** The same parameters with P₃ and P₃b switched on. */
    public TopicScoreParams withMeshDeliveries(double weight, double threshold, double cap, Duration activation,
            Duration window, double failureWeight) {
        return new TopicScoreParams(topicWeight, timeInMeshWeight, timeInMeshQuantum, timeInMeshCap,
                firstMessageDeliveriesWeight, firstMessageDeliveriesDecay, firstMessageDeliveriesCap, weight,
                meshMessageDeliveriesDecay, threshold, cap, activation, window, failureWeight, meshFailurePenaltyDecay,
                invalidMessageDeliveriesWeight, invalidMessageDeliveriesDecay);
    }
}
