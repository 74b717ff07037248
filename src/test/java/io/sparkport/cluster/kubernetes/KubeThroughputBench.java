package io.sparkport.cluster.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.util.ClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Control-plane throughput of the Kubernetes backend (bench/k8s-throughput.sh): starts the built service
 * ({@code target/quarkus-app}) with {@code sparkport.backend=kubernetes} against the fabric8 CRUD mock
 * behind {@link KubeApiFront}, plays controllers and the Spark master ({@link FakeKubelet}), submits N SQL
 * jobs from C concurrent clients and measures how long until every driver Job exists, and the latency
 * of {@code POST /api/v1/jobs}.
 *
 * <p>Arguments: {@code quarkus-run.jar jobs clients}.
 */
public final class KubeThroughputBench {

    static final String NS = "bench";

    private KubeThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int jobs = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("sparkport-k8s-bench");
        try (KubeApiFront front = new KubeApiFront()) {
            front.recording(false);
            ApiClient client = new ClientBuilder().setBasePath(front.url()).build();
            FakeKubelet kubelet = new FakeKubelet(client, NS);
            kubelet.setDefaultWorkerCores(64);
            kubelet.setDefaultWorkerMemoryMb(256 * 1024);
            ObjectMapper json = new ObjectMapper();
            front.serviceProxy((service, path) -> {
                String pool = service.substring("sparkport-".length(), service.indexOf("-master"));
                return kubelet.master(KubeNames.masterUiUrl(pool, NS)).map(m -> {
                    try {
                        return json.writeValueAsString(m);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
            });
            int port = freePort();
            Process service = startService(jar, front.kubeconfig(dir, NS), dir, port);
            ExecutorService controller = Executors.newSingleThreadExecutor();
            try {
                awaitReady(port, service);
                controller.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            kubelet.syncStatefulSets();
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            System.err.println("controller: " + e);
                        }
                    }
                });
                // Authentication is on, as in any deployment: the clients use the generated admin token.
                String token = Files.readString(dir.resolve("data").resolve("admin-token")).strip();
                run(port, token, jobs, clients, new BatchV1Api(client));
            } finally {
                controller.shutdownNow();
                service.destroy();
                service.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    static void run(int port, String token, int jobs, int clients, BatchV1Api batch) throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(clients)).build();
        String body = "{\"pool\":\"default\",\"type\":\"SQL\",\"engine\":\"batch\",\"cores\":1,\"sql\":\"SELECT 1\"}";
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                while (next.getAndIncrement() < jobs) {
                    long s = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() / 100 != 2) {
                            failures.incrementAndGet();
                            System.err.println("POST answered " + r.statusCode() + ": " + r.body());
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - s);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long submitted = System.nanoTime();
        pool.shutdown();
        int exist = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (exist < jobs - failures.get() && System.nanoTime() < deadline) {
            exist = batch.listNamespacedJob(NS).labelSelector(KubeNames.MANAGED_SELECTOR).execute().getItems().size();
            if (exist < jobs - failures.get()) {
                Thread.sleep(250);
            }
        }
        long allExist = System.nanoTime();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double seconds = (allExist - t0) / 1e9;
        System.out.printf("jobs submitted: %d by %d clients (%d failed) in %.2f s%n", jobs, clients, failures.get(),
                (submitted - t0) / 1e9);
        System.out.printf("POST /api/v1/jobs latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                pct(sorted, 0.50), pct(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6);
        System.out.printf("driver Jobs existing: %d after %.2f s from the first POST -> %.0f jobs/min%n",
                exist, seconds, exist / seconds * 60);
        http.executor().ifPresent(e -> ((ExecutorService) e).shutdownNow()); // or its threads keep the JVM up
    }

    static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    static Process startService(Path jar, Path kubeconfig, Path dir, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        // e.g. K8S_BENCH_SERVICE_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/service.jfr,settings=profile
        String extra = System.getenv().getOrDefault("K8S_BENCH_SERVICE_JAVA_OPTS", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("SPARKPORT_DATA_DIR", dir.resolve("data").toString());
        env.put("SPARKPORT_BACKEND", "kubernetes");
        env.put("SPARKPORT_KUBERNETES_KUBECONFIG", kubeconfig.toString());
        env.put("SPARKPORT_KUBERNETES_NAMESPACE", NS);
        env.put("SPARKPORT_KUBERNETES_MASTER_ACCESS", "proxy");
        env.put("SPARKPORT_DEFAULT_POOL_MAX_WORKERS", "64");
        env.put("SPARKPORT_DEFAULT_POOL_WORKER_CORES", "64");
        env.put("SPARKPORT_DEFAULT_POOL_WORKER_MEMORY", "256g");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
        System.out.println("service log: " + dir.resolve("service.log"));
        return pb.start();
    }

    static void awaitReady(int port, Process service) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited with " + service.exitValue());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service did not become ready within 120 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
