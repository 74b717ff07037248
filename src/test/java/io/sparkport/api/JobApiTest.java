package io.sparkport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The jobs API without running Spark: submission, validation problems, listing, cancelling queued jobs. */
@QuarkusTest
class JobApiTest {

    String pool;

    @BeforeEach
    void createPool() {
        pool = PoolApiTest.uniqueName();
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + pool + "\",\"workers\":{\"max\":2,\"cores\":1,\"memory\":\"512m\"},\"idleTimeout\":\"PT1S\"}")
                .post("/api/v1/pools").then().statusCode(201);
    }

    void assertRefused(String body, int status, String detail) {
        ApiProblems.assertRefused("/api/v1/jobs", body, status, detail);
    }

    @Test
    void submitsListsAndCancelsAQueuedJob() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT 1\",\"name\":\"one\",\"priority\":-5}")
                .post("/api/v1/jobs")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/jobs/"))
                .body("pool", equalTo(pool))
                .body("type", equalTo("SQL"))
                .body("name", equalTo("one"))
                .body("state", equalTo("QUEUED"))
                .body("createdAt", notNullValue())
                .body("finishedAt", nullValue())
                .body("cores", equalTo(1))
                .extract().path("id");

        given().get("/api/v1/jobs/" + id).then().statusCode(200).body("id", equalTo(id)).body("sql", equalTo("SELECT 1"))
                .body("progress", nullValue());
        given().queryParam("pool", pool).get("/api/v1/jobs").then().statusCode(200)
                .body("jobs", hasSize(1)).body("jobs[0].id", equalTo(id));

        given().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(202);
        given().get("/api/v1/jobs/" + id).then().body("state", equalTo("CANCELLED")).body("finishedAt", notNullValue());
        given().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("already ended"));
        given().get("/api/v1/jobs/" + id + "/result").then().statusCode(409);
        given().get("/api/v1/jobs/" + id + "/logs").then().statusCode(200);
    }

    @Test
    void listsNewestFirstInPages() {
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) {
            ids[i] = given().contentType(ContentType.JSON)
                    .body("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT " + i + "\"}")
                    .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
            given().post("/api/v1/jobs/" + ids[i] + "/cancel").then().statusCode(202);
        }
        String next = given().queryParam("pool", pool).queryParam("limit", 2).get("/api/v1/jobs").then()
                .body("jobs", hasSize(2)).body("jobs[0].id", equalTo(ids[2])).body("jobs[1].id", equalTo(ids[1]))
                .body("next", equalTo(ids[1])).extract().path("next");
        given().queryParam("pool", pool).queryParam("limit", 2).queryParam("after", next).get("/api/v1/jobs").then()
                .body("jobs", hasSize(1)).body("jobs[0].id", equalTo(ids[0])).body("next", nullValue());
        given().queryParam("pool", pool).queryParam("state", "cancelled").get("/api/v1/jobs").then().body("jobs", hasSize(3));
        given().queryParam("pool", pool).queryParam("state", "RUNNING").get("/api/v1/jobs").then().body("jobs", hasSize(0));
    }

    @Test
    void badJobsGetProblemsAndNothingIsStored() {
        String p = "\"pool\":\"" + pool + "\"";
        assertRefused("{" + p + ",\"type\":\"SQL\"", 400, "");
        assertRefused("[1,2]", 400, "");
        assertRefused("{" + p + ",\"type\":\"SQL\",\"sql\":\"SELECT 1\",\"colour\":\"red\"}", 400, "unknown field 'colour'");
        assertRefused("{" + p + ",\"type\":\"SQL\",\"sql\":\"SELECT 1\",\"cores\":\"two\"}", 400, "");
        assertRefused("{" + p + ",\"type\":\"HIVE\",\"sql\":\"SELECT 1\"}", 422, "type 'HIVE' is unknown");
        assertRefused("{" + p + ",\"sql\":\"SELECT 1\"}", 422, "type is required");
        assertRefused("{" + p + ",\"type\":\"SQL\"}", 422, "sql is required");
        assertRefused("{" + p + ",\"type\":\"SQL\",\"sql\":\"SELECT 1\",\"engine\":\"hot\"}", 422,
                "engine 'hot' is unknown: use warm or batch");
        assertRefused("{\"type\":\"SQL\",\"sql\":\"SELECT 1\"}", 422, "pool is required");
        assertRefused("{\"pool\":\"nope-nope\",\"type\":\"SQL\",\"sql\":\"SELECT 1\"}", 422, "does not exist");
        assertRefused("{" + p + ",\"type\":\"SQL\",\"sql\":\"SELECT 1\",\"cores\":3}", 422, "can never fit");
        assertRefused("{" + p + ",\"type\":\"SQL\",\"sql\":\"SELECT 1\",\"cores\":-1}", 422, "at least 1");
        assertRefused("{" + p + ",\"type\":\"SQL\",\"sql\":\"SELECT 1\",\"executorMemory\":\"4g\"}", 422, "can never fit");
        assertRefused("{" + p + ",\"type\":\"SPARK\",\"mainClass\":\"x.Y\"}", 422, "appResource is required");
        assertRefused("{" + p + ",\"type\":\"SPARK\",\"appResource\":\"missing.jar\",\"mainClass\":\"x.Y\"}", 422,
                "is not a file in pool");
        assertRefused("{" + p + ",\"type\":\"SPARK\",\"appResource\":\"../../etc/passwd\",\"mainClass\":\"x.Y\"}", 400,
                "leaves the pool");
        assertRefused("{" + p + ",\"type\":\"SPARK\",\"appResource\":\"etl.py\"}", 422, "PySpark");
        assertRefused("{" + p + ",\"type\":\"SPARK\",\"appResource\":\"file:/x.jar\",\"mainClass\":\"x.Y\","
                + "\"conf\":{\"spark.master\":\"local\"}}", 422, "set by Sparkport");
        given().queryParam("pool", pool).get("/api/v1/jobs").then().body("jobs", hasSize(0));
    }

    @Test
    void unknownJobsAre404() {
        given().get("/api/v1/jobs/nope").then().statusCode(404).contentType("application/problem+json")
                .body("title", equalTo("Not found"));
        given().post("/api/v1/jobs/nope/cancel").then().statusCode(404);
        given().get("/api/v1/jobs/nope/logs").then().statusCode(404);
        given().get("/api/v1/jobs/nope/result").then().statusCode(404);
        given().queryParam("state", "SLEEPING").get("/api/v1/jobs").then().statusCode(422);
        given().queryParam("limit", 0).get("/api/v1/jobs").then().statusCode(422);
    }

    @Test
    void driverReportsNeedTheJobsToken() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT 1\"}")
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body("{\"error\":\"forged\"}").post("/internal/v1/jobs/" + id + "/result")
                .then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer guess").body("{\"error\":\"forged\"}")
                .post("/internal/v1/jobs/" + id + "/result").then().statusCode(401);
        String progress = "{\"stages\":{\"completed\":1,\"total\":1},\"tasks\":{\"completed\":1,\"total\":1},"
                + "\"jobs\":{\"completed\":1,\"total\":1}}";
        given().contentType(ContentType.JSON).body(progress).post("/internal/v1/jobs/" + id + "/progress")
                .then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer guess").body(progress)
                .post("/internal/v1/jobs/" + id + "/progress").then().statusCode(401);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer guess").body("[1]")
                .post("/internal/v1/jobs/" + id + "/progress").then().statusCode(400);
        given().get("/api/v1/jobs/" + id).then().body("progress", nullValue());
        given().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(202);
        given().get("/api/v1/jobs/" + id).then().body("failureReason", endsWith("queued"));
    }
}
