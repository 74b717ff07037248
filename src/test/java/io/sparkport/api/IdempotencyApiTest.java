package io.sparkport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sparkport.idempotency.IdempotencyKey;
import io.sparkport.idempotency.IdempotentCreates;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on job and schedule creation: once per key, also under concurrent use. */
@QuarkusTest
class IdempotencyApiTest {

    @Inject
    IdempotentCreates creates;

    String pool;

    @BeforeEach
    void createPool() {
        pool = PoolApiTest.uniqueName();
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + pool + "\",\"workers\":{\"max\":2,\"cores\":1,\"memory\":\"512m\"},\"idleTimeout\":\"PT1S\"}")
                .post("/api/v1/pools").then().statusCode(201);
    }

    @AfterEach
    void cancelJobs() {
        List<String> ids = given().queryParam("pool", pool).get("/api/v1/jobs").then().extract().path("jobs.id");
        ids.forEach(id -> given().post("/api/v1/jobs/" + id + "/cancel"));
    }

    Response submit(String key, String sql) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"" + sql + "\"}")
                .post("/api/v1/jobs");
    }

    @Test
    void theSameKeyAndBodyGiveTheSameJob() {
        String key = UUID.randomUUID().toString();
        String id = submit(key, "SELECT 1").then().statusCode(201).extract().path("id");
        submit(key, "SELECT 1").then().statusCode(200).body("id", equalTo(id));
        submit(key, "SELECT 1").then().statusCode(200).body("id", equalTo(id));
        given().queryParam("pool", pool).get("/api/v1/jobs").then().body("jobs", hasSize(1));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();
        submit(key, "SELECT 1").then().statusCode(201);
        submit(key, "SELECT 2").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("different request"));
        given().queryParam("pool", pool).get("/api/v1/jobs").then().body("jobs", hasSize(1));
    }

    @Test
    void aRefusedRequestDoesNotUseUpItsKey() {
        String key = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"pool\":\"" + pool + "\",\"type\":\"SQL\"}").post("/api/v1/jobs").then().statusCode(422);
        submit(key, "SELECT 1").then().statusCode(201);
    }

    @Test
    void badKeysAre400() {
        submit("x".repeat(201), "SELECT 1").then().statusCode(400).contentType("application/problem+json");
        submit("with space", "SELECT 1").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void concurrentUsesOfOneKeyCreateOneJob() throws Exception {
        String key = UUID.randomUUID().toString();
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                calls.add(() -> submit(key, "SELECT 42"));
            }
            List<Response> answers = new ArrayList<>();
            for (Future<Response> f : clients.invokeAll(calls)) {
                answers.add(f.get());
            }
            assertEquals(1, answers.stream().filter(r -> r.statusCode() == 201).count(), "exactly one 201");
            assertEquals(23, answers.stream().filter(r -> r.statusCode() == 200).count(), "all others 200");
            Set<String> ids = answers.stream().map(r -> r.jsonPath().getString("id")).collect(Collectors.toSet());
            assertEquals(1, ids.size(), "one job id: " + ids);
        } finally {
            clients.shutdownNow();
        }
        given().queryParam("pool", pool).get("/api/v1/jobs").then().body("jobs", hasSize(1));
    }

    @Test
    void schedulesTooAndKeysAreScopedToWhatTheyCreate() {
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"idem-" + pool + "\",\"cron\":\"@daily\",\"suspend\":true,"
                + "\"template\":{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT 1\"}}";
        String id = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/v1/schedules").then().statusCode(200).body("id", equalTo(id));
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body.replace("@daily", "@hourly"))
                .post("/api/v1/schedules").then().statusCode(422).contentType("application/problem+json");
        submit(key, "SELECT 1").then().statusCode(201);
        given().delete("/api/v1/schedules/" + id).then().statusCode(204);
    }

    /** Ages the key's record as if it had been used {@code age} ago. */
    static void used(String key, java.time.Duration age) {
        QuarkusTransaction.requiringNew().run(() -> IdempotencyKey.update("createdAt = ?1 where idemKey = ?2",
                java.time.Instant.now().minus(age), key));
    }

    @Test
    void aKeyPastItsRetentionCreatesAgain() {
        String key = UUID.randomUUID().toString();
        String first = submit(key, "SELECT 1").then().statusCode(201).extract().path("id");
        used(key, java.time.Duration.ofHours(25));
        String second = submit(key, "SELECT 2").then().statusCode(201).extract().path("id");
        assertNotEquals(first, second);
        submit(key, "SELECT 2").then().statusCode(200).body("id", equalTo(second));
        given().queryParam("pool", pool).get("/api/v1/jobs").then().body("jobs", hasSize(2));
    }

    @Test
    void thePruneForgetsOnlyKeysPastTheirRetention() {
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        submit(old, "SELECT 1").then().statusCode(201);
        String kept = submit(recent, "SELECT 1").then().statusCode(201).extract().path("id");
        used(old, java.time.Duration.ofHours(25));
        used(recent, java.time.Duration.ofHours(23));

        creates.prune();

        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> IdempotencyKey.count("idemKey", old)));
        submit(recent, "SELECT 1").then().statusCode(200).body("id", equalTo(kept));
    }
}
