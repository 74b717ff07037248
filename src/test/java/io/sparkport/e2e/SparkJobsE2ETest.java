package io.sparkport.e2e;

import static io.restassured.RestAssured.given;
import static io.sparkport.e2e.SparkCluster.await;
import static io.sparkport.e2e.SparkCluster.eventually;
import static io.sparkport.e2e.SparkCluster.log;
import static io.sparkport.e2e.SparkCluster.processesWith;
import static io.sparkport.e2e.SparkCluster.submit;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real Spark on a real local standalone cluster, shared by every test here: one pool of at most two
 * 1-core workers, brought up by the first job.
 */
@QuarkusTest
@Tag("spark")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkJobsE2ETest {

    final String pool = "e2e-" + UUID.randomUUID().toString().substring(0, 6);
    boolean poolReady;

    /** Once per class, but inside a test: Quarkus serves requests only from the first test on. */
    @BeforeEach
    void createPoolWithData() throws Exception {
        if (poolReady) {
            return;
        }
        poolReady = true;
        SparkCluster.createPool(pool, 2, "PT10M");
        SparkCluster.upload(pool, "HairEyeColor.csv", Path.of("sample-data/HairEyeColor.csv"));
        SparkCluster.upload(pool, "jars/sparkport-examples.jar", SparkCluster.SPARK_HOME.resolve("sparkport/sparkport-examples.jar"));
    }

    /** These tests are about the SQL runner (a driver per job): the warm engine has WarmSqlE2ETest. */
    String sqlJob(String sql) {
        return submit("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"engine\":\"batch\",\"sql\":\"" + sql
                + "\",\"executorMemory\":\"512m\"}");
    }

    String piJob(String mainClass, String slices) {
        return submit("{\"pool\":\"" + pool + "\",\"type\":\"SPARK\",\"appResource\":\"jars/sparkport-examples.jar\","
                + "\"mainClass\":\"" + mainClass + "\",\"args\":[\"" + slices + "\"],\"executorMemory\":\"512m\"}");
    }

    @Test
    void anSqlJobAnswersTheHairColourTotals() {
        String id = sqlJob("SELECT Hair, SUM(Freq) AS total FROM HairEyeColor GROUP BY Hair ORDER BY total DESC");
        await(id, Set.of("SUCCEEDED"));

        given().get("/api/v1/jobs/" + id + "/result").then().statusCode(200)
                .body("columns.name", equalTo(List.of("Hair", "total")))
                .body("columns.type", equalTo(List.of("string", "bigint")))
                .body("rows", equalTo(List.of(List.of("Brown", 286), List.of("Blond", 127), List.of("Black", 108),
                        List.of("Red", 71))))
                .body("rowCount", equalTo(4))
                .body("truncated", equalTo(false));
        String csv = given().accept("text/csv").get("/api/v1/jobs/" + id + "/result").then().statusCode(200)
                .extract().asString();
        assertEquals(List.of("Hair,total", "Brown,286", "Blond,127", "Black,108", "Red,71"), csv.lines().toList());
        given().queryParam("prefix", "results/" + id + "/").get("/api/v1/pools/" + pool + "/files").then()
                .body("files.path", hasItem(startsWith("results/" + id + "/part-")));
        given().get("/api/v1/jobs/" + id).then()
                .body("sparkAppId", startsWith("app-")).body("startedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aScriptOfStatementsAnswersWithItsLastOne() {
        String id = sqlJob("CREATE TEMPORARY VIEW women AS SELECT * FROM HairEyeColor WHERE Sex = 'Female'; "
                + "-- eye colours of the women; a ; in a comment does not split\\n"
                + "SELECT Eye, SUM(Freq) AS n FROM women GROUP BY Eye ORDER BY Eye");
        await(id, Set.of("SUCCEEDED"));
        given().get("/api/v1/jobs/" + id + "/result").then()
                .body("rows", equalTo(List.of(List.of("Blue", 114), List.of("Brown", 122), List.of("Green", 31),
                        List.of("Hazel", 46))));
    }

    @Test
    void aSparkApplicationFromThePoolSucceedsWithItsOutputInTheLog() {
        String id = piJob("io.sparkport.examples.SparkPi", "4");
        await(id, Set.of("SUCCEEDED"));
        assertTrue(log(id).contains("Pi is roughly 3.1"), log(id));
        given().get("/api/v1/jobs/" + id + "/logs?offset=0&limit=3").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyString()));
    }

    @Test
    void anApplicationWithABadClassFailsWithTheReason() {
        String id = piJob("io.sparkport.examples.NoSuchApp", "1");
        await(id, Set.of("FAILED"));
        given().get("/api/v1/jobs/" + id).then().body("failureReason", containsString("io.sparkport.examples.NoSuchApp"));
    }

    @Test
    void badSqlFailsWithSparksReason() {
        String id = sqlJob("SELECT * FROM NoSuchTable");
        await(id, Set.of("FAILED"));
        given().get("/api/v1/jobs/" + id).then().body("failureReason", containsString("NoSuchTable"));
        given().get("/api/v1/jobs/" + id + "/result").then().statusCode(409);
    }

    /**
     * The master, the workers, a driver and its executors: each maps the Spark home's class data archive, and
     * shares its pages rather than copying them.
     */
    @Test
    void everySparkJvmMapsTheClassDataArchive() {
        String id = piJob("io.sparkport.examples.SparkPi", "100000");
        await(id, Set.of("RUNNING"));
        String appId = given().get("/api/v1/jobs/" + id).then().extract().path("sparkAppId");
        eventually("an executor of " + appId + " runs", Duration.ofSeconds(60),
                () -> !processesWith("--app-id " + appId).isEmpty());
        List<ProcessHandle> daemons = processesWith("-Dio.sparkport.pool=" + pool + " ");
        assertTrue(daemons.size() >= 2, "master and worker: " + daemons);
        List<ProcessHandle> jvms = new java.util.ArrayList<>(daemons);
        jvms.addAll(processesWith("spark.sparkport.job=" + id));
        jvms.addAll(processesWith("--app-id " + appId));
        assertTrue(jvms.size() >= 4, "master, worker, driver and executor: " + jvms);
        for (ProcessHandle jvm : jvms) { // an executor may have been forked a moment ago
            eventually(jvm.pid() + " maps " + SparkCluster.SPARK_HOME.resolve("cds/spark.jsa") + ": "
                    + jvm.info().commandLine().orElse(""), Duration.ofSeconds(10), () -> SparkCluster.mapsClassDataArchive(jvm));
            double own = SparkCluster.privateShareOfClassDataArchive(jvm);
            assertTrue(own < 0.5, jvm.pid() + " holds " + Math.round(own * 100) + " % of its archive pages as a private copy");
        }
        given().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(202);
        await(id, Set.of("CANCELLED"));
    }

    @Test
    void aCancelledJobLeavesNoDriverAndNoExecutor() {
        String id = piJob("io.sparkport.examples.SparkPi", "100000");
        await(id, Set.of("RUNNING"));
        String appId = given().get("/api/v1/jobs/" + id).then().extract().path("sparkAppId");
        eventually("an executor of " + appId + " runs", Duration.ofSeconds(60),
                () -> !processesWith("--app-id " + appId).isEmpty());

        given().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(202);
        await(id, Set.of("CANCELLED"));
        eventually("driver and executors of job " + id + " are gone", Duration.ofSeconds(30),
                () -> processesWith("spark.sparkport.job=" + id).isEmpty() && processesWith("--app-id " + appId).isEmpty());
        given().get("/api/v1/pools/" + pool + "/cluster").then().body("state", equalTo("READY"));
    }
}
