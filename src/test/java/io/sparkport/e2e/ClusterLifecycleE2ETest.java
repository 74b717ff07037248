package io.sparkport.e2e;

import static io.restassured.RestAssured.given;
import static io.sparkport.e2e.SparkCluster.await;
import static io.sparkport.e2e.SparkCluster.eventually;
import static io.sparkport.e2e.SparkCluster.processesWith;
import static io.sparkport.e2e.SparkCluster.submit;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A pool's cluster comes up for a job, goes away after the idle timeout, keeps the files, and comes back. */
@QuarkusTest
@Tag("spark")
class ClusterLifecycleE2ETest {

    @Test
    void theClusterVanishesAfterTheBurstAndReturnsForTheNextJob() throws Exception {
        String pool = "life-" + UUID.randomUUID().toString().substring(0, 6);
        SparkCluster.createPool(pool, 1, "PT3S");
        SparkCluster.upload(pool, "HairEyeColor.csv", Path.of("sample-data/HairEyeColor.csv"));
        String sql = "SELECT COUNT(*) AS n, SUM(Freq) AS students FROM HairEyeColor";
        String first = submit("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"" + sql + "\",\"executorMemory\":\"512m\"}");
        await(first, Set.of("SUCCEEDED"));
        List<ProcessHandle> daemons = processesWith("-Dio.sparkport.pool=" + pool);
        assertFalse(daemons.isEmpty(), "master and worker run while the job runs");
        given().get("/api/v1/jobs/" + first + "/result").then().body("rows", equalTo(List.of(List.of(32, 592))));

        eventually("the cluster of " + pool + " is torn down", Duration.ofSeconds(60),
                () -> "DOWN".equals(given().get("/api/v1/pools/" + pool + "/cluster").then().extract().path("state")));
        eventually("master and worker processes are gone", Duration.ofSeconds(15),
                () -> daemons.stream().noneMatch(ProcessHandle::isAlive));
        assertEquals(List.of(), processesWith("-Dio.sparkport.pool=" + pool));
        given().get("/api/v1/pools/" + pool + "/files").then().body("files.path", hasItem("HairEyeColor.csv"));
        given().get("/api/v1/pools/" + pool + "/events").then().body("kind", hasItem("teardown"));

        String second = submit("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"" + sql + "\",\"executorMemory\":\"512m\"}");
        await(second, Set.of("SUCCEEDED"));
        given().get("/api/v1/jobs/" + second + "/result").then().body("rows", equalTo(List.of(List.of(32, 592))));
    }
}
