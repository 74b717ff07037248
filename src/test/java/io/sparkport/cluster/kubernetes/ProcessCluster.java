package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A Kubernetes cluster for end-to-end tests on one machine: the tests' API server ({@link KubeApiFront}) and a
 * {@link ProcessKubelet} that runs every pod the service creates as real processes. The service under test
 * reaches it through a kubeconfig, as it would reach a real cluster.
 */
public final class ProcessCluster implements QuarkusTestResourceLifecycleManager {

    static final String NS = "sparkport-e2e";
    static final Path SPARK_HOME = Path.of(System.getProperty("sparkport.local.spark-home", "target/spark-home"));
    static volatile KubeApiFront front;
    static volatile ProcessKubelet kubelet;
    static volatile ApiClient client;

    /** The Kubernetes backend, the masters' status through the API server's service proxy, small Spark JVMs. */
    public static class OnProcessKubelet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sparkport.backend", "kubernetes",
                    "quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN",
                    "sparkport.kubernetes.namespace", NS,
                    "sparkport.kubernetes.master-access", "proxy",
                    "sparkport.kubernetes.master-memory", "256m",
                    "sparkport.kubernetes.leader-election", "false",
                    "sparkport.data-dir", "target/test-data-k8s");
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            front = new KubeApiFront();
            client = new ClientBuilder().setBasePath(front.url()).build();
            Path root = Path.of("target/process-kubelet").resolve(UUID.randomUUID().toString().substring(0, 8));
            kubelet = new ProcessKubelet(client, NS, root, SPARK_HOME, 42).start(front);
            Path kubeconfig = front.kubeconfig(Files.createDirectories(root.resolve("kube")), NS);
            return Map.of("sparkport.kubernetes.kubeconfig", kubeconfig.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        kubelet.close();
        front.close();
    }
}
