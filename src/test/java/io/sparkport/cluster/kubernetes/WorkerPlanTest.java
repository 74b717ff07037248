package io.sparkport.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerPlanTest {

    static String w(int ordinal) {
        return KubeNames.workerPod("p", ordinal);
    }

    @Test
    void scaleUpSetsTheReplicas() {
        assertEquals(new WorkerPlan(5, List.of()), WorkerPlan.of("p", 2, 5, List.of()));
    }

    @Test
    void scaleDownDropsTheHighestOrdinalsThatAreRemovable() {
        assertEquals(new WorkerPlan(2, List.of()), WorkerPlan.of("p", 4, 2, List.of(w(3), w(2))));
    }

    @Test
    void aBusyHighOrdinalBlocksScaleDownBelowIt() {
        assertEquals(new WorkerPlan(4, List.of()), WorkerPlan.of("p", 4, 2, List.of(w(1), w(2))));
        assertEquals(new WorkerPlan(3, List.of()), WorkerPlan.of("p", 4, 1, List.of(w(3), w(1))));
    }

    @Test
    void scaleDownNeverGoesBelowTheDesiredCount() {
        assertEquals(new WorkerPlan(3, List.of()), WorkerPlan.of("p", 4, 3, List.of(w(3), w(2), w(1))));
    }

    @Test
    void removableWorkersWithinTheCountAreReplaced() {
        WorkerPlan plan = WorkerPlan.of("p", 3, 3, List.of(w(0), w(2), "sparkport-q-worker-1"));
        assertEquals(new WorkerPlan(3, List.of(w(0), w(2))), plan);
    }

    @Test
    void nothingToDoIsNoChange() {
        assertFalse(WorkerPlan.of("p", 3, 3, List.of()).changes(3));
    }
}
