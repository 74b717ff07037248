package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure: the restarts of a pool's master and worker containers since the last look, as the pool's incidents.
 * The kubelet restarts a master or worker that dies in place ({@code restartPolicy: Always}); only its
 * container's {@code restartCount} and {@code lastState} tell. A pod seen for the first time reports nothing
 * (its restarts happened before this service looked, e.g. before a restart of the service).
 *
 * @param counts    the restart count of each pod last seen, by pod uid
 * @param incidents what restarted since the previous counts
 */
record ContainerRestarts(Map<String, Integer> counts, List<String> incidents) {

    static final ContainerRestarts NONE = new ContainerRestarts(Map.of(), List.of());

    /** What {@code pods} show against the {@code previous} look. */
    static ContainerRestarts of(ContainerRestarts previous, List<V1Pod> pods) {
        Map<String, Integer> counts = new HashMap<>();
        List<String> incidents = new ArrayList<>();
        for (V1Pod pod : pods) {
            V1ContainerStatus status = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                    || pod.getStatus().getContainerStatuses().isEmpty() ? null : pod.getStatus().getContainerStatuses().get(0);
            if (status == null || pod.getMetadata().getUid() == null) {
                continue;
            }
            int count = status.getRestartCount() == null ? 0 : status.getRestartCount();
            counts.put(pod.getMetadata().getUid(), count);
            Integer before = previous.counts.get(pod.getMetadata().getUid());
            if (before != null && count > before) {
                String component = pod.getMetadata().getLabels() == null ? null
                        : pod.getMetadata().getLabels().get(KubeNames.COMPONENT);
                incidents.add((component == null ? "container" : component) + " " + pod.getMetadata().getName()
                        + " died (" + lastEnd(status) + "), restarted in its pod" + (count - before > 1
                        ? " (" + (count - before) + " times)" : ""));
            }
        }
        return new ContainerRestarts(Map.copyOf(counts), List.copyOf(incidents));
    }

    private static String lastEnd(V1ContainerStatus status) {
        V1ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
        if (last == null) {
            return "its container ended";
        }
        return "exited with code " + last.getExitCode() + (last.getReason() == null ? "" : " (" + last.getReason() + ")");
    }
}
