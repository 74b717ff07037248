package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.models.V1Secret;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Pure: which driver Secrets are left over, i.e. name no Job that exists or is being created. */
final class DriverSecrets {

    private DriverSecrets() {
    }

    /**
     * The names of the Secrets whose Job is not among {@code jobs}, whose job is not being launched here, and that
     * were created before {@code before} (a younger one may be another replica's launch in progress).
     */
    static List<String> orphans(Collection<V1Secret> secrets, Set<String> jobs, Set<String> launchingJobIds,
                                OffsetDateTime before) {
        return secrets.stream()
                .filter(s -> s.getMetadata() != null && s.getMetadata().getName() != null)
                .filter(s -> !jobs.contains(s.getMetadata().getName()))
                .filter(s -> {
                    var labels = s.getMetadata().getLabels();
                    String jobId = labels == null ? null : labels.get(KubeNames.JOB);
                    return jobId == null || !launchingJobIds.contains(jobId);
                })
                .filter(s -> s.getMetadata().getCreationTimestamp() != null
                        && s.getMetadata().getCreationTimestamp().isBefore(before))
                .map(s -> s.getMetadata().getName())
                .sorted()
                .toList();
    }
}
