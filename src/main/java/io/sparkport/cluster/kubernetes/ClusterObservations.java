package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.sparkport.cluster.ClusterObservation;
import io.sparkport.cluster.ClusterState;
import io.sparkport.cluster.WorkerObservation;
import io.sparkport.cluster.local.MasterStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pure: a pool's cluster as seen in the informer caches and the master's {@code /json/}. A worker pod is
 * ALIVE only once the master lists it (matched by pod IP) as ALIVE; every replica the StatefulSet wants
 * but has no pod for yet counts as a STARTING worker under the name its pod will have.
 */
public final class ClusterObservations {

    private ClusterObservations() {
    }

    /**
     * @param master      the master StatefulSet, empty when the cluster is down
     * @param workerSet   the worker StatefulSet, if it exists
     * @param workerPods  the pool's worker pods
     * @param status      what the master reports, empty while it does not answer
     */
    public static ClusterObservation of(String pool, String namespace, Optional<V1StatefulSet> master,
                                        Optional<V1StatefulSet> workerSet, List<V1Pod> workerPods,
                                        Optional<MasterStatus.Master> status) {
        if (master.isEmpty()) {
            return ClusterObservation.DOWN;
        }
        if (master.get().getMetadata().getDeletionTimestamp() != null) {
            return new ClusterObservation(ClusterState.STOPPING, null, null, List.of(), null);
        }
        Map<String, MasterStatus.Worker> byHost = status.map(MasterStatus.Master::workers).orElse(List.of()).stream()
                .filter(w -> !"DEAD".equals(w.state()) && w.host() != null)
                .collect(Collectors.toMap(MasterStatus.Worker::host, Function.identity(), (a, b) -> b));
        List<WorkerObservation> workers = new ArrayList<>();
        int wanted = workerSet.map(s -> s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas()).orElse(0);
        // A pod beyond the StatefulSet's replicas or being deleted is on its way out (the controller takes a
        // moment): counting it would make the next pass scale back up to it.
        List<V1Pod> sorted = workerPods.stream()
                .filter(p -> KubeNames.workerOrdinal(pool, p.getMetadata().getName()) >= 0)
                .filter(p -> KubeNames.workerOrdinal(pool, p.getMetadata().getName()) < wanted
                        && p.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparingInt(p -> KubeNames.workerOrdinal(pool, p.getMetadata().getName())))
                .toList();
        for (V1Pod pod : sorted) {
            String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
            MasterStatus.Worker w = ip == null ? null : byHost.get(ip);
            String name = pod.getMetadata().getName();
            workers.add(w == null
                    ? new WorkerObservation(name, WorkerObservation.STARTING, 0, 0, 0, 0)
                    : new WorkerObservation(name, w.state(), w.cores(), w.coresused(), w.memory(), w.memoryused()));
        }
        for (int ordinal = 0; ordinal < wanted; ordinal++) {
            String name = KubeNames.workerPod(pool, ordinal);
            if (sorted.stream().noneMatch(p -> p.getMetadata().getName().equals(name))) {
                workers.add(new WorkerObservation(name, WorkerObservation.STARTING, 0, 0, 0, 0));
            }
        }
        boolean ready = workers.stream().anyMatch(WorkerObservation::alive);
        Instant upSince = master.get().getMetadata().getCreationTimestamp() == null
                ? null : master.get().getMetadata().getCreationTimestamp().toInstant();
        return new ClusterObservation(ready ? ClusterState.READY : ClusterState.STARTING, KubeNames.masterUrl(pool),
                KubeNames.masterUiUrl(pool, namespace), workers, upSince);
    }
}
