package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1ObjectFieldSelector;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SeccompProfile;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.sparkport.pool.MemorySize;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pure: what every Spark pod (master, worker, driver) shares: the restricted security context, the pool
 * PVC mounted at one path, a scratch emptyDir under a read-only root filesystem, the pod's own address
 * in the environment, and resources.
 */
final class SparkPods {

    /** Off-heap room above a JVM's heap in a container's memory limit (Spark's own overhead default). */
    static final MemorySize JVM_OVERHEAD = new MemorySize(384);

    private SparkPods() {
    }

    /** A pod spec with one container, the pool volume and the scratch volume. */
    static V1PodSpec podSpec(KubernetesSettings settings, String pool, V1Container container) {
        return new V1PodSpec()
                .serviceAccountName(settings.serviceAccount())
                .automountServiceAccountToken(false)
                .enableServiceLinks(false)
                .securityContext(new V1PodSecurityContext()
                        .runAsNonRoot(true)
                        .runAsUser(KubeNames.SPARK_UID)
                        .runAsGroup(KubeNames.SPARK_UID)
                        .fsGroup(KubeNames.SPARK_UID)
                        .seccompProfile(new V1SeccompProfile().type("RuntimeDefault")))
                .containers(List.of(container))
                .volumes(List.of(
                        new V1Volume().name(KubeNames.POOL_VOLUME).persistentVolumeClaim(
                                new V1PersistentVolumeClaimVolumeSource().claimName(KubeNames.pvc(pool))),
                        new V1Volume().name(KubeNames.SCRATCH_VOLUME).emptyDir(new V1EmptyDirVolumeSource())));
    }

    /** A Spark container: the image, the mounts, the pod's address in POD_IP / POD_NAME, restricted rights. */
    static V1Container container(KubernetesSettings settings, String name, List<String> command) {
        return new V1Container()
                .name(name)
                .image(settings.image())
                .imagePullPolicy("IfNotPresent")
                .command(command)
                .workingDir(settings.poolMountPath())
                .env(new ArrayList<>(List.of(
                        fieldEnv("POD_IP", "status.podIP"),
                        fieldEnv("POD_NAME", "metadata.name"),
                        new V1EnvVar().name("SPARK_HOME").value(KubeNames.SPARK_HOME),
                        new V1EnvVar().name("SPARK_LOCAL_DIRS").value(KubeNames.SCRATCH),
                        new V1EnvVar().name("HOME").value(KubeNames.SCRATCH))))
                .volumeMounts(List.of(
                        new V1VolumeMount().name(KubeNames.POOL_VOLUME).mountPath(settings.poolMountPath()),
                        new V1VolumeMount().name(KubeNames.SCRATCH_VOLUME).mountPath(KubeNames.SCRATCH)))
                .securityContext(securityContext());
    }

    static V1SecurityContext securityContext() {
        return new V1SecurityContext()
                .runAsNonRoot(true)
                .allowPrivilegeEscalation(false)
                .readOnlyRootFilesystem(true)
                .privileged(false)
                .capabilities(new V1Capabilities().drop(List.of("ALL")))
                .seccompProfile(new V1SeccompProfile().type("RuntimeDefault"));
    }

    /** Requests equal limits (Guaranteed QoS): a JVM that outgrows its limit is killed, never throttled into it. */
    static V1ResourceRequirements resources(int cores, MemorySize heap) {
        Map<String, Quantity> amount = Map.of(
                "cpu", new Quantity(String.valueOf(cores)),
                "memory", new Quantity(containerMemory(heap).mebibytes() + "Mi"));
        return new V1ResourceRequirements().requests(amount).limits(amount);
    }

    /** The container memory for a JVM of {@code heap}: the heap plus {@link #JVM_OVERHEAD}. */
    static MemorySize containerMemory(MemorySize heap) {
        return new MemorySize(heap.mebibytes() + JVM_OVERHEAD.mebibytes());
    }

    private static V1EnvVar fieldEnv(String name, String fieldPath) {
        return new V1EnvVar().name(name)
                .valueFrom(new V1EnvVarSource().fieldRef(new V1ObjectFieldSelector().fieldPath(fieldPath)));
    }
}
