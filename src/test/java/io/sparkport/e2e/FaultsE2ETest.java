package io.sparkport.e2e;

import static io.restassured.RestAssured.given;
import static io.sparkport.e2e.SparkCluster.await;
import static io.sparkport.e2e.SparkCluster.eventually;
import static io.sparkport.e2e.SparkCluster.processesWith;
import static io.sparkport.e2e.SparkCluster.submit;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
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
 * Faults on real Spark: retries with recorded attempts, a timeout, a driver out of memory, and the
 * cluster's master killed mid-job. (A worker killed mid-job: {@link AutoscalingE2ETest}.)
 */
@QuarkusTest
@Tag("spark")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsE2ETest {

    final String pool = "faults-" + UUID.randomUUID().toString().substring(0, 6);
    boolean poolReady;

    @BeforeEach
    void createPool() throws Exception {
        if (poolReady) {
            return;
        }
        poolReady = true;
        SparkCluster.createPool(pool, 1, "PT10M");
        SparkCluster.upload(pool, "jars/faults.jar", TestApps.jar());
        SparkCluster.upload(pool, "jars/examples.jar", SparkCluster.SPARK_HOME.resolve("sparkport/sparkport-examples.jar"));
    }

    String app(String mainClass, String arg, String policy) {
        return submit("{\"pool\":\"" + pool + "\",\"type\":\"SPARK\",\"appResource\":\"jars/faults.jar\","
                + "\"mainClass\":\"" + mainClass + "\",\"args\":[\"" + arg + "\"],\"executorMemory\":\"512m\"" + policy + "}");
    }

    @Test
    void aFailingJobIsRetriedWithItsAttemptsRecordedThenFails() {
        String id = app(TestApps.FAIL, "0", ",\"retries\":1");
        await(id, Set.of("FAILED"));
        given().get("/api/v1/jobs/" + id).then()
                .body("failureReason", containsString("boom"))
                .body("retries", equalTo(1))
                .body("attempt", equalTo(2))
                .body("attempts", hasSize(2))
                .body("attempts[0].outcome", equalTo("RETRIED"))
                .body("attempts[0].reason", containsString("boom"))
                .body("attempts[1].outcome", equalTo("FAILED"));
        assertTrue(Files.exists(Path.of("target/test-data/jobs", id, "driver-attempt-1.log")), "the first attempt's log is kept");
    }

    @Test
    void aJobPastItsTimeoutIsStoppedAndFailed() {
        String id = app(TestApps.SLEEP, "600", ",\"timeout\":\"PT5S\",\"retries\":2");
        await(id, Set.of("FAILED"));
        given().get("/api/v1/jobs/" + id).then().body("failureReason", startsWith("timed out"))
                .body("timeout", equalTo("PT5S")).body("attempts", hasSize(1));
        eventually("the driver is gone", Duration.ofSeconds(15), () -> processesWith(id).isEmpty());
    }

    @Test
    void aDriverOutOfMemoryFailsWithTheReasonInJobAndLog() {
        String id = submit("{\"pool\":\"" + pool + "\",\"type\":\"SPARK\",\"appResource\":\"jars/faults.jar\","
                + "\"mainClass\":\"" + TestApps.HOG + "\",\"driverMemory\":\"512m\",\"executorMemory\":\"512m\"}");
        await(id, Set.of("FAILED"));
        given().get("/api/v1/jobs/" + id).then().body("failureReason", containsString("OutOfMemoryError"));
        assertTrue(SparkCluster.log(id).contains("java.lang.OutOfMemoryError"), "the log shows it");
    }

    @Test
    void aKilledMasterRecreatesTheClusterAndTheJobIsRetried() {
        String id = submit("{\"pool\":\"" + pool + "\",\"type\":\"SPARK\",\"appResource\":\"jars/examples.jar\","
                + "\"mainClass\":\"io.sparkport.examples.SparkPi\",\"args\":[\"3000\"],\"executorMemory\":\"512m\","
                + "\"retries\":1}");
        await(id, Set.of("RUNNING"));
        SparkCluster.sleep(3000);
        List<ProcessHandle> masters = processesWith("-Dio.sparkport.pool=" + pool).stream()
                .filter(p -> p.info().commandLine().orElse("").contains("deploy.master.Master")).toList();
        assertTrue(masters.size() == 1, "one master: " + masters);
        masters.get(0).destroyForcibly();

        await(id, Set.of("SUCCEEDED"));
        given().get("/api/v1/jobs/" + id).then()
                .body("attempts[0].outcome", equalTo("RETRIED"))
                .body("attempts[0].reason", containsString("master died"))
                .body("attempts[1].outcome", equalTo("SUCCEEDED"));
        given().get("/api/v1/pools/" + pool + "/events").then().body("kind", hasItem("incident"));
    }
}
