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
import io.sparkport.e2e.SparkCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
    void sparkPiRunsInADriverPodAgainstThePoolsMasterAndWorkerPods() {
        String id = piJob("4");
        SparkCluster.await(id, Set.of("SUCCEEDED"));
        String log = SparkCluster.log(id);
        assertTrue(log.contains("Pi is roughly 3.1"), log);
    }

    @Test
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
        SparkCluster.eventually("the engine seen dead", java.time.Duration.ofSeconds(60),
                () -> "DOWN".equals(cluster().getString("sqlEngine.state")));
        assertTrue(cluster().getString("sqlEngine.reason").contains("SQL engine died"), cluster().prettify());

        String id = warmSql(HAIR);
        SparkCluster.await(id, Set.of("SUCCEEDED"));
        given().get("/api/v1/jobs/" + id + "/result").then().body("rows", equalTo(HAIR_TOTALS));
        String newApp = given().get("/api/v1/jobs/" + id).then().extract().path("sparkAppId");
        assertTrue(newApp != null && !newApp.equals(appId), "a new engine: " + newApp + " after " + appId);
        assertTrue(enginePod().map(p -> !p.name.equals(pod.name)).orElse(false), "a new engine pod");
    }
}
