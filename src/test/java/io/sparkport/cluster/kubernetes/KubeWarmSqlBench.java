package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sparkport.e2e.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Warm SQL, REST call to result, on both backends in one run: the packaged service on the local backend,
 * then on the Kubernetes backend against the tests' API server and the {@link ProcessKubelet} (engine, master
 * and worker as real processes of pod specs). Each backend gets the same pool (one worker of 1 core), the
 * HairEyeColor table, a cold first query, uncounted warm-up queries and then {@code n} measured ones; the
 * backends run one after the other so that they do not share the 2 cores.
 *
 * <pre>bench/k8s-warm-sql.sh [n] [warm-up]</pre>
 */
public final class KubeWarmSqlBench {

    static final String POOL = "bench";
    static final List<String> QUERIES = List.of(
            "SELECT Hair, SUM(Freq) AS n FROM HairEyeColor GROUP BY Hair ORDER BY Hair",
            "SELECT Eye, SUM(Freq) AS n FROM HairEyeColor GROUP BY Eye ORDER BY Eye",
            "SELECT Sex, SUM(Freq) AS n FROM HairEyeColor GROUP BY Sex ORDER BY Sex",
            "SELECT Hair, Eye, Freq FROM HairEyeColor WHERE Freq > 30 ORDER BY Freq DESC");
    static final String HAIR = "[[Black, 108], [Blond, 127], [Brown, 286], [Red, 71]]";

    /** Held, so that the level stays: the mock API server logs every request at INFO. */
    static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private KubeWarmSqlBench() {
    }

    /** What one backend measured, in milliseconds. */
    record Figures(String backend, long cold, List<Long> warm) {
        double pct(double p) {
            List<Long> sorted = warm.stream().sorted().toList();
            return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p * (sorted.size() - 1))));
        }

        String line() {
            return String.format(Locale.ROOT, "%-10s cold %6d ms   warm n=%d p50 %5.0f ms  p95 %5.0f ms  min %d  max %d",
                    backend, cold, warm.size(), pct(0.5), pct(0.95), warm.stream().min(Long::compare).orElseThrow(),
                    warm.stream().max(Long::compare).orElseThrow());
        }
    }

    public static void main(String[] args) throws Exception {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path work = Path.of("target/bench-warm-sql").resolve(UUID.randomUUID().toString().substring(0, 8));
        Path sparkHome = ProcessCluster.SPARK_HOME.toAbsolutePath();

        Figures local;
        try (ServiceProcess service = new ServiceProcess(Files.createDirectories(work).toRealPath().resolve("local/data"),
                List.of("-Dsparkport.local.spark-home=" + sparkHome, "-Dsparkport.local.daemon-memory=192m"))) {
            local = measure("local", service, n, warmUp);
            service.stop();
        }
        System.out.println(local.line());

        Figures kube;
        try (KubeApiFront front = new KubeApiFront()) {
            ApiClient client = new ClientBuilder().setBasePath(front.url()).build();
            Path root = work.resolve("kubelet").toAbsolutePath();
            try (ProcessKubelet kubelet = new ProcessKubelet(client, "bench", root, sparkHome, 44).start(front);
                 ServiceProcess service = new ServiceProcess(work.toRealPath().resolve("k8s/data"), List.of(
                         "-Dsparkport.backend=kubernetes",
                         "-Dsparkport.kubernetes.kubeconfig=" + front.kubeconfig(Files.createDirectories(root.resolve("kube")), "bench"),
                         "-Dsparkport.kubernetes.namespace=bench",
                         "-Dsparkport.kubernetes.master-access=proxy",
                         "-Dsparkport.kubernetes.master-memory=256m",
                         "-Dsparkport.kubernetes.leader-election=false"))) {
                front.recording(false); // thousands of informer and proxy requests would only fill the heap
                kube = measure("kubernetes", service, n, warmUp);
                service.stop();
            }
        }
        System.out.println(local.line());
        System.out.println(kube.line());
        System.out.printf(Locale.ROOT, "warm p50 kubernetes / local = %.2f (target <= 1.5)%n", kube.pct(0.5) / local.pct(0.5));
        System.exit(0);
    }

    static Figures measure(String backend, ServiceProcess service, int n, int warmUp) throws Exception {
        service.start();
        service.api().body("{\"name\":\"" + POOL + "\",\"workers\":{\"min\":0,\"max\":1,\"cores\":1,\"memory\":\"1g\"},"
                + "\"idleTimeout\":\"PT1H\"}").post("/api/v1/pools").then().statusCode(201);
        service.api().contentType(ContentType.BINARY).body(Files.readAllBytes(Path.of("sample-data/HairEyeColor.csv")))
                .put("/api/v1/pools/" + POOL + "/files/HairEyeColor.csv").then().statusCode(201);
        long cold = query(service, QUERIES.get(0), true);
        System.out.printf("%s: cold query (cluster and engine start) %d ms%n", backend, cold);
        for (int i = 0; i < warmUp; i++) {
            query(service, QUERIES.get(i % QUERIES.size()), i % QUERIES.size() == 0);
        }
        List<Long> warm = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            warm.add(query(service, QUERIES.get(i % QUERIES.size()), i % QUERIES.size() == 0));
        }
        return new Figures(backend, cold, warm);
    }

    /** One {@code POST /pools/{p}/sql} to its answer, in ms; the Hair totals are checked where they are asked. */
    static long query(ServiceProcess service, String sql, boolean hair) {
        long t0 = System.nanoTime();
        JsonPath answer = service.api().body("{\"sql\":\"" + sql + "\",\"engine\":\"warm\"}")
                .post("/api/v1/pools/" + POOL + "/sql?wait=PT300S").then().statusCode(200).extract().jsonPath();
        long took = (System.nanoTime() - t0) / 1_000_000;
        if (hair && !String.valueOf(answer.getList("rows")).equals(HAIR)) {
            throw new IllegalStateException("wrong answer: " + answer.prettify());
        }
        return took;
    }
}
