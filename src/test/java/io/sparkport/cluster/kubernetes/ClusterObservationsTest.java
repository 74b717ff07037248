package io.sparkport.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.sparkport.cluster.ClusterObservation;
import io.sparkport.cluster.WorkerObservation;
import io.sparkport.cluster.local.MasterStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterObservationsTest {

    static V1StatefulSet set(String name, int replicas) {
        return new V1StatefulSet().metadata(new V1ObjectMeta().name(name)).spec(new V1StatefulSetSpec().replicas(replicas));
    }

    static V1Pod worker(int ordinal, String ip, boolean deleting) {
        return new V1Pod().metadata(new V1ObjectMeta().name(KubeNames.workerPod("p", ordinal))
                        .deletionTimestamp(deleting ? OffsetDateTime.now() : null))
                .status(new V1PodStatus().podIP(ip));
    }

    static ClusterObservation observe(int replicas, List<V1Pod> pods) {
        MasterStatus.Master master = new MasterStatus.Master("spark://m:7077", "ALIVE", List.of(
                new MasterStatus.Worker("w0", "10.0.0.1", 1, 1, 0, 512, 0, "ALIVE"),
                new MasterStatus.Worker("w1", "10.0.0.2", 1, 1, 0, 512, 0, "ALIVE")), List.of());
        return ClusterObservations.of("p", "ns", Optional.of(set(KubeNames.master("p"), 1)),
                Optional.of(set(KubeNames.workers("p"), replicas)), pods, Optional.of(master));
    }

    @Test
    void aWorkerPodBeyondTheReplicasIsOnItsWayOutAndNotCounted() {
        ClusterObservation seen = observe(1, List.of(worker(0, "10.0.0.1", false), worker(1, "10.0.0.2", false)));
        assertEquals(List.of(KubeNames.workerPod("p", 0)), seen.workers().stream().map(WorkerObservation::id).toList());
        assertEquals(1, seen.aliveCores());
    }

    @Test
    void aDeletedWorkerPodCountsAsStartingUntilItsReplacementRegisters() {
        ClusterObservation seen = observe(2, List.of(worker(0, "10.0.0.1", false), worker(1, "10.0.0.2", true)));
        assertEquals(List.of(WorkerObservation.ALIVE, WorkerObservation.STARTING),
                seen.workers().stream().map(WorkerObservation::state).toList());
    }
}
