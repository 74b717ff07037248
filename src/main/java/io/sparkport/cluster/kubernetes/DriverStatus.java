package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobCondition;
import io.kubernetes.client.openapi.models.V1Pod;
import io.sparkport.cluster.DriverPhase;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Pure: a driver's phase from its Job and the Job's newest pod, as the informers hold them.
 *
 * @param exitCode      the driver container's exit code once it terminated, else null
 * @param jobReason     the reason of the Job's Failed condition (DeadlineExceeded, BackoffLimitExceeded...)
 * @param podIp         the driver pod's IP while it runs (its Spark UI is there)
 * @param podName       the pod whose log is the driver's output, or null before one exists
 */
public record DriverStatus(DriverPhase phase, Integer exitCode, String jobReason, String jobMessage, String podIp,
                           String podName) {

    public static DriverStatus of(V1Job job, List<V1Pod> pods) {
        Optional<V1Pod> pod = pods.stream()
                .filter(p -> p.getMetadata() != null && p.getMetadata().getCreationTimestamp() != null)
                .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp()))
                .or(() -> pods.stream().findFirst());
        String podName = pod.map(p -> p.getMetadata().getName()).orElse(null);
        Integer exit = pod.flatMap(DriverStatus::exitCode).orElse(null);
        Optional<V1JobCondition> complete = condition(job, "Complete");
        Optional<V1JobCondition> failed = condition(job, "Failed");
        if (complete.isPresent() || (job.getStatus() != null && positive(job.getStatus().getSucceeded()))) {
            return new DriverStatus(DriverPhase.SUCCEEDED, exit == null ? 0 : exit, null, null, null, podName);
        }
        if (failed.isPresent()) {
            return new DriverStatus(DriverPhase.FAILED, exit, failed.get().getReason(), failed.get().getMessage(),
                    null, podName);
        }
        String phase = pod.map(p -> p.getStatus() == null ? null : p.getStatus().getPhase()).orElse(null);
        if ("Running".equals(phase)) {
            return new DriverStatus(DriverPhase.RUNNING, null, null, null, pod.get().getStatus().getPodIP(), podName);
        }
        if ("Failed".equals(phase) && job.getStatus() != null && !positive(job.getStatus().getActive())) {
            return new DriverStatus(DriverPhase.FAILED, exit, null, null, null, podName);
        }
        return new DriverStatus(DriverPhase.STARTING, null, null, null, null, podName);
    }

    private static Optional<V1JobCondition> condition(V1Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }

    private static Optional<Integer> exitCode(V1Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .map(V1ContainerStatus::getState)
                .filter(s -> s != null && s.getTerminated() != null)
                .map(s -> s.getTerminated().getExitCode())
                .findFirst();
    }

    private static boolean positive(Integer n) {
        return n != null && n > 0;
    }
}
