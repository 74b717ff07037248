package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.kubernetes.client.openapi.models.V1StatefulSetUpdateStrategy;
import io.kubernetes.client.openapi.models.V1TCPSocketAction;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Pure: the desired objects of a pool's storage and cluster. Never touches a client; the backend applies
 * what these return.
 */
public final class ClusterObjects {

    /** Heap of a worker daemon, on top of what its executors may use. */
    static final MemorySize WORKER_DAEMON = new MemorySize(256);

    private ClusterObjects() {
    }

    /** The pool's storage: kept when the cluster goes, deleted only with the pool. */
    public static V1PersistentVolumeClaim pvc(KubernetesSettings settings, String pool, String size) {
        return new V1PersistentVolumeClaim()
                .apiVersion("v1").kind("PersistentVolumeClaim")
                .metadata(meta(settings, KubeNames.pvc(pool), KubeNames.labels(pool, KubeNames.STORAGE)))
                .spec(new V1PersistentVolumeClaimSpec()
                        .accessModes(List.of(settings.accessMode()))
                        .storageClassName(settings.storageClass())
                        .resources(new V1VolumeResourceRequirements().requests(Map.of("storage", new Quantity(size)))));
    }

    /** Headless Service giving the master pod its stable name {@code <master>-0.<master>}. */
    public static V1Service masterService(KubernetesSettings settings, String pool) {
        return headless(settings, pool, KubeNames.master(pool), KubeNames.MASTER, List.of(
                port("spark", KubeNames.MASTER_PORT), port("ui", KubeNames.MASTER_UI_PORT)));
    }

    /** Headless Service that is the worker StatefulSet's governing service. */
    public static V1Service workerService(KubernetesSettings settings, String pool) {
        return headless(settings, pool, KubeNames.workers(pool), KubeNames.WORKER, List.of(
                port("ui", KubeNames.WORKER_UI_PORT)));
    }

    /** One master; ready once its UI port answers. */
    public static V1StatefulSet master(KubernetesSettings settings, String pool) {
        V1Container c = SparkPods.container(settings, "master", List.of(
                        KubeNames.SPARK_HOME + "/bin/spark-class", "org.apache.spark.deploy.master.Master",
                        "--host", "$(POD_NAME)." + KubeNames.master(pool),
                        "--port", String.valueOf(KubeNames.MASTER_PORT),
                        "--webui-port", String.valueOf(KubeNames.MASTER_UI_PORT)))
                .ports(List.of(containerPort("spark", KubeNames.MASTER_PORT), containerPort("ui", KubeNames.MASTER_UI_PORT)))
                .resources(SparkPods.resources(1, settings.masterMemory()))
                .readinessProbe(new V1Probe()
                        .httpGet(new V1HTTPGetAction().path("/").port(new IntOrString(KubeNames.MASTER_UI_PORT)))
                        .periodSeconds(2).failureThreshold(3))
                .livenessProbe(new V1Probe()
                        .tcpSocket(new V1TCPSocketAction().port(new IntOrString(KubeNames.MASTER_PORT)))
                        .initialDelaySeconds(30).periodSeconds(10));
        c.getEnv().add(new V1EnvVar()
                .name("SPARK_DAEMON_MEMORY").value(settings.masterMemory().toSpark()));
        return statefulSet(settings, pool, KubeNames.master(pool), KubeNames.MASTER, 1, c);
    }

    /**
     * Workers of the policy's size. {@code OnDelete} updates: a policy change reaches a worker only when
     * Sparkport deletes it (idle, see {@link WorkerPlan}); a rolling update would kill busy executors.
     */
    public static V1StatefulSet workers(KubernetesSettings settings, String pool, PoolPolicy policy, int replicas) {
        V1Container c = SparkPods.container(settings, "worker", List.of(
                        KubeNames.SPARK_HOME + "/bin/spark-class", "org.apache.spark.deploy.worker.Worker",
                        "--host", "$(POD_IP)",
                        "--cores", String.valueOf(policy.workerCores()),
                        "--memory", policy.workerMemory().toSpark(),
                        "--webui-port", String.valueOf(KubeNames.WORKER_UI_PORT),
                        "--work-dir", KubeNames.SCRATCH + "/work",
                        KubeNames.masterUrl(pool)))
                .ports(List.of(containerPort("ui", KubeNames.WORKER_UI_PORT)))
                .resources(SparkPods.resources(policy.workerCores(), workerMemory(policy)));
        c.getEnv().add(new V1EnvVar()
                .name("SPARK_DAEMON_MEMORY").value(WORKER_DAEMON.toSpark()));
        V1StatefulSet sts = statefulSet(settings, pool, KubeNames.workers(pool), KubeNames.WORKER, replicas, c);
        sts.getSpec().updateStrategy(new V1StatefulSetUpdateStrategy().type("OnDelete"));
        return sts;
    }

    /** A worker's JVM room: its executors' memory plus its own daemon heap. */
    static MemorySize workerMemory(PoolPolicy policy) {
        return new MemorySize(policy.workerMemory().mebibytes() + WORKER_DAEMON.mebibytes());
    }

    private static V1StatefulSet statefulSet(KubernetesSettings settings, String pool, String name, String component,
                                             int replicas, V1Container container) {
        Map<String, String> labels = KubeNames.labels(pool, component);
        V1PodTemplateSpec template = new V1PodTemplateSpec()
                .metadata(new V1ObjectMeta().labels(labels))
                .spec(SparkPods.podSpec(settings, pool, container));
        V1ObjectMeta meta = meta(settings, name, labels)
                .annotations(Map.of(KubeNames.SPEC_HASH, hash(template)));
        return new V1StatefulSet()
                .apiVersion("apps/v1").kind("StatefulSet")
                .metadata(meta)
                .spec(new V1StatefulSetSpec()
                        .serviceName(name)
                        .replicas(replicas)
                        .podManagementPolicy("Parallel")
                        .selector(new V1LabelSelector().matchLabels(KubeNames.selector(pool, component)))
                        .template(template));
    }

    private static V1Service headless(KubernetesSettings settings, String pool, String name, String component,
                                      List<V1ServicePort> ports) {
        return new V1Service()
                .apiVersion("v1").kind("Service")
                .metadata(meta(settings, name, KubeNames.labels(pool, component)))
                .spec(new V1ServiceSpec()
                        .clusterIP("None")
                        .publishNotReadyAddresses(true)
                        .selector(KubeNames.selector(pool, component))
                        .ports(ports));
    }

    static V1ObjectMeta meta(KubernetesSettings settings, String name, Map<String, String> labels) {
        return new V1ObjectMeta().name(name).namespace(settings.namespace()).labels(labels);
    }

    private static V1ServicePort port(String name, int port) {
        return new V1ServicePort().name(name).port(port).targetPort(new IntOrString(port)).protocol("TCP");
    }

    private static V1ContainerPort containerPort(String name, int port) {
        return new V1ContainerPort().name(name).containerPort(port).protocol("TCP");
    }

    /** A short, stable digest of a pod template (its JSON form). */
    static String hash(V1PodTemplateSpec template) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(KubeJson.write(template).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
