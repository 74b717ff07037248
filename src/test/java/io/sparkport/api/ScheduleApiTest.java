package io.sparkport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sparkport.schedule.ScheduleRun;
import io.sparkport.schedule.ScheduleRunner;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The schedules API without running Spark: CRUD, validation problems, manual runs (cancelled at once), and
 * firing slots through the runner's hook with a time of the test's choosing. The crons fire yearly, so the
 * real ticker leaves these schedules alone while the tests run.
 */
@QuarkusTest
class ScheduleApiTest {

    static final String YEARLY = "0 0 1 1 *";
    /** A queued job may reach STARTING before the test cancels it, if its pool's cluster comes up fast. */
    static final String[] UNFINISHED = {"QUEUED", "STARTING", "RUNNING"};

    @Inject
    ScheduleRunner runner;

    String pool;
    final List<String> created = new ArrayList<>();

    @BeforeEach
    void createPool() {
        pool = PoolApiTest.uniqueName();
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + pool + "\",\"workers\":{\"max\":2,\"cores\":1,\"memory\":\"512m\"},\"idleTimeout\":\"PT1S\"}")
                .post("/api/v1/pools").then().statusCode(201);
    }

    String template(String sql) {
        return "{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"" + sql + "\"}";
    }

    String body(String name, String extra) {
        return "{\"name\":\"" + name + "\",\"cron\":\"" + YEARLY + "\",\"timeZone\":\"Europe/Bucharest\","
                + "\"template\":" + template("SELECT 1") + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    String create(String extra) {
        String id = given().contentType(ContentType.JSON).body(body(PoolApiTest.uniqueName(), extra))
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
        created.add(id);
        return id;
    }

    /** No schedule of these tests may fire later on its own, while other tests run in the same service. */
    @AfterEach
    void deleteSchedules() {
        created.forEach(id -> given().delete("/api/v1/schedules/" + id));
    }

    void assertRefused(String body, int status, String detail) {
        ApiProblems.assertRefused("/api/v1/schedules", body, status, detail);
    }

    @Test
    void createsReadsListsReplacesAndDeletesASchedule() {
        String name = PoolApiTest.uniqueName();
        String id = given().contentType(ContentType.JSON)
                .body(body(name, "\"concurrencyPolicy\":\"Forbid\",\"startingDeadline\":\"PT5M\",\"successfulRunHistoryLimit\":2"))
                .post("/api/v1/schedules")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/schedules/"))
                .body("name", equalTo(name))
                .body("cron", equalTo(YEARLY))
                .body("timeZone", equalTo("Europe/Bucharest"))
                .body("template.pool", equalTo(pool))
                .body("template.sql", equalTo("SELECT 1"))
                .body("concurrencyPolicy", equalTo("Forbid"))
                .body("suspend", equalTo(false))
                .body("successfulRunHistoryLimit", equalTo(2))
                .body("failedRunHistoryLimit", equalTo(1))
                .body("startingDeadline", equalTo("PT5M"))
                .body("status.nextRunAt", endsWith("-12-31T22:00:00Z"))
                .body("status.lastRunAt", nullValue())
                .body("status.lastJobId", nullValue())
                .body("status.runs", hasSize(0))
                .extract().path("id");
        created.add(id);

        given().get("/api/v1/schedules/" + id).then().statusCode(200).body("id", equalTo(id)).body("name", equalTo(name));
        given().get("/api/v1/schedules").then().statusCode(200).body("id", hasItem(id));

        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"cron\":\"@yearly\",\"template\":" + template("SELECT 2") + "}")
                .put("/api/v1/schedules/" + id).then().statusCode(200)
                .body("cron", equalTo("@yearly"))
                .body("timeZone", equalTo("UTC"))
                .body("concurrencyPolicy", equalTo("Allow"))
                .body("startingDeadline", nullValue())
                .body("template.sql", equalTo("SELECT 2"))
                .body("status.nextRunAt", endsWith("-01-01T00:00:00Z"));

        given().delete("/api/v1/schedules/" + id).then().statusCode(204);
        given().get("/api/v1/schedules/" + id).then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/schedules").then().body("id", not(hasItem(id)));
    }

    @Test
    void patchChangesOnlyTheFieldsGiven() {
        String id = create("\"startingDeadline\":\"PT5M\"");
        given().contentType(ContentType.JSON).body("{\"suspend\":true}").patch("/api/v1/schedules/" + id).then()
                .statusCode(200)
                .body("suspend", equalTo(true))
                .body("cron", equalTo(YEARLY))
                .body("startingDeadline", equalTo("PT5M"))
                .body("status.nextRunAt", nullValue());
        given().contentType("application/merge-patch+json")
                .body("{\"suspend\":false,\"cron\":\"30 3 1 1 *\",\"template\":{\"sql\":\"SELECT 3\"},\"startingDeadline\":null}")
                .patch("/api/v1/schedules/" + id).then().statusCode(200)
                .body("suspend", equalTo(false))
                .body("cron", equalTo("30 3 1 1 *"))
                .body("template.sql", equalTo("SELECT 3"))
                .body("template.pool", equalTo(pool))
                .body("startingDeadline", nullValue())
                .body("status.nextRunAt", notNullValue());

        given().contentType(ContentType.JSON).body("{\"cron\":\"61 * * * *\"}").patch("/api/v1/schedules/" + id).then()
                .statusCode(422).body("detail", containsString("minute value 61 is out of range 0-59"));
        given().contentType(ContentType.JSON).body("{\"template\":{\"cores\":9}}").patch("/api/v1/schedules/" + id).then()
                .statusCode(422).body("detail", containsString("template: cores 9 can never fit"));
        given().contentType(ContentType.JSON).body("{\"colour\":\"red\"}").patch("/api/v1/schedules/" + id).then()
                .statusCode(400).body("detail", containsString("unknown field 'colour'"));
        given().contentType(ContentType.JSON).body("[1]").patch("/api/v1/schedules/" + id).then().statusCode(400);
        given().get("/api/v1/schedules/" + id).then().body("cron", equalTo("30 3 1 1 *"));
    }

    @Test
    void badSchedulesGetProblemsAndNothingIsStored() {
        String name = PoolApiTest.uniqueName();
        String t = "\"template\":" + template("SELECT 1");
        assertRefused("{\"name\":\"" + name + "\",\"cron\":\"61 * * * *\"," + t + "}", 422,
                "cron '61 * * * *' is invalid: minute value 61 is out of range 0-59");
        assertRefused("{\"name\":\"" + name + "\",\"cron\":\"@every 5m\"," + t + "}", 422, "unknown macro");
        assertRefused("{\"name\":\"" + name + "\",\"cron\":\"0 0 30 2 *\"," + t + "}", 422, "never fires");
        assertRefused("{\"name\":\"" + name + "\",\"cron\":\"@daily\",\"timeZone\":\"Mars/Olympus\"," + t + "}", 422,
                "timeZone 'Mars/Olympus' is unknown");
        assertRefused("{\"name\":\"" + name + "\",\"cron\":\"@daily\"}", 422, "template is required");
        assertRefused("{\"name\":\"" + name + "\",\"cron\":\"@daily\",\"template\":{\"pool\":\"nope-nope\",\"type\":\"SQL\","
                + "\"sql\":\"SELECT 1\"}}", 422, "template: pool 'nope-nope' does not exist");
        assertRefused("{\"name\":\"" + name + "\",\"cron\":\"@daily\",\"template\":{\"pool\":\"" + pool + "\",\"type\":\"SQL\"}}",
                422, "template: sql is required");
        assertRefused("{\"name\":\"" + name + "\",\"cron\":\"@daily\",\"template\":{\"pool\":\"" + pool + "\",\"type\":\"SPARK\","
                + "\"appResource\":\"missing.jar\",\"mainClass\":\"x.Y\"}}", 422, "is not a file in pool");
        assertRefused("{\"name\":\"" + name + "\",\"cron\":\"@daily\",\"template\":{\"pool\":\"" + pool + "\",\"colour\":1}}",
                400, "unknown field 'colour'");
        assertRefused("{\"name\":\"" + name + "\",\"cron\":\"@daily\",\"concurrencyPolicy\":\"Queue\"," + t + "}", 422,
                "concurrencyPolicy 'Queue' is unknown");
        assertRefused("{\"name\":\"" + name + "\",\"cron\":\"@daily\",\"startingDeadline\":\"soon\"," + t + "}", 422,
                "ISO-8601");
        assertRefused("{\"cron\":\"@daily\"," + t + "}", 422, "name is required");
        given().get("/api/v1/schedules").then().body("name", not(hasItem(name)));

        String id = create("");
        String taken = given().get("/api/v1/schedules/" + id).then().extract().path("name");
        assertRefused(body(taken, ""), 409, "is taken by schedule " + id);
    }

    @Test
    void unknownSchedulesAre404() {
        given().get("/api/v1/schedules/nope").then().statusCode(404).body("detail", containsString("no schedule 'nope'"));
        given().contentType(ContentType.JSON).body(body("x", "")).put("/api/v1/schedules/nope").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{}").patch("/api/v1/schedules/nope").then().statusCode(404);
        given().delete("/api/v1/schedules/nope").then().statusCode(404);
        given().post("/api/v1/schedules/nope/run").then().statusCode(404);
    }

    @Test
    void aManualRunCreatesAJobOfTheScheduleAndHonoursItsPolicy() {
        String id = create("\"concurrencyPolicy\":\"Forbid\",\"suspend\":true");
        String job = given().post("/api/v1/schedules/" + id + "/run").then().statusCode(201)
                .header("Location", containsString("/api/v1/jobs/"))
                .body("scheduleId", equalTo(id))
                .body("pool", equalTo(pool))
                .body("state", equalTo("QUEUED"))
                .extract().path("id");
        given().post("/api/v1/schedules/" + id + "/run").then().statusCode(409)
                .body("detail", containsString("Forbid")).body("detail", containsString(job));
        given().post("/api/v1/jobs/" + job + "/cancel").then().statusCode(202);

        given().get("/api/v1/jobs/" + job).then().body("scheduleId", equalTo(id));
        given().queryParam("schedule", id).get("/api/v1/jobs").then().body("jobs", hasSize(1)).body("jobs[0].id", equalTo(job));
        given().get("/api/v1/schedules/" + id).then()
                .body("status.lastJobId", equalTo(job))
                .body("status.lastRunAt", notNullValue())
                .body("status.nextRunAt", nullValue())
                .body("status.runs", hasSize(1))
                .body("status.runs[0].jobId", equalTo(job))
                .body("status.runs[0].state", equalTo("CANCELLED"))
                .body("status.runs[0].manual", equalTo(true))
                .body("status.runs[0].slot", nullValue());

        given().contentType(ContentType.JSON).body("{\"concurrencyPolicy\":\"Replace\"}").patch("/api/v1/schedules/" + id)
                .then().statusCode(200);
        String second = given().post("/api/v1/schedules/" + id + "/run").then().statusCode(201).extract().path("id");
        String third = given().post("/api/v1/schedules/" + id + "/run").then().statusCode(201).extract().path("id");
        given().get("/api/v1/jobs/" + second).then().body("state", equalTo("CANCELLED"));
        given().post("/api/v1/jobs/" + third + "/cancel").then().statusCode(202);
        given().get("/api/v1/schedules/" + id).then().body("status.runs[0].jobId", equalTo(third))
                .body("status.runs[0].reason", containsString("Replace: cancelled job " + second));
    }

    @Test
    void aSlotFiresExactlyOnceAndForbidRecordsSkippedRuns() {
        String id = create("\"concurrencyPolicy\":\"Forbid\",\"successfulRunHistoryLimit\":0,\"failedRunHistoryLimit\":0");
        Instant slot = Instant.parse(given().get("/api/v1/schedules/" + id).then().extract().path("status.nextRunAt"));

        Optional<ScheduleRun> run = runner.fire(id, slot.plusSeconds(1));
        assertTrue(run.isPresent());
        String job = run.get().jobId;
        assertEquals(Optional.empty(), runner.fire(id, slot.plusSeconds(1)), "the same slot again: nothing");
        assertEquals(Optional.empty(), runner.fire(id, slot.plusSeconds(60)), "later, before the next slot: nothing");
        given().get("/api/v1/jobs/" + job).then().body("scheduleId", equalTo(id)).body("state", is(oneOf(UNFINISHED)));

        Instant next = slot.atZone(java.time.ZoneId.of("Europe/Bucharest")).plusYears(1).toInstant();
        ScheduleRun skipped = runner.fire(id, next).orElseThrow();
        assertEquals(null, skipped.jobId);
        given().get("/api/v1/schedules/" + id).then()
                .body("status.lastJobId", equalTo(job))
                .body("status.runs", hasSize(2))
                .body("status.runs[0].state", equalTo("SKIPPED"))
                .body("status.runs[0].slot", equalTo(next.toString()))
                .body("status.runs[0].reason", containsString("Forbid"))
                .body("status.runs[1].jobId", equalTo(job))
                .body("status.runs[1].state", is(oneOf(UNFINISHED)))
                .body("status.runs[1].slot", equalTo(slot.toString()));

        // history limits of 0: once the job has ended, its run and the job itself go
        assertEquals(0, runner.prune(id), "an unfinished job is never pruned");
        given().post("/api/v1/jobs/" + job + "/cancel").then().statusCode(202);
        assertEquals(1, runner.prune(id));
        given().get("/api/v1/jobs/" + job).then().statusCode(404);
        given().get("/api/v1/schedules/" + id).then().body("status.runs", hasSize(1))
                .body("status.runs[0].state", equalTo("SKIPPED"));
    }

    @Test
    void theTickerFiresADueSlotOnItsOwn() {
        String id = create("\"concurrencyPolicy\":\"Forbid\"");
        given().contentType(ContentType.JSON).body("{\"cron\":\"* * * * *\"}").patch("/api/v1/schedules/" + id)
                .then().statusCode(200);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(75));
        String job = null;
        while (job == null && Instant.now().isBefore(deadline)) {
            job = given().get("/api/v1/schedules/" + id).then().extract().path("status.lastJobId");
            sleep(500);
        }
        assertTrue(job != null, "no run within 75 s of an every-minute schedule");
        given().contentType(ContentType.JSON).body("{\"suspend\":true}").patch("/api/v1/schedules/" + id).then()
                .statusCode(200);
        given().post("/api/v1/jobs/" + job + "/cancel").then().statusCode(202);
        given().get("/api/v1/schedules/" + id).then()
                .body("status.runs[0].jobId", equalTo(job))
                .body("status.runs[0].manual", equalTo(false))
                .body("status.runs[0].slot", endsWith(":00Z"));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSlotPastItsStartingDeadlineIsRecordedAsMissed() {
        String id = create("\"startingDeadline\":\"PT5M\"");
        Instant slot = Instant.parse(given().get("/api/v1/schedules/" + id).then().extract().path("status.nextRunAt"));
        ScheduleRun missed = runner.fire(id, slot.plus(Duration.ofMinutes(10))).orElseThrow();
        assertEquals(null, missed.jobId);
        given().get("/api/v1/schedules/" + id).then()
                .body("status.runs[0].state", equalTo("SKIPPED"))
                .body("status.runs[0].reason", containsString("startingDeadline PT5M"))
                .body("status.lastJobId", nullValue())
                .body("status.nextRunAt", not(equalTo(slot.toString())));
        given().queryParam("schedule", id).get("/api/v1/jobs").then().body("jobs", hasSize(0));
    }

    @Test
    void aTemplateThatCannotBeSubmittedAnyMoreIsAFailedRun() {
        String id = create("");
        Instant slot = Instant.parse(given().get("/api/v1/schedules/" + id).then().extract().path("status.nextRunAt"));
        given().delete("/api/v1/pools/" + pool).then().statusCode(204);
        ScheduleRun failed = runner.fire(id, slot).orElseThrow();
        assertEquals(null, failed.jobId);
        given().get("/api/v1/schedules/" + id).then()
                .body("status.runs[0].state", equalTo("FAILED"))
                .body("status.runs[0].reason", containsString("pool '" + pool + "' does not exist"));
        given().post("/api/v1/schedules/" + id + "/run").then().statusCode(422)
                .body("detail", containsString("template: pool"));
    }
}
