package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Scale;
import io.kubernetes.client.openapi.models.V1ScaleSpec;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.sparkport.SparkportException;
import java.io.IOException;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.Response;

/**
 * The Kubernetes calls of the backend, in one namespace, each idempotent: creating what exists and
 * deleting what is gone are no-ops. Every other failure becomes a {@link SparkportException} of kind
 * BACKEND carrying the API's status code, reason and message.
 */
public class KubeApi {

    /** An API call that may throw the client's exception. */
    @FunctionalInterface
    interface ApiCall<T> {
        T run() throws ApiException;
    }

    private final String namespace;
    private final CoreV1Api core;
    private final AppsV1Api apps;
    private final BatchV1Api batch;

    public KubeApi(ApiClient client, String namespace) {
        this.namespace = namespace;
        this.core = new CoreV1Api(client);
        this.apps = new AppsV1Api(client);
        this.batch = new BatchV1Api(client);
    }

    public String namespace() {
        return namespace;
    }

    /** Returns whether the object was created (false when one of that name existed). */
    public boolean create(V1PersistentVolumeClaim pvc) {
        return createIfAbsent("create PVC " + name(pvc.getMetadata().getName()),
                () -> core.createNamespacedPersistentVolumeClaim(namespace, pvc).execute());
    }

    public boolean create(V1Service service) {
        return createIfAbsent("create Service " + name(service.getMetadata().getName()),
                () -> core.createNamespacedService(namespace, service).execute());
    }

    public boolean create(V1StatefulSet sts) {
        return createIfAbsent("create StatefulSet " + name(sts.getMetadata().getName()),
                () -> apps.createNamespacedStatefulSet(namespace, sts).execute());
    }

    public boolean create(V1Job job) {
        return createIfAbsent("create Job " + name(job.getMetadata().getName()),
                () -> batch.createNamespacedJob(namespace, job).execute());
    }

    public boolean create(V1Secret secret) {
        return createIfAbsent("create Secret " + name(secret.getMetadata().getName()),
                () -> core.createNamespacedSecret(namespace, secret).execute());
    }

    public boolean create(V1Pod pod) {
        return createIfAbsent("create pod " + name(pod.getMetadata().getName()),
                () -> core.createNamespacedPod(namespace, pod).execute());
    }

    public Optional<V1Secret> secret(String name) {
        return get("read Secret " + name(name), () -> core.readNamespacedSecret(name, namespace).execute());
    }

    /** The Secrets with the label selector. */
    public java.util.List<V1Secret> secrets(String labelSelector) {
        return call("list Secrets " + labelSelector, () -> core.listNamespacedSecret(namespace)
                .labelSelector(labelSelector).execute().getItems());
    }

    public void deleteSecret(String name) {
        delete("delete Secret " + name(name), () -> core.deleteNamespacedSecret(name, namespace).buildCall(null));
    }

    public Optional<V1PersistentVolumeClaim> pvc(String name) {
        return get("read PVC " + name(name), () -> core.readNamespacedPersistentVolumeClaim(name, namespace).execute());
    }

    public Optional<V1Job> job(String name) {
        return get("read Job " + name(name), () -> batch.readNamespacedJob(name, namespace).execute());
    }

    public void replace(V1StatefulSet sts) {
        String name = sts.getMetadata().getName();
        call("update StatefulSet " + name(name), () -> apps.replaceNamespacedStatefulSet(name, namespace, sts).execute());
    }

    /** Sets a StatefulSet's replicas through its {@code /scale} subresource. */
    public void scale(String statefulSet, int replicas) {
        String action = "scale StatefulSet " + name(statefulSet) + " to " + replicas;
        V1Scale scale = call(action, () -> apps.readNamespacedStatefulSetScale(statefulSet, namespace).execute());
        if (scale.getSpec() == null) {
            scale.setSpec(new V1ScaleSpec());
        }
        scale.getSpec().setReplicas(replicas);
        call(action, () -> apps.replaceNamespacedStatefulSetScale(statefulSet, namespace, scale).execute());
    }

    /** A master's {@code /json/} through the API server's service proxy; empty while it does not answer. */
    public Optional<String> masterJson(String pool) {
        try {
            return Optional.ofNullable(core.connectGetNamespacedServiceProxyWithPath(
                    KubeNames.master(pool) + ":" + KubeNames.MASTER_UI_PORT, namespace, "json/").execute());
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    public String podLog(String pod) {
        return call("read the log of pod " + name(pod), () -> core.readNamespacedPodLog(pod, namespace).execute());
    }

    public void deletePvc(String name) {
        delete("delete PVC " + name(name), () -> core.deleteNamespacedPersistentVolumeClaim(name, namespace).buildCall(null));
    }

    public void deleteService(String name) {
        delete("delete Service " + name(name), () -> core.deleteNamespacedService(name, namespace).buildCall(null));
    }

    public void deleteStatefulSet(String name) {
        delete("delete StatefulSet " + name(name), () -> apps.deleteNamespacedStatefulSet(name, namespace)
                .propagationPolicy("Background").buildCall(null));
    }

    public void deletePod(String name) {
        delete("delete pod " + name(name), () -> core.deleteNamespacedPod(name, namespace).buildCall(null));
    }

    /** Deletes a driver Job and, in the background, its pod. */
    public void deleteJob(String name) {
        delete("delete Job " + name(name), () -> batch.deleteNamespacedJob(name, namespace)
                .propagationPolicy("Background").buildCall(null));
    }

    private String name(String name) {
        return namespace + "/" + name;
    }

    private static boolean createIfAbsent(String action, ApiCall<?> create) {
        try {
            create.run();
            return true;
        } catch (ApiException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw KubeErrors.of(action, e);
        }
    }

    private static <T> Optional<T> get(String action, ApiCall<T> read) {
        try {
            return Optional.ofNullable(read.run());
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw KubeErrors.of(action, e);
        }
    }

    private static <T> T call(String action, ApiCall<T> call) {
        try {
            return call.run();
        } catch (ApiException e) {
            throw KubeErrors.of(action, e);
        }
    }

    /**
     * Deletes through the raw call: a server answers a delete with the object or with a Status, and the
     * generated methods parse only one of them. 404 means done.
     */
    private static void delete(String action, ApiCall<Call> build) {
        try (Response response = build.run().execute()) {
            int code = response.code();
            if (code == 404 || (code >= 200 && code < 300)) {
                return;
            }
            throw KubeErrors.of(action, code, response.body() == null ? null : response.body().string(), null);
        } catch (ApiException e) {
            throw KubeErrors.of(action, e);
        } catch (IOException e) {
            throw new SparkportException(SparkportException.Kind.BACKEND,
                    "Kubernetes API unreachable while trying to " + action + ": " + e.getMessage(), e);
        }
    }
}
