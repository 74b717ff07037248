package io.sparkport.e2e;

import static io.restassured.RestAssured.given;
import static io.sparkport.e2e.SparkCluster.eventually;
import static io.sparkport.e2e.SparkCluster.processesWith;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real Spark through the Livy and Kyuubi surfaces, polled as their clients poll (Airflow's LivyHook: {@code /state}
 * until a final state, then the log page by page), on one shared local cluster of at most two 1-core workers.
 */
@QuarkusTest
@Tag("spark")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchApisE2ETest {

    static final String EXAMPLES = "jars/sparkport-examples.jar";
    static final Set<String> LIVY_FINAL = Set.of("success", "dead", "killed", "error");

    final String pool = "batch-" + UUID.randomUUID().toString().substring(0, 6);
    boolean poolReady;

    @BeforeEach
    void createPoolWithTheExamples() throws Exception {
        if (poolReady) {
            return;
        }
        poolReady = true;
        SparkCluster.createPool(pool, 2, "PT10M");
        SparkCluster.upload(pool, EXAMPLES, SparkCluster.SPARK_HOME.resolve("sparkport/sparkport-examples.jar"));
    }

    int livyBatch(String className, String slices) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body("{\"file\":\"" + EXAMPLES + "\",\"className\":\"" + className + "\",\"args\":[\"" + slices + "\"],"
                        + "\"executorMemory\":\"512m\",\"numExecutors\":\"1\",\"queue\":\"" + pool + "\"}")
                .post("/livy/batches").then().statusCode(201).extract().path("id");
    }

    /** LivyHook.poll_for_termination: GET /state until one of Livy's final states. */
    static String pollLivy(int id, Set<String> until) {
        Instant deadline = Instant.now().plus(SparkCluster.JOB_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String state = given().get("/livy/batches/" + id + "/state").then().statusCode(200).extract().path("state");
            if (until.contains(state)) {
                return state;
            }
            if (LIVY_FINAL.contains(state)) {
                fail("batch " + id + " ended " + state + ": " + given().get("/livy/batches/" + id).asString());
            }
            SparkCluster.sleep(250);
        }
        fail("batch " + id + " did not reach " + until);
        return null;
    }

    /** LivyHook.dump_batch_logs: pages of 100 lines from 0 while from <= total. */
    static List<String> livyLog(int id) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        int total = 0;
        while (from <= total) {
            JsonPath page = given().queryParam("from", from).queryParam("size", 100).get("/livy/batches/" + id + "/log")
                    .then().statusCode(200).extract().jsonPath();
            total = page.getInt("total");
            lines.addAll(page.getList("log", String.class));
            from += 100;
        }
        assertEquals(lines.size(), total, "the pages hold every line once");
        return lines;
    }

    /** The Sparkport job behind a Livy batch, from its driver log's URL. */
    static String jobId(int id) {
        String logUrl = given().get("/livy/batches/" + id).then().extract().path("appInfo.driverLogUrl");
        String[] parts = logUrl.split("/");
        return parts[parts.length - 2];
    }

    @Test
    void sparkPiThroughLivyEndsSuccessWithItsAnswerInTheLog() {
        int id = livyBatch("io.sparkport.examples.SparkPi", "4");
        assertEquals("success", pollLivy(id, Set.of("success")));
        List<String> log = livyLog(id);
        assertTrue(log.stream().anyMatch(l -> l.contains("Pi is roughly 3.1")), String.join("\n", log));
        given().get("/livy/batches/" + id).then().body("appId", startsWith("app-")).body("state", equalTo("success"));
        given().get("/api/v1/jobs/" + jobId(id)).then().body("state", equalTo("SUCCEEDED")).body("cores", equalTo(1));
    }

    @Test
    void aBadClassThroughLivyEndsDeadWithTheReason() {
        int id = livyBatch("io.sparkport.examples.NoSuchApp", "1");
        assertEquals("dead", pollLivy(id, Set.of("dead")));
        given().get("/api/v1/jobs/" + jobId(id)).then()
                .body("failureReason", containsString("io.sparkport.examples.NoSuchApp"));
    }

    @Test
    void deletingARunningLivyBatchKillsItsDriverAndExecutors() {
        int id = livyBatch("io.sparkport.examples.SparkPi", "100000");
        pollLivy(id, Set.of("running"));
        String job = jobId(id);
        String appId = given().get("/api/v1/jobs/" + job).then().extract().path("sparkAppId");
        eventually("an executor of " + appId + " runs", Duration.ofSeconds(60),
                () -> appId != null && !processesWith("--app-id " + appId).isEmpty());

        given().delete("/livy/batches/" + id).then().statusCode(200).body("msg", equalTo("deleted"));
        assertEquals("killed", pollLivy(id, Set.of("killed")));
        eventually("driver and executors of batch " + id + " are gone", Duration.ofSeconds(30),
                () -> processesWith("spark.sparkport.job=" + job).isEmpty() && processesWith("--app-id " + appId).isEmpty());
    }

    @Test
    void sparkPiThroughKyuubiFinishesWithItsAnswerInTheLocalLog() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"batchType\":\"SPARK\",\"resource\":\"" + EXAMPLES + "\",\"className\":\"io.sparkport.examples.SparkPi\","
                        + "\"name\":\"kyuubi-pi\",\"args\":[\"4\"],\"conf\":{\"kyuubi.client.version\":\"1.10.2\","
                        + "\"spark.sparkport.pool\":\"" + pool + "\",\"spark.executor.memory\":\"512m\"}}")
                .post("/kyuubi/api/v1/batches").then().statusCode(200).extract().path("id");
        Instant deadline = Instant.now().plus(SparkCluster.JOB_TIMEOUT);
        String state;
        do {
            SparkCluster.sleep(250);
            state = given().get("/kyuubi/api/v1/batches/" + id).then().statusCode(200).extract().path("state");
        } while (Instant.now().isBefore(deadline) && !Set.of("FINISHED", "ERROR", "CANCELED").contains(state));
        given().get("/kyuubi/api/v1/batches/" + id).then().body("state", equalTo("FINISHED"))
                .body("appState", equalTo("FINISHED")).body("appId", startsWith("app-"))
                .body("endTime", greaterThan(0L)).body("appStartTime", greaterThan(0L));
        List<String> rows = given().get("/kyuubi/api/v1/batches/" + id + "/localLog?from=0&size=-1").then()
                .statusCode(200).extract().path("logRowSet");
        assertTrue(rows.stream().anyMatch(l -> l.contains("Pi is roughly 3.1")), String.join("\n", rows));
    }
}
