package io.sparkport.e2e;

import static io.restassured.RestAssured.given;
import static io.sparkport.e2e.SparkCluster.await;
import static io.sparkport.e2e.SparkCluster.eventually;
import static io.sparkport.e2e.SparkCluster.processesWith;
import static io.sparkport.e2e.SparkCluster.submit;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A burst scales the pool to its maximum in one step, survives a killed worker, then shrinks and goes. */
@QuarkusTest
@Tag("spark")
class AutoscalingE2ETest {

    @Test
    void aBurstScalesUpSurvivesAKilledWorkerAndScalesDownAfterwards() throws Exception {
        String pool = "burst-" + UUID.randomUUID().toString().substring(0, 6);
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + pool + "\",\"workers\":{\"min\":0,\"max\":2,\"cores\":1,\"memory\":\"512m\"},"
                        + "\"idleTimeout\":\"PT20S\",\"scaleDownDelay\":\"PT2S\"}")
                .post("/api/v1/pools").then().statusCode(201);
        SparkCluster.upload(pool, "jars/examples.jar", SparkCluster.SPARK_HOME.resolve("sparkport/sparkport-examples.jar"));

        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobs.add(submit("{\"pool\":\"" + pool + "\",\"type\":\"SPARK\",\"appResource\":\"jars/examples.jar\","
                    + "\"mainClass\":\"io.sparkport.examples.SparkPi\",\"args\":[\"20\"],\"executorMemory\":\"512m\"}"));
        }
        eventually("two workers registered", Duration.ofSeconds(60), () -> aliveWorkers(pool) == 2);
        given().get("/api/v1/pools/" + pool + "/cluster").then().body("desiredWorkers", equalTo(2));
        given().get("/api/v1/pools/" + pool + "/events").then().body("kind", hasItem("start"));

        List<ProcessHandle> workers = processesWith("-Dio.sparkport.pool=" + pool).stream()
                .filter(p -> p.info().commandLine().orElse("").contains("deploy.worker.Worker")).toList();
        assertTrue(workers.size() == 2, "two worker processes: " + workers);
        workers.get(1).destroyForcibly();

        eventually("the dead worker is reported", Duration.ofSeconds(30), () -> given()
                .get("/api/v1/pools/" + pool + "/events").then().extract().<List<String>>path("kind").contains("incident"));
        for (String id : jobs) {
            await(id, Set.of("SUCCEEDED"));
        }

        eventually("idle workers are removed after the scale-down delay", Duration.ofSeconds(30), () -> given()
                .get("/api/v1/pools/" + pool + "/events").then().extract().<List<String>>path("kind").contains("scale-down"));
        eventually("the cluster is torn down after the idle timeout", Duration.ofSeconds(60),
                () -> "DOWN".equals(given().get("/api/v1/pools/" + pool + "/cluster").then().extract().path("state")));
        assertTrue(processesWith("-Dio.sparkport.pool=" + pool).isEmpty(), "no process of the pool is left");
    }

    static int aliveWorkers(String pool) {
        List<String> states = given().get("/api/v1/pools/" + pool + "/cluster").then().extract().path("workers.state");
        return (int) states.stream().filter("ALIVE"::equals).count();
    }
}
