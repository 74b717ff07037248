package io.sparkport.e2e;

import static io.restassured.RestAssured.given;
import static io.sparkport.e2e.SparkCluster.await;
import static io.sparkport.e2e.SparkCluster.eventually;
import static io.sparkport.e2e.SparkCluster.submit;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code progress} of a real multi-stage job: live as its driver reports it, then kept after it ended. */
@QuarkusTest
@Tag("spark")
class JobProgressE2ETest {

    /** An aggregation and a sort over rows that take 0.3 s each: several stages and a few seconds of running. */
    static final String SLOW_SQL = "SELECT k, SUM(id) AS total, COUNT(s) AS n FROM (SELECT id % 4 AS k, id, "
            + "reflect('java.lang.Thread', 'sleep', CAST(300 AS BIGINT)) AS s FROM range(0, 24, 1, 6)) "
            + "GROUP BY k ORDER BY k";

    @Test
    void aRunningJobShowsItsStagesAndTasksAndKeepsTheFinalCountsAfterwards() throws Exception {
        String pool = "progress-" + UUID.randomUUID().toString().substring(0, 6);
        SparkCluster.createPool(pool, 1, "PT30S");
        // progress is read from a driver's own UI: the batch path (a warm engine's UI is shared by its jobs)
        String id = submit("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"engine\":\"batch\",\"sql\":\"" + SLOW_SQL + "\","
                + "\"executorMemory\":\"512m\"}");
        given().get("/api/v1/jobs/" + id).then().body("progress", equalTo(null));

        await(id, Set.of("RUNNING"));
        JsonPath[] live = new JsonPath[1];
        eventually("the running job shows an active stage", Duration.ofSeconds(90), () -> {
            live[0] = given().get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
            List<String> active = live[0].getList("progress.activeStages", String.class);
            return "RUNNING".equals(live[0].getString("state")) && active != null && !active.isEmpty();
        });
        int stagesDone = live[0].getInt("progress.stages.completed");
        int stagesTotal = live[0].getInt("progress.stages.total");
        assertTrue(stagesTotal >= 1 && stagesDone < stagesTotal, "a stage is active: " + live[0].prettify());
        assertTrue(live[0].getInt("progress.tasks.completed") < live[0].getInt("progress.tasks.total"), live[0].prettify());
        assertTrue(live[0].getList("progress.activeStages", String.class).stream().allMatch(s -> !s.isBlank()));
        assertTrue(live[0].getString("sparkUiUrl").startsWith("http://127.0.0.1:"), "the driver's UI: " + live[0].prettify());

        await(id, Set.of("SUCCEEDED"));
        given().get("/api/v1/jobs/" + id + "/result").then()
                .body("rows", equalTo(List.of(List.of(0, 60, 6), List.of(1, 66, 6), List.of(2, 72, 6), List.of(3, 78, 6))));
        JsonPath done = given().get("/api/v1/jobs/" + id).then().statusCode(200)
                .body("progress.stages.total", greaterThanOrEqualTo(2))
                .body("progress.activeStages", empty())
                .body("progress.observedAt", notNullValue())
                .body("sparkUiUrl", equalTo(null))
                .extract().jsonPath();
        assertTrue(done.getInt("progress.stages.completed") == done.getInt("progress.stages.total"), done.prettify());
        assertTrue(done.getInt("progress.tasks.completed") == done.getInt("progress.tasks.total"), done.prettify());
        assertTrue(done.getInt("progress.tasks.total") >= 6, "the six slow tasks at least: " + done.prettify());
        assertTrue(done.getInt("progress.jobs.completed") == done.getInt("progress.jobs.total"), done.prettify());
        assertTrue(Files.exists(Path.of("target/test-data/jobs", id, "progress.json")), "kept next to the driver log");
        given().get("/api/v1/jobs?pool=" + pool).then().body("jobs[0].progress", equalTo(null));

        // An application's driver stops its UI before it exits: its final counts come from its own report.
        SparkCluster.upload(pool, "jars/examples.jar", SparkCluster.SPARK_HOME.resolve("sparkport/sparkport-examples.jar"));
        String pi = submit("{\"pool\":\"" + pool + "\",\"type\":\"SPARK\",\"appResource\":\"jars/examples.jar\","
                + "\"mainClass\":\"io.sparkport.examples.SparkPi\",\"args\":[\"4\"],\"executorMemory\":\"512m\"}");
        await(pi, Set.of("SUCCEEDED"));
        given().get("/api/v1/jobs/" + pi).then()
                .body("progress.stages", equalTo(Map.of("completed", 1, "total", 1)))
                .body("progress.tasks", equalTo(Map.of("completed", 4, "total", 4)))
                .body("progress.jobs", equalTo(Map.of("completed", 1, "total", 1)))
                .body("progress.activeStages", empty());
    }
}
