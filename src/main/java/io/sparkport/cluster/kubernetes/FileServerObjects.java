package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Pure: a pool's file server (the pod through which the service reads and writes the pool's PVC, which only
 * pods can mount) and the Secrets that carry tokens to pods. A token never appears in a pod's or a Job's spec:
 * the container reads it from its Secret by {@code secretKeyRef}.
 */
public final class FileServerObjects {

    /** The file server's environment variable with its token (the server reads it there). */
    static final String TOKEN_ENV = "SPARKPORT_FILES_TOKEN";
    static final String HEAP = "-Xmx64m";

    private FileServerObjects() {
    }

    /**
     * One pod, restarted only on failure: the server exits by itself once idle for {@code fileServerIdle}, and the
     * next file request starts another.
     */
    public static V1Pod pod(KubernetesSettings settings, String pool) {
        V1Container c = SparkPods.container(settings, "files", List.of("java", HEAP, "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-cp", KubeNames.FILES_JAR, KubeNames.FILES_SERVER_CLASS,
                        "--root", settings.poolMountPath(), "--port", String.valueOf(KubeNames.FILES_PORT),
                        "--idle-exit", settings.fileServerIdle().toString()))
                .ports(List.of(new V1ContainerPort().name("files").containerPort(KubeNames.FILES_PORT).protocol("TCP")))
                .resources(resources())
                .readinessProbe(new V1Probe()
                        .httpGet(new V1HTTPGetAction().path("/healthz").port(new IntOrString(KubeNames.FILES_PORT)))
                        .periodSeconds(1).failureThreshold(3));
        c.getEnv().add(secretEnv(TOKEN_ENV, KubeNames.fileServer(pool)));
        return new V1Pod()
                .apiVersion("v1").kind("Pod")
                .metadata(ClusterObjects.meta(settings, KubeNames.fileServer(pool), KubeNames.labels(pool, KubeNames.FILES)))
                .spec(SparkPods.podSpec(settings, pool, c).restartPolicy("OnFailure"));
    }

    /** A Secret with one token, labelled like the objects it serves. */
    public static V1Secret tokenSecret(KubernetesSettings settings, String name, Map<String, String> labels, String token) {
        return new V1Secret()
                .apiVersion("v1").kind("Secret")
                .metadata(ClusterObjects.meta(settings, name, labels))
                .type("Opaque")
                .immutable(true)
                .data(Map.of(KubeNames.TOKEN_KEY, token.getBytes(StandardCharsets.UTF_8)));
    }

    /** An environment variable read from a token Secret when the container starts. */
    static V1EnvVar secretEnv(String variable, String secret) {
        return new V1EnvVar().name(variable).valueFrom(new V1EnvVarSource()
                .secretKeyRef(new V1SecretKeySelector().name(secret).key(KubeNames.TOKEN_KEY)));
    }

    /** A small JVM that only copies bytes. */
    private static V1ResourceRequirements resources() {
        Map<String, Quantity> amount = Map.of("cpu", new Quantity("500m"), "memory", new Quantity("192Mi"));
        return new V1ResourceRequirements().requests(amount).limits(amount);
    }
}
