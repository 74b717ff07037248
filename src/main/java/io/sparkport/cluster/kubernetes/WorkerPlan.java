package io.sparkport.cluster.kubernetes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Pure: how a worker StatefulSet reaches a desired worker count. A StatefulSet only ever removes its
 * highest ordinals, so scale-down goes only as far as the highest ordinals are all among the idle
 * workers the reconciler chose; a chosen worker below the new count is deleted instead, and the
 * StatefulSet recreates it with the current template (a replacement, as for a policy change).
 *
 * @param replicas   the StatefulSet's new replica count
 * @param deletePods worker pods to delete for replacement
 */
public record WorkerPlan(int replicas, List<String> deletePods) {

    public static WorkerPlan of(String pool, int currentReplicas, int desired, Collection<String> removable) {
        int replicas = currentReplicas;
        if (desired >= currentReplicas) {
            replicas = desired;
        } else {
            while (replicas > desired && removable.contains(KubeNames.workerPod(pool, replicas - 1))) {
                replicas--;
            }
        }
        List<String> delete = new ArrayList<>();
        if (desired >= currentReplicas) {
            for (String pod : removable) {
                int ordinal = KubeNames.workerOrdinal(pool, pod);
                if (ordinal >= 0 && ordinal < currentReplicas) {
                    delete.add(pod);
                }
            }
        }
        return new WorkerPlan(replicas, List.copyOf(delete));
    }

    public boolean changes(int currentReplicas) {
        return replicas != currentReplicas || !deletePods.isEmpty();
    }
}
