package io.sparkport.cluster.kubernetes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sparkport.e2e.SparkCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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
}
