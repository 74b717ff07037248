package io.sparkport.api;

import io.sparkport.cluster.ClusterObservation;
import io.sparkport.cluster.ScalingDecision;
import io.sparkport.cluster.WorkerObservation;
import java.util.List;
import java.util.Optional;

/** A pool's cluster as observed from its master, with the reconciler's latest decision. */
public record ClusterView(String state, String masterUrl, String webUiUrl, List<Worker> workers,
                          Integer desiredWorkers, String reason) {

    public record Worker(String id, String state, int cores, int coresUsed, long memory, long memoryUsed) {
    }

    static ClusterView of(ClusterObservation c, Optional<ScalingDecision> decision) {
        List<Worker> workers = c.workers().stream()
                .map((WorkerObservation w) -> new Worker(w.id(), w.state(), w.cores(), w.coresUsed(), w.memoryMb(), w.memoryUsedMb()))
                .toList();
        return new ClusterView(c.state().name(), c.masterUrl(), c.webUiUrl(), workers,
                decision.map(ScalingDecision::desiredWorkers).orElse(null),
                decision.map(ScalingDecision::reason).orElse(null));
    }
}
