package io.sparkport.e2e;

import static io.restassured.RestAssured.given;
import static io.sparkport.e2e.SparkCluster.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sparkport.schedule.ScheduleRun;
import io.sparkport.schedule.ScheduleRunner;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A schedule on a real local cluster. Its cron fires once a year, and the test fires its slots through the
 * runner's hook with the slot's time instead of waiting for them; everything else is the real path: the
 * slot's job goes through the job service, the reconciler brings the cluster up, Spark answers.
 */
@QuarkusTest
@Tag("spark")
class ScheduleE2ETest {

    static final ZoneId BUCHAREST = ZoneId.of("Europe/Bucharest");
    static final String HAIR_TOTALS = "{\"type\":\"SQL\",\"appResource\":null,\"mainClass\":null,\"args\":null,"
            + "\"sql\":\"SELECT Hair, SUM(Freq) AS total FROM HairEyeColor GROUP BY Hair ORDER BY total DESC\"}";
    static final String LONG_PI = "{\"type\":\"SPARK\",\"sql\":null,\"appResource\":\"jars/sparkport-examples.jar\","
            + "\"mainClass\":\"io.sparkport.examples.SparkPi\",\"args\":[\"100000\"]}";

    @Inject
    ScheduleRunner runner;

    final String pool = "sched-" + UUID.randomUUID().toString().substring(0, 6);

    void patchTemplate(String id, String template) {
        given().contentType(ContentType.JSON).body("{\"template\":" + template + "}").patch("/api/v1/schedules/" + id)
                .then().statusCode(200);
    }

    String fire(String id, Instant slot) {
        ScheduleRun run = runner.fire(id, slot).orElseThrow();
        assertEquals(slot, run.slot);
        return run.jobId;
    }

    @Test
    void scheduledSqlRunsSucceedOnceEachAndForbidSkipsWhileALongRunGoesOn() throws Exception {
        SparkCluster.createPool(pool, 2, "PT2M");
        SparkCluster.upload(pool, "HairEyeColor.csv", Path.of("sample-data/HairEyeColor.csv"));
        SparkCluster.upload(pool, "jars/sparkport-examples.jar", SparkCluster.SPARK_HOME.resolve("sparkport/sparkport-examples.jar"));
        String id = given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + pool + "-nightly\",\"cron\":\"0 0 1 1 *\",\"timeZone\":\"Europe/Bucharest\","
                        + "\"concurrencyPolicy\":\"Forbid\",\"successfulRunHistoryLimit\":1,\"failedRunHistoryLimit\":1,"
                        + "\"template\":{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"executorMemory\":\"512m\","
                        + "\"sql\":\"SELECT 1\"}}")
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
        patchTemplate(id, HAIR_TOTALS);
        Instant slot1 = Instant.parse(given().get("/api/v1/schedules/" + id).then().extract().path("status.nextRunAt"));

        // slot 1: a real SQL job with the real answer, fired exactly once
        String first = fire(id, slot1);
        assertEquals(Optional.empty(), runner.fire(id, slot1), "the same slot never fires twice");
        await(first, Set.of("SUCCEEDED"));
        given().get("/api/v1/jobs/" + first + "/result").then().statusCode(200)
                .body("rows", equalTo(List.of(List.of("Brown", 286), List.of("Blond", 127), List.of("Black", 108),
                        List.of("Red", 71))));
        given().queryParam("schedule", id).get("/api/v1/jobs").then().body("jobs", hasSize(1));

        // slot 2 starts a long application; slot 3 comes while it runs and is skipped (Forbid)
        patchTemplate(id, LONG_PI);
        String longRun = fire(id, nextYear(slot1));
        await(longRun, Set.of("RUNNING"));
        Instant slot3 = nextYear(nextYear(slot1));
        assertNull(fire(id, slot3), "skipped: no job");
        given().post("/api/v1/jobs/" + longRun + "/cancel").then().statusCode(202);
        await(longRun, Set.of("CANCELLED"));

        // slot 4: SQL again; with a history of one success, the first run and its job go
        patchTemplate(id, HAIR_TOTALS);
        String fourth = fire(id, nextYear(slot3));
        await(fourth, Set.of("SUCCEEDED"));
        assertEquals(1, runner.prune(id));
        given().get("/api/v1/jobs/" + first).then().statusCode(404);
        given().get("/api/v1/schedules/" + id).then()
                .body("status.lastJobId", equalTo(fourth))
                .body("status.runs.state", equalTo(List.of("SUCCEEDED", "SKIPPED", "CANCELLED")))
                .body("status.runs[1].reason", containsString("Forbid"))
                .body("status.runs[2].jobId", equalTo(longRun));
        given().queryParam("schedule", id).get("/api/v1/jobs").then().body("jobs.id", equalTo(List.of(fourth, longRun)));
        given().delete("/api/v1/schedules/" + id).then().statusCode(204);
    }

    static Instant nextYear(Instant slot) {
        return slot.atZone(BUCHAREST).plusYears(1).toInstant();
    }
}
