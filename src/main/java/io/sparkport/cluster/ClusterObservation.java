package io.sparkport.cluster;

import java.time.Instant;
import java.util.List;

/**
 * What a backend sees of a pool's cluster in one pass.
 *
 * @param workers every worker process or pod that exists, registered or not
 * @param upSince when the current cluster was started (null when DOWN)
 */
public record ClusterObservation(ClusterState state, String masterUrl, String webUiUrl,
                                 List<WorkerObservation> workers, Instant upSince) {

    public static final ClusterObservation DOWN = new ClusterObservation(ClusterState.DOWN, null, null, List.of(), null);

    public int aliveCores() {
        return workers.stream().filter(WorkerObservation::alive).mapToInt(WorkerObservation::cores).sum();
    }
}
