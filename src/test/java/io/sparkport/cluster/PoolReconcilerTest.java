package io.sparkport.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class PoolReconcilerTest {

    static ScalingDecision decision(ScalingDecision.Action action) {
        return new ScalingDecision(action, 1, List.of(), "test", null);
    }

    /**
     * A pass hands queued SQL jobs to a READY engine before it observes the cluster only when the last pass left
     * the workers in place; the first pass of a pool (no decision yet) waits for its own decision.
     */
    @Test
    void onlyADecisionThatKeepsTheWorkersLetsJobsStartBeforeTheObservation() {
        for (ScalingDecision.Action action : ScalingDecision.Action.values()) {
            boolean expected = action == ScalingDecision.Action.NONE || action == ScalingDecision.Action.SCALE_UP;
            assertEquals(expected, PoolReconciler.leavesClusterUsable(decision(action)), action.name());
        }
        assertFalse(PoolReconciler.leavesClusterUsable(null));
    }
}
