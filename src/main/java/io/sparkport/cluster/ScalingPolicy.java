package io.sparkport.cluster;

import io.sparkport.cluster.ScalingDecision.Action;
import io.sparkport.pool.PoolPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Pure decision: from a pool's policy, its demand and its observed cluster, how many workers it should
 * have, which may go, and whether the whole cluster should go. No clock, no client, no process.
 */
public final class ScalingPolicy {

    private ScalingPolicy() {
    }

    /**
     * @param lastActivity     when the pool last had work (the latest job end, or the cluster's start)
     * @param lowerDemandSince carried over from the previous decision
     */
    public static ScalingDecision decide(PoolPolicy policy, Demand demand, ClusterObservation cluster,
                                         Instant now, Instant lastActivity, Instant lowerDemandSince) {
        int desired = desiredWorkers(policy, demand);
        return switch (cluster.state()) {
            case DOWN -> demand.hasWork()
                    ? new ScalingDecision(Action.START, desired, List.of(), "started: " + demand.describe(), null)
                    : ScalingDecision.none(0, "down: " + demand.describe(), null);
            case STOPPING -> ScalingDecision.none(0, "stopping", null);
            case STARTING, READY -> decideRunning(policy, demand, cluster, now, lastActivity, lowerDemandSince, desired);
        };
    }

    /** Enough workers for every running and queued job's cores, within [max(min, 1), max]. */
    public static int desiredWorkers(PoolPolicy policy, Demand demand) {
        int forCores = (demand.cores() + policy.workerCores() - 1) / policy.workerCores();
        return Math.min(policy.maxWorkers(), Math.max(Math.max(policy.minWorkers(), 1), forCores));
    }

    private static ScalingDecision decideRunning(PoolPolicy policy, Demand demand, ClusterObservation cluster,
                                                 Instant now, Instant lastActivity, Instant lowerSince, int desired) {
        if (!demand.hasWork() && lastActivity != null) {
            Duration idle = Duration.between(lastActivity, now);
            if (idle.compareTo(policy.idleTimeout()) >= 0) {
                return new ScalingDecision(Action.TEAR_DOWN, 0, List.of(),
                        "torn down: idle for " + policy.idleTimeout(), null);
            }
        }
        int current = cluster.workers().size();
        String why = demand.describe();
        if (desired > current) {
            return new ScalingDecision(Action.SCALE_UP, desired, List.of(),
                    "scaled " + current + "→" + desired + ": " + why, null);
        }
        if (desired == current) {
            List<String> stale = staleIdleWorkers(policy, cluster);
            if (!stale.isEmpty()) {
                return new ScalingDecision(Action.REPLACE, current, stale, "replacing " + stale.size()
                        + " idle workers sized before the policy changed to " + policy.workerCores() + " cores, "
                        + policy.workerMemory().toSpark(), null);
            }
            return ScalingDecision.none(desired, "steady: " + why, null);
        }
        Instant since = lowerSince == null ? now : lowerSince;
        if (Duration.between(since, now).compareTo(policy.scaleDownDelay()) < 0) {
            return ScalingDecision.none(current, "waiting " + policy.scaleDownDelay() + " before scaling down to "
                    + desired + ": " + why, since);
        }
        List<String> remove = idleWorkers(cluster, current - desired);
        if (remove.isEmpty()) {
            return ScalingDecision.none(current, "cannot scale down to " + desired + ": every worker runs executors", since);
        }
        int target = current - remove.size();
        return new ScalingDecision(Action.SCALE_DOWN, target, remove,
                "scaled " + current + "→" + target + ": " + why + ", idle workers removed", null);
    }

    /** Idle workers whose size differs from the policy's (it was edited while the cluster ran). */
    static List<String> staleIdleWorkers(PoolPolicy policy, ClusterObservation cluster) {
        return cluster.workers().stream()
                .filter(w -> w.alive() && w.idle())
                .filter(w -> w.cores() != policy.workerCores() || w.memoryMb() != policy.workerMemory().mebibytes())
                .map(WorkerObservation::id)
                .toList();
    }

    /** Up to {@code count} workers running no executor, highest names first (a StatefulSet's last ordinals). */
    static List<String> idleWorkers(ClusterObservation cluster, int count) {
        return cluster.workers().stream()
                .filter(w -> w.alive() && w.idle())
                .map(WorkerObservation::id)
                .sorted(Comparator.comparing(String::length).thenComparing(Comparator.naturalOrder()).reversed())
                .limit(count)
                .toList();
    }
}
