package io.sparkport.cluster.timeline;

import io.sparkport.cluster.ClusterObservation;
import io.sparkport.cluster.Demand;
import io.sparkport.cluster.ScalingDecision;
import io.sparkport.cluster.WorkerObservation;
import java.time.Duration;
import java.time.Instant;

/**
 * What one reconcile pass saw of a pool, as a point of its timeline: the cluster's state, its workers
 * (registered with the master, and the count the pass decided on) and the demand (jobs with a driver,
 * jobs waiting, the cores they need together).
 */
public record Sample(Instant at, String state, int workersCurrent, int workersDesired, int runningJobs,
                     int queuedJobs, int demandCores) {

    public static Sample of(Instant at, ClusterObservation cluster, ScalingDecision decision, Demand demand) {
        int alive = (int) cluster.workers().stream().filter(WorkerObservation::alive).count();
        return new Sample(at, cluster.state().name(), alive, decision.desiredWorkers(), demand.activeJobs(),
                demand.queuedJobs(), demand.cores());
    }

    /** Same levels (everything but the time). */
    public boolean sameLevels(Sample other) {
        return other != null && state.equals(other.state) && workersCurrent == other.workersCurrent
                && workersDesired == other.workersDesired && runningJobs == other.runningJobs
                && queuedJobs == other.queuedJobs && demandCores == other.demandCores;
    }

    /**
     * Whether this sample is worth a row: the first of a pool, one whose levels changed, or one that comes
     * {@code heartbeat} after the last row (so a window of the timeline always starts from a known level).
     */
    public boolean worthRecording(Sample lastRecorded, Duration heartbeat) {
        return lastRecorded == null || !sameLevels(lastRecorded)
                || !at.isBefore(lastRecorded.at.plus(heartbeat));
    }
}
