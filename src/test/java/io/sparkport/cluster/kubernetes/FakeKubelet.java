package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobCondition;
import io.kubernetes.client.openapi.models.V1JobStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.sparkport.cluster.local.MasterStatus;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The test plays what the mock API server lacks: the StatefulSet and Job controllers (pods from
 * templates, garbage collection of pods whose owner went), the kubelet (pod phases, IPs, exit codes) and
 * the Spark master's {@code /json/} (every running worker pod registered, with the cores the test says
 * are in use).
 */
final class FakeKubelet {

    private final String namespace;
    private final CoreV1Api core;
    private final AppsV1Api apps;
    private final BatchV1Api batch;
    private final AtomicInteger ips = new AtomicInteger(10);
    private final Map<String, Integer> coresUsed = new ConcurrentHashMap<>();
    private final Map<String, Integer> workerCores = new ConcurrentHashMap<>();
    private volatile int defaultCores = 1;
    private volatile long defaultMemoryMb = 1024;

    FakeKubelet(ApiClient client, String namespace) {
        this.namespace = namespace;
        this.core = new CoreV1Api(client);
        this.apps = new AppsV1Api(client);
        this.batch = new BatchV1Api(client);
    }

    /** Makes the pods of every StatefulSet match its replicas, and removes pods whose StatefulSet is gone. */
    void syncStatefulSets() throws Exception {
        List<V1StatefulSet> sets = apps.listNamespacedStatefulSet(namespace).labelSelector(KubeNames.MANAGED_SELECTOR)
                .execute().getItems();
        Set<String> expected = new java.util.HashSet<>();
        for (V1StatefulSet sts : sets) {
            int replicas = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
            for (int i = 0; i < replicas; i++) {
                String name = sts.getMetadata().getName() + "-" + i;
                expected.add(name);
                if (pod(name).isEmpty()) {
                    runPod(name, sts.getSpec().getTemplate().getMetadata().getLabels(), sts.getSpec().getTemplate().getSpec());
                }
            }
        }
        for (V1Pod pod : pods("app.kubernetes.io/managed-by=sparkport")) {
            String component = pod.getMetadata().getLabels().get(KubeNames.COMPONENT);
            if ((KubeNames.WORKER.equals(component) || KubeNames.MASTER.equals(component))
                    && !expected.contains(pod.getMetadata().getName())) {
                core.deleteNamespacedPod(pod.getMetadata().getName(), namespace).buildCall(null).execute().close();
            }
        }
    }

    /** Starts the Job's pod: Running, with an IP. Returns the pod's name. */
    String startJob(String jobName) throws ApiException {
        V1Job job = batch.readNamespacedJob(jobName, namespace).execute();
        String podName = jobName + "-" + Integer.toHexString(ips.get() * 7919).substring(0, 3);
        runPod(podName, job.getSpec().getTemplate().getMetadata().getLabels(), job.getSpec().getTemplate().getSpec());
        job.setStatus(new V1JobStatus().active(1).startTime(OffsetDateTime.now()));
        batch.replaceNamespacedJobStatus(jobName, namespace, job).execute();
        return podName;
    }

    /** Ends the Job's pod with the exit code and sets the Job's status as the Job controller would. */
    void finishJob(String jobName, String podName, int exitCode) throws ApiException {
        V1Pod pod = core.readNamespacedPod(podName, namespace).execute();
        pod.getStatus().phase(exitCode == 0 ? "Succeeded" : "Failed").containerStatuses(List.of(new V1ContainerStatus()
                .name("driver").image("spark").imageID("").ready(false).restartCount(0)
                .state(new V1ContainerState().terminated(new V1ContainerStateTerminated().exitCode(exitCode)
                        .reason(exitCode == 0 ? "Completed" : "Error")))));
        core.replaceNamespacedPod(podName, namespace, pod).execute();
        V1Job job = batch.readNamespacedJob(jobName, namespace).execute();
        V1JobCondition condition = new V1JobCondition().status("True").lastTransitionTime(OffsetDateTime.now());
        if (exitCode == 0) {
            job.setStatus(new V1JobStatus().active(0).succeeded(1).completionTime(OffsetDateTime.now())
                    .conditions(List.of(condition.type("Complete"))));
        } else {
            job.setStatus(new V1JobStatus().active(0).failed(1)
                    .conditions(List.of(condition.type("Failed").reason("BackoffLimitExceeded")
                            .message("Job has reached the specified backoff limit"))));
        }
        batch.replaceNamespacedJobStatus(jobName, namespace, job).execute();
    }

    void setCoresUsed(String workerPod, int cores) {
        coresUsed.put(workerPod, cores);
    }

    void setWorkerCores(String workerPod, int cores) {
        workerCores.put(workerPod, cores);
    }

    /** Cores each worker reports unless set per pod. */
    void setDefaultWorkerCores(int cores) {
        defaultCores = cores;
    }

    /** Memory each worker reports (a real worker reports its {@code --memory}, the pool policy's). */
    void setDefaultWorkerMemoryMb(long mb) {
        defaultMemoryMb = mb;
    }

    /** The master's {@code /json/} of the pool the UI URL names: every running worker pod, ALIVE. */
    Optional<MasterStatus.Master> master(String uiUrl) {
        String pool = uiUrl.substring("http://sparkport-".length(), uiUrl.indexOf("-master-0."));
        try {
            if (pod(KubeNames.master(pool) + "-0").isEmpty()) {
                return Optional.empty();
            }
            List<MasterStatus.Worker> workers = new ArrayList<>();
            for (V1Pod pod : pods(KubeNames.POOL + "=" + pool + "," + KubeNames.COMPONENT + "=" + KubeNames.WORKER)) {
                String name = pod.getMetadata().getName();
                if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
                    continue;
                }
                workers.add(new MasterStatus.Worker(name, pod.getStatus().getPodIP(), 40000,
                        workerCores.getOrDefault(name, defaultCores), coresUsed.getOrDefault(name, 0), defaultMemoryMb, 0, "ALIVE"));
            }
            return Optional.of(new MasterStatus.Master(KubeNames.masterUrl(pool), MasterStatus.ALIVE, workers, List.of()));
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    List<V1Pod> pods(String selector) throws ApiException {
        return core.listNamespacedPod(namespace).labelSelector(selector).execute().getItems();
    }

    Optional<V1Pod> pod(String name) throws ApiException {
        try {
            return Optional.of(core.readNamespacedPod(name, namespace).execute());
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    List<String> names(List<? extends io.kubernetes.client.common.KubernetesObject> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).sorted().collect(Collectors.toList());
    }

    private void runPod(String name, Map<String, String> labels, io.kubernetes.client.openapi.models.V1PodSpec spec)
            throws ApiException {
        String ip = "10.0.0." + ips.incrementAndGet();
        V1Pod pod = new V1Pod().apiVersion("v1").kind("Pod")
                .metadata(new V1ObjectMeta().name(name).namespace(namespace).labels(new HashMap<>(labels)))
                .spec(spec);
        V1Pod created = core.createNamespacedPod(namespace, pod).execute();
        created.setStatus(new V1PodStatus().phase("Running").podIP(ip)
                .conditions(List.of(new V1PodCondition().type("Ready").status("True"))));
        core.replaceNamespacedPod(name, namespace, created).execute();
    }
}
