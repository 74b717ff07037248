package io.sparkport.cluster.kubernetes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sparkport.connect.ConnectShellProcess;
import io.sparkport.e2e.SparkCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Kubernetes backend end to end with real Spark: every master, worker and driver runs from the pod specs
 * the backend wrote, as processes of the {@link ProcessKubelet}; the answers are Spark's. One pool's cluster is
 * shared by the tests here.
 */
@QuarkusTest
@Tag("spark")
@TestProfile(ProcessCluster.OnProcessKubelet.class)
@QuarkusTestResource(value = ProcessCluster.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesSparkE2ETest {

    final String pool = "k8s-" + UUID.randomUUID().toString().substring(0, 6);
    boolean poolReady;

    @BeforeEach
    void createPoolWithData() throws Exception {
        if (poolReady) {
            return;
        }
        poolReady = true;
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + pool + "\",\"workers\":{\"min\":0,\"max\":2,\"cores\":1,\"memory\":\"512m\"},"
                        + "\"idleTimeout\":\"PT10M\",\"scaleDownDelay\":\"PT5S\"}")
                .post("/api/v1/pools").then().statusCode(201);
        // through the file API: the pool's file server pod writes them into the PVC
        upload("jars/sparkport-examples.jar", ProcessCluster.SPARK_HOME.resolve("sparkport/sparkport-examples.jar"));
        upload("HairEyeColor.csv", Path.of("sample-data/HairEyeColor.csv"));
    }

    void upload(String path, Path file) throws Exception {
        given().contentType("application/octet-stream").body(Files.readAllBytes(file))
                .put("/api/v1/pools/" + pool + "/files/" + path).then().statusCode(201);
    }

    String piJob(String slices) {
        return SparkCluster.submit("{\"pool\":\"" + pool + "\",\"type\":\"SPARK\",\"appResource\":\"jars/sparkport-examples.jar\","
                + "\"mainClass\":\"io.sparkport.examples.SparkPi\",\"args\":[\"" + slices + "\"],\"executorMemory\":\"512m\"}");
    }

    @Test
    @Order(1)
    void sparkPiRunsInADriverPodAgainstThePoolsMasterAndWorkerPods() {
        String id = piJob("4");
        SparkCluster.await(id, Set.of("SUCCEEDED"));
        String log = SparkCluster.log(id);
        assertTrue(log.contains("Pi is roughly 3.1"), log);
        // the driver pod reported its progress to the service's callback URL; the final counts are kept
        given().get("/api/v1/jobs/" + id).then().statusCode(200)
                .body("progress.stages", equalTo(Map.of("completed", 1, "total", 1)))
                .body("progress.tasks", equalTo(Map.of("completed", 4, "total", 4)));
    }

    /**
     * A running driver pod reports its live progress; cancelling deletes its Job, and the driver's processes and
     * its executors (children of the worker pods) are really gone.
     */
    @Test
    @Order(3)
    void aCancelledJobsDriverPodAndExecutorsAreGone() {
        String id = piJob("100000");
        SparkCluster.await(id, Set.of("RUNNING"));
        JsonPath[] live = new JsonPath[1];
        SparkCluster.eventually("the running job shows its active stage", Duration.ofSeconds(90), () -> {
            live[0] = given().get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
            List<String> active = live[0].getList("progress.activeStages", String.class);
            return active != null && !active.isEmpty() && live[0].getString("sparkAppId") != null;
        });
        assertEquals(100000, live[0].getInt("progress.tasks.total"), live[0].prettify());
        String appId = live[0].getString("sparkAppId");
        SparkCluster.eventually("an executor of " + appId + " runs", Duration.ofSeconds(60),
                () -> !SparkCluster.processesWith("--app-id " + appId).isEmpty());
        ProcessKubelet.RunningPod driver = ProcessCluster.kubelet.pods().values().stream()
                .filter(p -> p.name.startsWith(KubeNames.job(id) + "-") && p.process != null).findFirst().orElseThrow();
        ProcessHandle driverProcess = ProcessHandle.of(driver.process.pid()).orElseThrow();
        // the pod's process is spark-submit itself (the script execs the JVM), with any children it has
        List<ProcessHandle> driverTree = Stream.concat(Stream.of(driverProcess), driverProcess.descendants()).toList();
        assertTrue(driverTree.stream().anyMatch(p -> p.info().commandLine().orElse("").contains("SparkSubmit")),
                "spark-submit runs in the driver pod: " + driverTree);

        given().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(202);
        SparkCluster.await(id, Set.of("CANCELLED"));
        SparkCluster.eventually("the driver's processes and executors are gone", Duration.ofSeconds(30),
                () -> !driverProcess.isAlive() && driverTree.stream().noneMatch(ProcessHandle::isAlive)
                        && SparkCluster.processesWith("--app-id " + appId).isEmpty());
        assertEquals("READY", cluster().getString("state"), "the cluster stays");
    }

    @Test
    @Order(2)
    void aBatchSqlJobAnswersTheHairColourTotals() {
        String id = SparkCluster.submit("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"engine\":\"batch\",\"sql\":\""
                + "SELECT Hair, SUM(Freq) AS total FROM HairEyeColor GROUP BY Hair ORDER BY total DESC\","
                + "\"executorMemory\":\"512m\"}");
        SparkCluster.await(id, Set.of("SUCCEEDED"));
        given().get("/api/v1/jobs/" + id + "/result").then().statusCode(200)
                .body("rows", equalTo(List.of(List.of("Brown", 286), List.of("Blond", 127), List.of("Black", 108),
                        List.of("Red", 71))));
    }

    static final String HAIR = "SELECT Hair, SUM(Freq) AS total FROM HairEyeColor GROUP BY Hair ORDER BY total DESC";
    static final List<List<Object>> HAIR_TOTALS = List.of(List.of("Brown", 286), List.of("Blond", 127),
            List.of("Black", 108), List.of("Red", 71));

    String warmSql(String sql) {
        return SparkCluster.submit("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"" + sql + "\"}");
    }

    JsonPath cluster() {
        return given().get("/api/v1/pools/" + pool + "/cluster").then().statusCode(200).extract().jsonPath();
    }

    Optional<ProcessKubelet.RunningPod> enginePod() {
        return ProcessCluster.kubelet.pods().values().stream()
                .filter(p -> p.name.startsWith(KubeNames.sqlEngine(pool) + "-") && !p.terminal).findFirst();
    }

    /**
     * An SQL job without an engine choice runs on the pool's warm engine: a pod of its own against the pool's
     * master, whose gateway reads the pool's files on the PVC and writes the result there; the service reaches
     * that gateway at the pod's address with the engine's token.
     */
    @Test
    @Order(10)
    void sqlJobsRunOnTheWarmEnginePodAndWriteTheirResultsIntoThePvc() {
        String id = warmSql(HAIR);
        SparkCluster.await(id, Set.of("SUCCEEDED"));
        JsonPath job = given().get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("warm", job.getString("engine"));
        given().get("/api/v1/jobs/" + id + "/result").then().statusCode(200).body("rows", equalTo(HAIR_TOTALS));
        JsonPath cluster = cluster();
        assertEquals("READY", cluster.getString("sqlEngine.state"));
        assertTrue(cluster.getString("sqlEngine.endpoint").startsWith("sc://127.42."), cluster.prettify());
        assertEquals(cluster.getString("sqlEngine.sparkAppId"), job.getString("sparkAppId"), "the job ran in the engine");
        assertTrue(enginePod().isPresent(), "the engine runs as a pod");
        // the full result is a file of the pool, on the PVC, and the file API serves it
        String csv = given().accept("text/csv").get("/api/v1/jobs/" + id + "/result").then().statusCode(200)
                .extract().asString();
        assertEquals(List.of("Hair,total", "Brown,286", "Blond,127", "Black,108", "Red,71"), csv.lines().toList());
        given().queryParam("prefix", "results/" + id + "/").get("/api/v1/pools/" + pool + "/files").then()
                .body("files.path", hasItem(startsWith("results/" + id + "/part-")));

        String eyes = warmSql("SELECT Eye, SUM(Freq) AS n FROM HairEyeColor GROUP BY Eye ORDER BY Eye");
        SparkCluster.await(eyes, Set.of("SUCCEEDED"));
        given().get("/api/v1/jobs/" + eyes + "/result").then().body("rows", equalTo(List.of(List.of("Blue", 215),
                List.of("Brown", 220), List.of("Green", 64), List.of("Hazel", 93))));
        assertEquals(job.getString("sparkAppId"), given().get("/api/v1/jobs/" + eyes).then().extract().path("sparkAppId"),
                "the same engine");
        String bad = warmSql("SELECT nope FROM HairEyeColor");
        SparkCluster.await(bad, Set.of("FAILED"));
        assertTrue(given().get("/api/v1/jobs/" + bad).then().extract().<String>path("failureReason").contains("nope"));
    }

    /** The engine's death is seen with its reason, and the next SQL job gets a new engine pod. */
    @Test
    @Order(11)
    void anEngineThatDiesIsReportedAndReplacedByTheNextSqlJob() {
        ProcessKubelet.RunningPod pod = enginePod().orElseThrow();
        String appId = cluster().getString("sqlEngine.sparkAppId");
        ProcessHandle.of(pod.process.pid()).orElseThrow().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("SparkConnectServer"))
                .forEach(ProcessHandle::destroyForcibly);
        SparkCluster.eventually("the engine seen dead", Duration.ofSeconds(60),
                () -> "DOWN".equals(cluster().getString("sqlEngine.state")));
        assertTrue(cluster().getString("sqlEngine.reason").contains("SQL engine died"), cluster().prettify());

        String id = warmSql(HAIR);
        SparkCluster.await(id, Set.of("SUCCEEDED"));
        given().get("/api/v1/jobs/" + id + "/result").then().body("rows", equalTo(HAIR_TOTALS));
        String newApp = given().get("/api/v1/jobs/" + id).then().extract().path("sparkAppId");
        assertTrue(newApp != null && !newApp.equals(appId), "a new engine: " + newApp + " after " + appId);
        assertTrue(enginePod().map(p -> !p.name.equals(pod.name)).orElse(false), "a new engine pod");
    }

    /**
     * A stock Spark Connect client gets a session on the engine pod through the service's frontend (pool files are
     * tables there too); the engine pod's own Connect port, which pods of the namespace reach, refuses a client
     * without the engine's secret.
     */
    @Test
    @Order(12)
    void aStockSparkConnectClientGetsASessionOnTheEnginePodThroughTheFrontend() throws Exception {
        String url = given().get("/api/v1/pools/" + pool).then().statusCode(200).extract().path("sparkConnectUrl");
        try (ConnectShellProcess shell = ConnectShellProcess.start(url)) {
            assertEquals("ok {\"Black\":108,\"Blond\":127,\"Brown\":286,\"Red\":71}",
                    shell.ask("groupsum HairEyeColor Hair Freq"), shell::log);
            assertEquals("anonymous", cluster().getString("clientSessions[0].user"));
            assertEquals("ok ", shell.ask("quit"));
        }
        String engine = cluster().getString("sqlEngine.endpoint");
        try (ConnectShellProcess stranger = ConnectShellProcess.start(engine)) {
            String answer = stranger.ask("count HairEyeColor");
            assertTrue(answer.contains("UNAUTHENTICATED"), answer);
        }
    }

    /**
     * A burst scales the worker StatefulSet to its maximum; a worker process killed in its pod is restarted there
     * and reported; the jobs all succeed, and afterwards only idle workers go.
     */
    @Test
    @Order(20)
    void aBurstScalesTheWorkersUpSurvivesAKilledWorkerAndScalesDownAfterwards() {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobs.add(piJob("20"));
        }
        SparkCluster.eventually("two workers registered", Duration.ofSeconds(90), () -> aliveWorkers() == 2);
        assertEquals(2, cluster().getInt("desiredWorkers"));
        assertEquals(2, statefulSetReplicas(KubeNames.workers(pool)));

        ProcessKubelet.RunningPod worker = ProcessCluster.kubelet.pod(KubeNames.workerPod(pool, 1)).orElseThrow();
        ProcessHandle workerProcess = ProcessHandle.of(worker.process.pid()).orElseThrow();
        Stream.concat(Stream.of(workerProcess), workerProcess.descendants()) // spark-class execs the Worker's JVM
                .filter(p -> p.info().commandLine().orElse("").contains("deploy.worker.Worker"))
                .forEach(ProcessHandle::destroyForcibly);
        SparkCluster.eventually("the dead worker is reported", Duration.ofSeconds(30), () -> events().stream()
                .anyMatch(e -> "incident".equals(e.get("kind")) && String.valueOf(e.get("message")).contains("worker")));
        for (String id : jobs) {
            SparkCluster.await(id, Set.of("SUCCEEDED"));
        }
        SparkCluster.eventually("idle workers are removed after the scale-down delay", Duration.ofSeconds(60),
                () -> events().stream().anyMatch(e -> "scale-down".equals(e.get("kind"))));
        SparkCluster.eventually("the StatefulSet shrinks and stays shrunk", Duration.ofSeconds(30),
                () -> statefulSetReplicas(KubeNames.workers(pool)) < 2 && aliveWorkers() < 2);
        SparkCluster.sleep(3000);
        assertTrue(statefulSetReplicas(KubeNames.workers(pool)) < 2, "no scale back up to a worker on its way out");
    }

    /** After the idle timeout the cluster's pods and processes go; the files on the PVC stay, readable while DOWN. */
    @Test
    @Order(30)
    void teardownAfterTheIdleTimeoutKeepsThePoolsFiles() {
        given().contentType(ContentType.JSON).body("{\"idleTimeout\":\"PT2S\"}").patch("/api/v1/pools/" + pool)
                .then().statusCode(200);
        SparkCluster.eventually("the cluster is torn down", Duration.ofSeconds(60),
                () -> "DOWN".equals(cluster().getString("state")));
        SparkCluster.eventually("no master, worker or engine pod is left", Duration.ofSeconds(30),
                () -> ProcessCluster.kubelet.pods().values().stream().noneMatch(p -> p.name.startsWith("sparkport-" + pool + "-")
                        && !p.name.equals(KubeNames.fileServer(pool))));
        SparkCluster.eventually("no Spark process of the pool is left", Duration.ofSeconds(30),
                () -> SparkCluster.processesWith("sparkport-" + pool + "-").stream()
                        .noneMatch(p -> !p.info().commandLine().orElse("").contains(KubeNames.fileServer(pool))));
        given().get("/api/v1/pools/" + pool + "/files").then().statusCode(200)
                .body("files.path", hasItem("HairEyeColor.csv"))
                .body("files.path", hasItem("jars/sparkport-examples.jar"));
        byte[] csv = given().get("/api/v1/pools/" + pool + "/files/HairEyeColor.csv").then().statusCode(200)
                .extract().asByteArray();
        assertTrue(java.util.Arrays.equals(csv, readSample()), "the file as uploaded");
    }

    static byte[] readSample() {
        try {
            return Files.readAllBytes(Path.of("sample-data/HairEyeColor.csv"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    int aliveWorkers() {
        List<String> states = cluster().getList("workers.state", String.class);
        return (int) states.stream().filter("ALIVE"::equals).count();
    }

    List<Map<String, Object>> events() {
        return given().get("/api/v1/pools/" + pool + "/events").then().statusCode(200).extract().jsonPath().getList("$");
    }

    static int statefulSetReplicas(String name) {
        try {
            var sts = new io.kubernetes.client.openapi.apis.AppsV1Api(ProcessCluster.client)
                    .readNamespacedStatefulSet(name, ProcessCluster.NS).execute();
            return sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
        } catch (io.kubernetes.client.openapi.ApiException e) {
            return e.getCode() == 404 ? 0 : -1;
        }
    }
}
