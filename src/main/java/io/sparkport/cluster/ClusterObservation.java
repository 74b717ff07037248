package io.sparkport.cluster;

import java.time.Instant;
import java.util.List;

/**
 * What a backend sees of a pool's cluster in one pass.
 *
 * @param workers every worker process or pod that exists, registered or not
 * @param upSince when the current cluster was started (null when DOWN)
 * @param incidents what went wrong since the last observation (a process that died), for the event log
 */
public record ClusterObservation(ClusterState state, String masterUrl, String webUiUrl,
                                 List<WorkerObservation> workers, Instant upSince, List<String> incidents) {

    public static ClusterObservation down(List<String> incidents) {
        return new ClusterObservation(ClusterState.DOWN, null, null, List.of(), null, incidents);
    }

    public int aliveCores() {
        return workers.stream().filter(WorkerObservation::alive).mapToInt(WorkerObservation::cores).sum();
    }
}
