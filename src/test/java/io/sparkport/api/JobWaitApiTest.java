package io.sparkport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sparkport.job.JobState;
import io.sparkport.job.JobStore;
import io.sparkport.job.StoredJobs;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /jobs/{id}?wait=}, the long-poll for a job's end, on jobs stored directly and moved through their
 * states by the JobStore (no Spark, no reconcile loop).
 */
@QuarkusTest
class JobWaitApiTest {

    @Inject
    JobStore store;

    /** The answer of a long-poll started now, with the time it came back at (nanoTime). */
    record Answer(JsonPath body, long at) {
    }

    static CompletableFuture<Answer> longPoll(String id, String wait) {
        return CompletableFuture.supplyAsync(() -> {
            JsonPath body = given().queryParam("wait", wait).get("/api/v1/jobs/" + id)
                    .then().statusCode(200).extract().jsonPath();
            return new Answer(body, System.nanoTime());
        });
    }

    static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    @Test
    void aJobThatEndsWhileTheClientWaitsIsAnsweredRightAfterItsEnd() throws Exception {
        String id = StoredJobs.queued(0);
        long start = System.nanoTime();
        CompletableFuture<Answer> poll = longPoll(id, "PT30S");
        Thread.sleep(300);
        store.starting(id, "hash");
        store.transition(id, JobState.RUNNING, null, "app-1");
        Thread.sleep(300);
        assertFalse(poll.isDone(), "answered before the job ended: " + (poll.isDone() ? poll.get().body().prettify() : ""));

        long ended = System.nanoTime();
        store.transition(id, JobState.SUCCEEDED, null, null);
        Answer answer = poll.get(30, TimeUnit.SECONDS);
        assertEquals("SUCCEEDED", answer.body().getString("state"));
        assertTrue(answer.body().getString("finishedAt") != null);
        long afterEnd = TimeUnit.NANOSECONDS.toMillis(answer.at() - ended);
        assertTrue(afterEnd < 2_000, "answered " + afterEnd + " ms after the end");
        assertTrue(millisSince(start) < 10_000, "the wait ran its course instead");
    }

    @Test
    void manyWaitsOnOneJobAllLearnItsEnd() throws Exception {
        // more waits than a blocking worker per wait could comfortably serve, all answered by the end
        String id = StoredJobs.queued(0);
        List<CompletableFuture<Answer>> polls = IntStream.range(0, 40).mapToObj(i -> longPoll(id, "PT30S")).toList();
        Thread.sleep(500);
        given().get("/api/v1/jobs/" + id).then().statusCode(200).body("state", equalTo("QUEUED"));
        long ended = System.nanoTime();
        store.transition(id, JobState.CANCELLED, "stopped by the test", null);
        for (CompletableFuture<Answer> poll : polls) {
            Answer answer = poll.get(30, TimeUnit.SECONDS);
            assertEquals("CANCELLED", answer.body().getString("state"));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(answer.at() - ended) < 5_000);
        }
    }

    @Test
    void anUnfinishedJobIsAnsweredAfterTheWaitWithItsCurrentState() {
        String id = StoredJobs.queued(0);
        long start = System.nanoTime();
        given().queryParam("wait", "PT0.8S").get("/api/v1/jobs/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("state", equalTo("QUEUED")).body("sql", equalTo("SELECT 1"));
        long took = millisSince(start);
        assertTrue(took >= 800 && took < 5_000, "took " + took + " ms");
        store.transition(id, JobState.CANCELLED, "test", null);
    }

    @Test
    void anEndedJobOrAZeroWaitIsAnsweredAtOnce() {
        String id = StoredJobs.queued(0);
        for (String wait : List.of("PT0S", "")) {
            long start = System.nanoTime();
            given().queryParam("wait", wait).get("/api/v1/jobs/" + id).then().statusCode(200).body("state", equalTo("QUEUED"));
            assertTrue(millisSince(start) < 10_000, "wait=" + wait + " took " + millisSince(start) + " ms");
        }
        store.transition(id, JobState.FAILED, "broken on purpose", null);
        long start = System.nanoTime();
        given().queryParam("wait", "PT5M").get("/api/v1/jobs/" + id).then().statusCode(200)
                .body("state", equalTo("FAILED")).body("failureReason", equalTo("broken on purpose"));
        assertTrue(millisSince(start) < 10_000, "took " + millisSince(start) + " ms");
    }

    @Test
    void badWaitsAreProblemsAndUnknownJobs404() {
        String id = StoredJobs.queued(0);
        for (String wait : List.of("soon", "PT5M1S", "-PT1S", "10")) {
            given().queryParam("wait", wait).get("/api/v1/jobs/" + id).then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("status", equalTo(422)).body("type", notNullValue()).body("title", equalTo("Invalid request"))
                    .body("detail", containsString("wait must be an ISO-8601 duration between PT0S and PT5M"))
                    .body("instance", equalTo("/api/v1/jobs/" + id));
        }
        given().queryParam("wait", "PT1S").get("/api/v1/jobs/nosuchjob000").then().statusCode(404)
                .contentType("application/problem+json");
        store.transition(id, JobState.CANCELLED, "test", null);
    }

    @Test
    void theLongPollIsInTheOpenApiDocument() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("a long-poll: answer as soon as the job"));
    }
}
