package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.sparkport.SparkportException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Each pool's file server, started on demand: a pod that mounts the pool's PVC and serves its files to the
 * service ({@link FileServerObjects}), with a token of its own in a Secret. The server stops by itself once idle
 * (its pod then ends); the next request finds the ended pod, deletes it and starts another. Any replica may do
 * this: the pod and the Secret are found by name.
 */
final class FileServers {

    private static final Logger LOG = Logger.getLogger(FileServers.class);
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    /** Where a ready file server answers, and the token it wants. */
    record Endpoint(URI uri, String token) {
    }

    private final KubernetesSettings settings;
    private final KubeApi api;
    private final KubeCaches caches;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    FileServers(KubernetesSettings settings, KubeApi api, KubeCaches caches) {
        this.settings = settings;
        this.api = api;
        this.caches = caches;
    }

    /** The pool's ready file server, started (or replaced, when its pod ended) as needed; waits for it. */
    Endpoint endpoint(String pool) {
        String token = token(pool);
        String name = KubeNames.fileServer(pool);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String waiting = "no pod yet";
        while (System.nanoTime() < deadline) {
            Optional<V1Pod> pod = caches.pod(name);
            if (pod.isEmpty()) {
                if (api.create(FileServerObjects.pod(settings, pool))) {
                    LOG.infof("pool %s: started its file server %s", pool, name);
                }
            } else if (ended(pod.get())) {
                api.deletePod(name); // it stopped when idle: the next pass of this loop starts another
            } else if (ready(pod.get())) {
                return new Endpoint(URI.create("http://" + pod.get().getStatus().getPodIP() + ":" + KubeNames.FILES_PORT),
                        token);
            } else {
                waiting = describe(pod.get());
            }
            sleep(30);
        }
        throw new SparkportException(SparkportException.Kind.BACKEND, "the file server of pool " + pool
                + " was not ready within " + READY_TIMEOUT.toSeconds() + " s (" + waiting + ")");
    }

    /** Deletes the pool's file server and its Secret, with the pool. */
    void delete(String pool) {
        api.deletePod(KubeNames.fileServer(pool));
        api.deleteSecret(KubeNames.fileServer(pool));
        tokens.remove(pool);
    }

    /** The token of the pool's file server, from its Secret ({@link TokenSecrets}). */
    private String token(String pool) {
        return tokens.computeIfAbsent(pool, p -> TokenSecrets.readOrCreate(api, settings, KubeNames.fileServer(p),
                KubeNames.labels(p, KubeNames.FILES)));
    }

    static boolean ended(V1Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase) || pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean ready(V1Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getPodIP() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        List<V1PodCondition> conditions = pod.getStatus().getConditions();
        return conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Why a pod is not ready yet: its container's waiting reason (an image pull, a missing Secret), else its phase. */
    static String describe(V1Pod pod) {
        if (pod.getStatus() == null) {
            return "pod not scheduled";
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            for (var s : pod.getStatus().getContainerStatuses()) {
                if (s.getState() != null && s.getState().getWaiting() != null) {
                    var w = s.getState().getWaiting();
                    return w.getReason() + (w.getMessage() == null ? "" : ": " + w.getMessage());
                }
            }
        }
        return "pod " + pod.getStatus().getPhase();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SparkportException(SparkportException.Kind.BACKEND, "interrupted while waiting for a file server", e);
        }
    }
}
