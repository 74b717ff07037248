package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobList;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetList;
import io.sparkport.SparkportException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Informers on the Jobs, Pods and StatefulSets Sparkport manages (selected by
 * {@code app.kubernetes.io/managed-by=sparkport}): the backend reads from their caches, and every change
 * asks for a reconcile pass of the object's pool. The informers only enqueue; the reconciler acts.
 */
public class KubeCaches implements AutoCloseable {

    static final String BY_POOL = "pool";
    static final String BY_JOB = "job";

    private final String namespace;
    private final SharedInformerFactory factory;
    private final SharedIndexInformer<V1Job> jobs;
    private final SharedIndexInformer<V1Pod> pods;
    private final SharedIndexInformer<V1StatefulSet> statefulSets;

    /**
     * @param client       a client whose read timeout is off (watches stay open)
     * @param onPoolChange called with the pool of every object added, changed or deleted
     */
    public KubeCaches(ApiClient client, String namespace, Consumer<String> onPoolChange) {
        this.namespace = namespace;
        this.factory = new SharedInformerFactory(client);
        BatchV1Api batch = new BatchV1Api(client);
        CoreV1Api core = new CoreV1Api(client);
        AppsV1Api apps = new AppsV1Api(client);
        this.jobs = factory.sharedIndexInformerFor(p -> batch.listNamespacedJob(namespace)
                .labelSelector(KubeNames.MANAGED_SELECTOR).resourceVersion(p.resourceVersion)
                .timeoutSeconds(p.timeoutSeconds).watch(p.watch).buildCall(null), V1Job.class, V1JobList.class);
        this.pods = factory.sharedIndexInformerFor(p -> core.listNamespacedPod(namespace)
                .labelSelector(KubeNames.MANAGED_SELECTOR).resourceVersion(p.resourceVersion)
                .timeoutSeconds(p.timeoutSeconds).watch(p.watch).buildCall(null), V1Pod.class, V1PodList.class);
        this.statefulSets = factory.sharedIndexInformerFor(p -> apps.listNamespacedStatefulSet(namespace)
                .labelSelector(KubeNames.MANAGED_SELECTOR).resourceVersion(p.resourceVersion)
                .timeoutSeconds(p.timeoutSeconds).watch(p.watch).buildCall(null), V1StatefulSet.class, V1StatefulSetList.class);
        pods.addIndexers(Map.of(BY_POOL, label(KubeNames.POOL), BY_JOB, label(KubeNames.JOB)));
        jobs.addEventHandler(kicking(onPoolChange));
        pods.addEventHandler(kicking(onPoolChange));
        statefulSets.addEventHandler(kicking(onPoolChange));
    }

    /** Starts the informers and waits until each has listed what exists (restart recovery reads these caches). */
    public void start(Duration timeout) {
        factory.startAllRegisteredInformers();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(jobs.hasSynced() && pods.hasSynced() && statefulSets.hasSynced())) {
            if (System.nanoTime() > deadline) {
                throw new SparkportException(SparkportException.Kind.BACKEND, "Kubernetes informers in namespace "
                        + namespace + " did not sync within " + timeout + "; is the API reachable and the Role bound?");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the informers", e);
            }
        }
    }

    public Optional<V1StatefulSet> statefulSet(String name) {
        return Optional.ofNullable(statefulSets.getIndexer().getByKey(namespace + "/" + name));
    }

    public Optional<V1Job> job(String name) {
        return Optional.ofNullable(jobs.getIndexer().getByKey(namespace + "/" + name));
    }

    public List<V1Job> jobs() {
        return jobs.getIndexer().list();
    }

    public Optional<V1Pod> pod(String name) {
        return Optional.ofNullable(pods.getIndexer().getByKey(namespace + "/" + name));
    }

    public List<V1Pod> podsOfPool(String pool) {
        return pods.getIndexer().byIndex(BY_POOL, pool);
    }

    public List<V1Pod> podsOfJob(String jobId) {
        return pods.getIndexer().byIndex(BY_JOB, jobId);
    }

    @Override
    public void close() {
        factory.stopAllRegisteredInformers();
    }

    private static <T extends KubernetesObject> Function<T, List<String>> label(String key) {
        return o -> {
            Map<String, String> labels = o.getMetadata() == null ? null : o.getMetadata().getLabels();
            String value = labels == null ? null : labels.get(key);
            return value == null ? List.of() : List.of(value);
        };
    }

    private static <T extends KubernetesObject> ResourceEventHandler<T> kicking(Consumer<String> onPoolChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                kick(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                kick(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                kick(obj);
            }

            private void kick(T obj) {
                Map<String, String> labels = obj == null || obj.getMetadata() == null ? null : obj.getMetadata().getLabels();
                String pool = labels == null ? null : labels.get(KubeNames.POOL);
                if (pool != null) {
                    onPoolChange.accept(pool);
                }
            }
        };
    }
}
