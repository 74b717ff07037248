package io.sparkport.cluster;

import java.time.Instant;
import java.util.List;

/**
 * What the reconciler should do with a pool's cluster, and why.
 *
 * @param lowerDemandSince since when demand has wanted fewer workers than exist (null when it does not),
 *                         carried to the next pass to time the scale-down delay
 */
public record ScalingDecision(Action action, int desiredWorkers, List<String> removeWorkers, String reason,
                              Instant lowerDemandSince) {

    public enum Action { NONE, START, SCALE_UP, SCALE_DOWN, REPLACE, TEAR_DOWN }

    static ScalingDecision none(int desired, String reason, Instant lowerDemandSince) {
        return new ScalingDecision(Action.NONE, desired, List.of(), reason, lowerDemandSince);
    }
}
