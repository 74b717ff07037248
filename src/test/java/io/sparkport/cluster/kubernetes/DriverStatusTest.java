package io.sparkport.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobCondition;
import io.kubernetes.client.openapi.models.V1JobStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.sparkport.cluster.DriverPhase;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriverStatusTest {

    static V1Job job(V1JobStatus status) {
        return new V1Job().metadata(new V1ObjectMeta().name("sparkport-job-a")).status(status);
    }

    static V1Pod pod(String name, String phase, Integer exit, OffsetDateTime created) {
        V1PodStatus s = new V1PodStatus().phase(phase).podIP("10.1.2.3");
        if (exit != null) {
            s.containerStatuses(List.of(new V1ContainerStatus().name("driver").image("i").imageID("").ready(false)
                    .restartCount(0).state(new V1ContainerState().terminated(new V1ContainerStateTerminated().exitCode(exit)))));
        }
        return new V1Pod().metadata(new V1ObjectMeta().name(name).creationTimestamp(created)).status(s);
    }

    @Test
    void noPodYetIsStarting() {
        assertEquals(DriverPhase.STARTING, DriverStatus.of(job(null), List.of()).phase());
        assertEquals(DriverPhase.STARTING, DriverStatus.of(job(new V1JobStatus().active(1)),
                List.of(pod("a", "Pending", null, OffsetDateTime.now()))).phase());
    }

    @Test
    void aRunningPodIsRunningWithItsIp() {
        DriverStatus s = DriverStatus.of(job(new V1JobStatus().active(1)), List.of(pod("a", "Running", null, OffsetDateTime.now())));
        assertEquals(DriverPhase.RUNNING, s.phase());
        assertEquals("10.1.2.3", s.podIp());
    }

    @Test
    void aCompleteJobSucceeded() {
        DriverStatus s = DriverStatus.of(job(new V1JobStatus().succeeded(1).conditions(List.of(
                new V1JobCondition().type("Complete").status("True")))), List.of(pod("a", "Succeeded", 0, OffsetDateTime.now())));
        assertEquals(DriverPhase.SUCCEEDED, s.phase());
        assertEquals("a", s.podName());
    }

    @Test
    void aFailedJobCarriesItsReasonAndTheNewestPodsExitCode() {
        OffsetDateTime t = OffsetDateTime.now();
        DriverStatus s = DriverStatus.of(job(new V1JobStatus().failed(2).conditions(List.of(
                        new V1JobCondition().type("Failed").status("True").reason("DeadlineExceeded").message("too long")))),
                List.of(pod("old", "Failed", 1, t.minusMinutes(1)), pod("new", "Failed", 137, t)));
        assertEquals(DriverPhase.FAILED, s.phase());
        assertEquals(137, s.exitCode());
        assertEquals("new", s.podName());
        assertEquals("DeadlineExceeded", s.jobReason());
    }

    @Test
    void aFailedPodOfAJobThatMayRetryIsNotYetTheEnd() {
        assertEquals(DriverPhase.STARTING, DriverStatus.of(job(new V1JobStatus().active(1).failed(1)),
                List.of(pod("a", "Failed", 1, OffsetDateTime.now()))).phase());
    }
}
