package io.sparkport.api.kyuubi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kyuubi surface replayed as Kyuubi's REST client calls it ({@code BatchRestApi}: createBatch, getBatchById,
 * listBatches, getBatchLocalLog, deleteBatch; the client always adds {@code kyuubi.client.version} to the conf),
 * without running Spark: every batch is cancelled while it waits.
 */
@QuarkusTest
class KyuubiBatchApiTest {

    static final String BATCHES = "/kyuubi/api/v1/batches";

    String pool;

    @BeforeEach
    void poolWithAnApplication() {
        pool = "p-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + pool + "\",\"workers\":{\"max\":2,\"cores\":1,\"memory\":\"1g\"},\"idleTimeout\":\"PT1S\"}")
                .post("/api/v1/pools").then().statusCode(201);
        given().body("not really a jar").put("/api/v1/pools/" + pool + "/files/app.jar").then().statusCode(201);
    }

    String batch(String name, String extraConf) {
        return "{\"batchType\":\"SPARK\",\"resource\":\"app.jar\",\"className\":\"org.example.Main\",\"name\":\"" + name
                + "\",\"args\":[\"1\"],\"conf\":{\"kyuubi.client.version\":\"1.10.2\",\"spark.sparkport.pool\":\""
                + pool + "\",\"spark.executor.memory\":\"512m\",\"spark.executor.cores\":\"1\","
                + "\"spark.executor.instances\":\"2\"" + extraConf + "}}";
    }

    List<Map<String, Object>> jobsOfPool() {
        return given().queryParam("pool", pool).get("/api/v1/jobs").then().statusCode(200).extract().path("jobs");
    }

    @Test
    void kyuubiRestClientCreatesGetsListsReadsTheLogAndDeletes() {
        JsonPath created = given().contentType(ContentType.JSON).body(batch("k1", "")).post(BATCHES).then()
                .statusCode(200)
                .body("batchType", equalTo("SPARK")).body("name", equalTo("k1")).body("state", equalTo("PENDING"))
                .body("appState", equalTo("PENDING")).body("createTime", greaterThan(0L)).body("endTime", equalTo(0))
                .body("user", equalTo("anonymous")).body("batchInfo", not(hasKey("kyuubi.batch.duplicated")))
                .extract().jsonPath();
        String id = created.getString("id");
        UUID.fromString(id);
        String jobId = created.getString("batchInfo.'sparkport.job.id'");

        Map<String, Object> job = given().get("/api/v1/jobs/" + jobId).then().statusCode(200).extract().path("$");
        assertEquals(Map.of(), job.get("conf"), "kyuubi.* keys and the lifted Spark settings do not reach the conf");
        assertEquals("512m", job.get("executorMemory"));
        assertEquals(2, job.get("cores"));
        assertEquals(id, job.get("batchId"), "the job names its Kyuubi id");

        given().get(BATCHES + "/" + id).then().statusCode(200).body("id", equalTo(id)).body("appId", nullValue());
        given().queryParam("batchType", "spark").queryParam("batchState", "PENDING").queryParam("batchUser", "anonymous")
                .queryParam("batchName", "k1").queryParam("from", 0).queryParam("size", 100)
                .get(BATCHES).then().statusCode(200).body("from", equalTo(0)).body("batches.id", hasItem(id));
        given().queryParam("batchType", "PYSPARK").queryParam("batchName", "k1").get(BATCHES).then()
                .body("batches", hasSize(0)).body("total", equalTo(0));
        given().get(BATCHES + "/" + id + "/localLog?from=-1&size=100").then().statusCode(200)
                .body("logRowSet", hasSize(0)).body("rowCount", equalTo(0));

        given().delete(BATCHES + "/" + id).then().statusCode(200).body("success", equalTo(true));
        given().get(BATCHES + "/" + id).then().body("state", equalTo("CANCELED")).body("appState", equalTo("KILLED"))
                .body("endTime", greaterThan(0L));
        given().queryParam("batchState", "CANCELED").queryParam("batchName", "k1").get(BATCHES).then()
                .body("batches.id", hasItem(id));
        given().delete(BATCHES + "/" + id).then().statusCode(200).body("success", equalTo(false))
                .body("msg", containsString("terminated"));
    }

    /** A repeated kyuubi.batch.id answers the first batch, marked duplicated, and creates nothing more. */
    @Test
    void aClientChosenBatchIdDeduplicates() {
        String chosen = UUID.randomUUID().toString();
        String conf = ",\"kyuubi.batch.id\":\"" + chosen + "\"";
        given().contentType(ContentType.JSON).body(batch("dedup", conf)).post(BATCHES).then().statusCode(200)
                .body("id", equalTo(chosen)).body("batchInfo", not(hasKey("kyuubi.batch.duplicated")));
        given().contentType(ContentType.JSON).body(batch("dedup", conf)).post(BATCHES).then().statusCode(200)
                .body("id", equalTo(chosen)).body("batchInfo.'kyuubi.batch.duplicated'", equalTo("true"));
        assertEquals(1, jobsOfPool().size());
        given().delete(BATCHES + "/" + chosen).then().body("success", equalTo(true));
    }

    @Test
    void badInputGetsAMessageAnd4xxAndStoresNothing() {
        refused("{\"batchType\":\"HIVE\",\"resource\":\"app.jar\",\"className\":\"C\"}", "supported list");
        refused("{\"batchType\":\"SPARK\",\"className\":\"C\"}", "resource is a required parameter");
        refused("{\"batchType\":\"SPARK\",\"resource\":\"app.jar\",\"conf\":{\"spark.sparkport.pool\":\"" + pool + "\"}}",
                "classname is a required parameter");
        refused("{\"batchType\":\"PYSPARK\",\"resource\":\"app.jar\",\"conf\":{\"spark.sparkport.pool\":\"" + pool + "\"}}",
                "does not match");
        refused(batch("x", ",\"kyuubi.batch.id\":\"not-a-uuid\""), "must be an UUID");
        refused(batch("x", ",\"spark.master\":\"local\""), "spark.master");
        refused(batch("x", ",\"spark.executor.cores\":\"two\"").replace("\"spark.executor.cores\":\"1\",", ""),
                "not a whole number");
        refused("{\"batchType\":\"SPARK\",\"resource\":\"app.jar\",\"className\":\"C\",\"extraResourcesMap\":{\"a\":\"b\"},"
                + "\"conf\":{\"spark.sparkport.pool\":\"" + pool + "\"}}", "extraResourcesMap");
        refused("{\"batchType\":\"SPARK\",\"resource\":\"app.jar\",\"className\":\"C\",\"what\":1}", "what");
        given().contentType("multipart/form-data").multiPart("batchRequest", "{}").post(BATCHES).then().statusCode(415)
                .body("message", not(org.hamcrest.Matchers.blankOrNullString()));
        assertEquals(List.of(), jobsOfPool(), "nothing was stored");

        given().get(BATCHES + "/" + UUID.randomUUID()).then().statusCode(404).body("message", containsString("Invalid batchId"));
        given().get(BATCHES + "/not-a-uuid/localLog").then().statusCode(404);
        given().delete(BATCHES + "/" + UUID.randomUUID()).then().statusCode(404);
        given().queryParam("createTime", 10).queryParam("endTime", 5).get(BATCHES).then().statusCode(400)
                .body("message", equalTo("Invalid time range"));
        given().queryParam("batchState", "SLEEPING").get(BATCHES).then().statusCode(400);
    }

    static void refused(String body, String message) {
        given().contentType(ContentType.JSON).body(body).post(BATCHES).then().statusCode(400)
                .contentType(ContentType.JSON).body("message", containsString(message)).body("$", not(hasKey("type")));
    }
}
