package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobCondition;
import io.kubernetes.client.openapi.models.V1JobStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The controllers the mock API server lacks, as far as the backend relies on them: the StatefulSet controller
 * (pods {@code <set>-0..n-1} from the template with hostname and subdomain, highest ordinals removed first,
 * missing ones recreated, pods of a deleted set removed) and the Job controller (one pod at a time from the
 * template, a failed pod retried up to {@code backoffLimit}, {@code activeDeadlineSeconds} enforced, the
 * Complete/Failed conditions, pods of a deleted Job removed: background propagation). Pods are only created and
 * deleted here; {@link ProcessKubelet} runs them.
 */
final class SimulatedControllers {

    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final String STATEFULSET_NAME = "apps.kubernetes.io/statefulset-name";

    private final String namespace;
    private final CoreV1Api core;
    private final AppsV1Api apps;
    private final BatchV1Api batch;

    SimulatedControllers(ApiClient client, String namespace) {
        this.namespace = namespace;
        this.core = new CoreV1Api(client);
        this.apps = new AppsV1Api(client);
        this.batch = new BatchV1Api(client);
    }

    void sync() throws ApiException {
        List<V1Pod> pods = core.listNamespacedPod(namespace).execute().getItems();
        statefulSets(pods);
        jobs(pods);
    }

    private void statefulSets(List<V1Pod> pods) throws ApiException {
        Set<String> wanted = new HashSet<>();
        for (V1StatefulSet sts : apps.listNamespacedStatefulSet(namespace).execute().getItems()) {
            int replicas = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
            String set = sts.getMetadata().getName();
            for (int i = 0; i < replicas; i++) {
                String name = set + "-" + i;
                wanted.add(name);
                if (pods.stream().noneMatch(p -> p.getMetadata().getName().equals(name))) {
                    V1PodSpec spec = copy(sts.getSpec().getTemplate()).getSpec()
                            .hostname(name).subdomain(sts.getSpec().getServiceName());
                    if (spec.getRestartPolicy() == null) {
                        spec.restartPolicy("Always");
                    }
                    create(name, sts.getSpec().getTemplate(), Map.of(STATEFULSET_NAME, set), spec);
                }
            }
        }
        for (V1Pod pod : pods) {
            String set = label(pod, STATEFULSET_NAME);
            if (set != null && !wanted.contains(pod.getMetadata().getName())) {
                delete(pod);
            }
        }
    }

    private void jobs(List<V1Pod> pods) throws ApiException {
        Map<String, V1Job> jobs = new HashMap<>();
        for (V1Job job : batch.listNamespacedJob(namespace).execute().getItems()) {
            jobs.put(job.getMetadata().getName(), job);
            List<V1Pod> own = pods.stream().filter(p -> job.getMetadata().getName().equals(label(p, JOB_NAME))).toList();
            syncJob(job, own);
        }
        for (V1Pod pod : pods) {
            String job = label(pod, JOB_NAME);
            if (job != null && !jobs.containsKey(job)) {
                delete(pod); // the Job went with background propagation: the garbage collector removes its pods
            }
        }
    }

    private void syncJob(V1Job job, List<V1Pod> pods) throws ApiException {
        V1JobStatus status = job.getStatus() == null ? new V1JobStatus() : job.getStatus();
        if (finished(status)) {
            return;
        }
        long failed = pods.stream().filter(p -> "Failed".equals(phase(p))).count();
        boolean succeeded = pods.stream().anyMatch(p -> "Succeeded".equals(phase(p)));
        List<V1Pod> active = pods.stream().filter(p -> !"Failed".equals(phase(p)) && !"Succeeded".equals(phase(p))).toList();
        int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
        Long deadline = job.getSpec().getActiveDeadlineSeconds();
        OffsetDateTime now = OffsetDateTime.now();
        V1JobStatus next = new V1JobStatus().startTime(status.getStartTime() == null ? now : status.getStartTime())
                .failed((int) failed).succeeded(succeeded ? 1 : 0).active(active.size());
        if (succeeded) {
            next.active(0).completionTime(now).conditions(List.of(condition("Complete", null, null)));
        } else if (failed > backoffLimit) {
            next.active(0).conditions(List.of(condition("Failed", "BackoffLimitExceeded",
                    "Job has reached the specified backoff limit")));
        } else if (deadline != null && next.getStartTime().plusSeconds(deadline).isBefore(now)) {
            for (V1Pod pod : active) {
                delete(pod);
            }
            next.active(0).conditions(List.of(condition("Failed", "DeadlineExceeded",
                    "Job was active longer than specified deadline")));
        } else if (active.isEmpty()) {
            String name = job.getMetadata().getName() + "-" + UUID.randomUUID().toString().substring(0, 5);
            create(name, job.getSpec().getTemplate(), Map.of(JOB_NAME, job.getMetadata().getName()),
                    copy(job.getSpec().getTemplate()).getSpec());
            next.active(1);
        }
        if (!next.equals(status)) {
            job.setStatus(next);
            try {
                batch.replaceNamespacedJobStatus(job.getMetadata().getName(), namespace, job).execute();
            } catch (ApiException e) {
                if (e.getCode() != 404 && e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    private static boolean finished(V1JobStatus status) {
        return status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
    }

    private static V1JobCondition condition(String type, String reason, String message) {
        OffsetDateTime now = OffsetDateTime.now();
        return new V1JobCondition().type(type).status("True").reason(reason).message(message)
                .lastProbeTime(now).lastTransitionTime(now);
    }

    private void create(String name, V1PodTemplateSpec template, Map<String, String> extraLabels, V1PodSpec spec)
            throws ApiException {
        Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels());
        labels.putAll(extraLabels);
        V1Pod pod = new V1Pod().apiVersion("v1").kind("Pod")
                .metadata(new V1ObjectMeta().name(name).namespace(namespace).labels(labels)
                        .annotations(template.getMetadata().getAnnotations()))
                .spec(spec);
        try {
            core.createNamespacedPod(namespace, pod).execute();
        } catch (ApiException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private void delete(V1Pod pod) {
        try {
            core.deleteNamespacedPod(pod.getMetadata().getName(), namespace).buildCall(null).execute().close();
        } catch (Exception e) {
            // gone already
        }
    }

    private static V1PodTemplateSpec copy(V1PodTemplateSpec template) {
        return KubeJson.read(KubeJson.write(template), V1PodTemplateSpec.class);
    }

    private static String phase(V1Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private static String label(V1Pod pod, String key) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }
}
