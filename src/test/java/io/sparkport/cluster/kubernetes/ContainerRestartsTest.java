package io.sparkport.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerRestartsTest {

    static V1Pod worker(String uid, int restarts, Integer lastExit) {
        V1ContainerStatus status = new V1ContainerStatus().name("worker").restartCount(restarts);
        if (lastExit != null) {
            status.lastState(new V1ContainerState().terminated(new V1ContainerStateTerminated().exitCode(lastExit).reason("Error")));
        }
        return new V1Pod().metadata(new V1ObjectMeta().name("sparkport-p-worker-1").uid(uid)
                        .labels(Map.of(KubeNames.COMPONENT, KubeNames.WORKER)))
                .status(new V1PodStatus().containerStatuses(List.of(status)));
    }

    @Test
    void aRestartSinceTheLastLookIsAnIncidentWithTheContainersExitCode() {
        ContainerRestarts first = ContainerRestarts.of(ContainerRestarts.NONE, List.of(worker("u1", 0, null)));
        assertEquals(List.of(), first.incidents());
        ContainerRestarts next = ContainerRestarts.of(first, List.of(worker("u1", 1, 137)));
        assertEquals(List.of("worker sparkport-p-worker-1 died (exited with code 137 (Error)), restarted in its pod"),
                next.incidents());
        assertEquals(List.of(), ContainerRestarts.of(next, List.of(worker("u1", 1, 137))).incidents(), "reported once");
        assertEquals(List.of("worker sparkport-p-worker-1 died (exited with code 1 (Error)), restarted in its pod (2 times)"),
                ContainerRestarts.of(next, List.of(worker("u1", 3, 1))).incidents());
    }

    @Test
    void restartsOfAPodNotSeenBeforeAreNotReported() {
        // e.g. the service itself restarted: those restarts were reported, or happened, before it looked
        assertEquals(List.of(), ContainerRestarts.of(ContainerRestarts.NONE, List.of(worker("u1", 4, 137))).incidents());
        ContainerRestarts seen = ContainerRestarts.of(ContainerRestarts.NONE, List.of(worker("u1", 0, null)));
        assertEquals(List.of(), ContainerRestarts.of(seen, List.of(worker("u2", 2, 137))).incidents(), "a new pod, same name");
    }
}
