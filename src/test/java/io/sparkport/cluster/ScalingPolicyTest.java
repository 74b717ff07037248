package io.sparkport.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkport.cluster.ScalingDecision.Action;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingPolicyTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final PoolPolicy POLICY = new PoolPolicy(0, 4, 2, new MemorySize(1024), Duration.ofMinutes(5),
            Duration.ofSeconds(30));

    static ClusterObservation cluster(int busyWorkers, int idleWorkers) {
        List<WorkerObservation> workers = new ArrayList<>();
        for (int i = 0; i < busyWorkers + idleWorkers; i++) {
            workers.add(new WorkerObservation("sparkport-p-worker-" + i, WorkerObservation.ALIVE, 2,
                    i < busyWorkers ? 2 : 0, 1024, 0));
        }
        return new ClusterObservation(ClusterState.READY, "spark://m", "http://m", workers, T0);
    }

    @Test
    void desiredWorkersCoverAllCoresWithinBounds() {
        assertEquals(1, ScalingPolicy.desiredWorkers(POLICY, Demand.NONE), "at least one worker while up");
        assertEquals(1, ScalingPolicy.desiredWorkers(POLICY, new Demand(0, 0, 1, 1)));
        assertEquals(3, ScalingPolicy.desiredWorkers(POLICY, new Demand(1, 2, 2, 4)));
        assertEquals(4, ScalingPolicy.desiredWorkers(POLICY, new Demand(2, 4, 10, 20)), "capped at max");
        PoolPolicy min3 = new PoolPolicy(3, 4, 2, new MemorySize(1024), Duration.ofMinutes(5), Duration.ZERO);
        assertEquals(3, ScalingPolicy.desiredWorkers(min3, new Demand(0, 0, 1, 1)), "at least min");
    }

    @Test
    void aDownPoolWithWorkStartsInOneStepToTheNeededSize() {
        ScalingDecision d = ScalingPolicy.decide(POLICY, new Demand(0, 0, 3, 6), ClusterObservation.DOWN,
                T0, null, null);
        assertEquals(Action.START, d.action());
        assertEquals(3, d.desiredWorkers());
        assertEquals("started: 3 queued jobs need 6 cores", d.reason());
    }

    @Test
    void aDownPoolWithoutWorkStaysDown() {
        ScalingDecision d = ScalingPolicy.decide(POLICY, Demand.NONE, ClusterObservation.DOWN, T0, null, null);
        assertEquals(Action.NONE, d.action());
        assertEquals(0, d.desiredWorkers());
    }

    @Test
    void scalesUpAtOnceWhenDemandGrows() {
        ScalingDecision d = ScalingPolicy.decide(POLICY, new Demand(1, 2, 3, 6), cluster(1, 0), T0, T0, null);
        assertEquals(Action.SCALE_UP, d.action());
        assertEquals(4, d.desiredWorkers());
        assertEquals("scaled 1→4: 1 running job and 3 queued jobs need 8 cores", d.reason());
    }

    @Test
    void scaleDownWaitsForTheDelayThenRemovesOnlyIdleWorkers() {
        Demand one = new Demand(1, 2, 0, 0);
        ScalingDecision first = ScalingPolicy.decide(POLICY, one, cluster(2, 2), T0, T0, null);
        assertEquals(Action.NONE, first.action());
        assertEquals(T0, first.lowerDemandSince());

        ScalingDecision early = ScalingPolicy.decide(POLICY, one, cluster(2, 2), T0.plusSeconds(29), T0, first.lowerDemandSince());
        assertEquals(Action.NONE, early.action());

        ScalingDecision later = ScalingPolicy.decide(POLICY, one, cluster(2, 2), T0.plusSeconds(30), T0, first.lowerDemandSince());
        assertEquals(Action.SCALE_DOWN, later.action());
        assertEquals(2, later.desiredWorkers(), "the two busy workers stay although one would do");
        assertEquals(List.of("sparkport-p-worker-3", "sparkport-p-worker-2"), later.removeWorkers());
    }

    @Test
    void neverRemovesABusyWorker() {
        ScalingDecision d = ScalingPolicy.decide(POLICY, new Demand(1, 2, 0, 0), cluster(3, 0), T0.plusSeconds(60), T0, T0);
        assertEquals(Action.NONE, d.action());
        assertEquals(3, d.desiredWorkers());
    }

    @Test
    void tearsDownOnlyAfterTheIdleTimeoutWithoutWork() {
        Instant lastJobEnd = T0;
        ScalingDecision before = ScalingPolicy.decide(POLICY, Demand.NONE, cluster(0, 1), T0.plus(Duration.ofSeconds(299)), lastJobEnd, null);
        assertEquals(Action.NONE, before.action());
        ScalingDecision after = ScalingPolicy.decide(POLICY, Demand.NONE, cluster(0, 1), T0.plus(Duration.ofMinutes(5)), lastJobEnd, null);
        assertEquals(Action.TEAR_DOWN, after.action());
        assertEquals("torn down: idle for PT5M", after.reason());
        ScalingDecision busy = ScalingPolicy.decide(POLICY, new Demand(0, 0, 1, 1), cluster(0, 1), T0.plus(Duration.ofHours(1)), lastJobEnd, null);
        assertEquals(Action.NONE, busy.action(), "queued work keeps the cluster");
    }

    @Test
    void idleWorkersSizedBeforeAPolicyEditAreReplacedBusyOnesKept() {
        PoolPolicy bigger = new PoolPolicy(0, 4, 2, new MemorySize(2048), Duration.ofMinutes(5), Duration.ofSeconds(30));
        ScalingDecision d = ScalingPolicy.decide(bigger, new Demand(1, 2, 0, 2), cluster(1, 1), T0, T0, null);
        assertEquals(Action.REPLACE, d.action());
        assertEquals(2, d.desiredWorkers());
        assertEquals(List.of("sparkport-p-worker-1"), d.removeWorkers());
        ScalingDecision unchanged = ScalingPolicy.decide(POLICY, new Demand(1, 2, 0, 2), cluster(1, 1), T0, T0, null);
        assertEquals(Action.NONE, unchanged.action());
    }

    @Test
    void idleWorkersAreTakenFromTheHighestOrdinal() {
        ClusterObservation c = cluster(0, 12);
        assertEquals(List.of("sparkport-p-worker-11", "sparkport-p-worker-10", "sparkport-p-worker-9"),
                ScalingPolicy.idleWorkers(c, 3));
    }
}
