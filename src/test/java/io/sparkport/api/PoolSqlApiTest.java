package io.sparkport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /pools/{pool}/sql}: what it refuses before anything is stored (the answers need Spark: WarmSqlE2ETest). */
@QuarkusTest
class PoolSqlApiTest {

    String pool;

    @BeforeEach
    void createPool() {
        pool = PoolApiTest.uniqueName();
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + pool + "\",\"workers\":{\"max\":1,\"cores\":1,\"memory\":\"512m\"},\"idleTimeout\":\"PT1S\"}")
                .post("/api/v1/pools").then().statusCode(201);
    }

    @Test
    void badQueriesGetProblemsAndNoJobIsStored() {
        String path = "/api/v1/pools/" + pool + "/sql";
        ApiProblems.assertRefused(path + "?wait=soon", "{\"sql\":\"SELECT 1\"}", 422, "wait must be an ISO-8601 duration");
        ApiProblems.assertRefused(path + "?wait=PT1H", "{\"sql\":\"SELECT 1\"}", 422, "wait must be");
        ApiProblems.assertRefused(path, "{\"sql\":\"SELECT 1\",\"limit\":-1}", 422, "limit must be between 0");
        ApiProblems.assertRefused(path, "{\"sql\":\"SELECT 1\",\"engine\":\"hot\"}", 422, "engine 'hot' is unknown");
        ApiProblems.assertRefused(path, "{\"sql\":\" \"}", 422, "sql is required");
        ApiProblems.assertRefused(path, "{\"sql\":\"SELECT 1\",\"colour\":1}", 400, "unknown field 'colour'");
        ApiProblems.assertRefused("/api/v1/pools/no-such-pool/sql", "{\"sql\":\"SELECT 1\"}", 422, "does not exist");
        given().queryParam("pool", pool).get("/api/v1/jobs").then().statusCode(200).body("jobs.size()", equalTo(0));
    }
}
