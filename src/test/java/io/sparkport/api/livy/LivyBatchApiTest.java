package io.sparkport.api.livy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Livy surface replayed request by request as Livy's clients send them, without running Spark (every batch
 * is killed while it waits): Airflow's LivyHook (only the fields it set, numbers as strings and conf values as
 * numbers, polling {@code /state}, paging {@code /log} while {@code from <= total}, reading {@code appId},
 * killing and reading the JSON answer), sparkmagic-style calls, and bad input, which gets Livy's
 * {@code {"msg": ...}} with a 4xx and stores nothing.
 */
@QuarkusTest
class LivyBatchApiTest {

    String pool;

    @BeforeEach
    void poolWithAJar() {
        pool = "p-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + pool + "\",\"workers\":{\"max\":2,\"cores\":2,\"memory\":\"1g\"},\"idleTimeout\":\"PT1S\"}")
                .post("/api/v1/pools").then().statusCode(201);
        given().body("not really a jar").put("/api/v1/pools/" + pool + "/files/jars/app.jar").then().statusCode(201);
    }

    /** What Airflow's LivyHook.post_batch sends: JSON with the operator's fields that are set, Accept JSON. */
    static io.restassured.specification.RequestSpecification airflow() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    List<Map<String, Object>> jobsOfPool() {
        return given().queryParam("pool", pool).get("/api/v1/jobs").then().statusCode(200).extract().path("jobs");
    }

    @Test
    void airflowLivyHookSubmitsPollsPagesTheLogAndKills() {
        String body = "{\"file\":\"jars/app.jar\",\"className\":\"org.example.Main\",\"args\":[\"10\",\"x\"],"
                + "\"driverCores\":\"1\",\"numExecutors\":\"2\",\"executorCores\":1,\"executorMemory\":\"512m\","
                + "\"driverMemory\":\"1g\",\"queue\":\"" + pool + "\",\"name\":\"airflow-pi\","
                + "\"conf\":{\"spark.sql.shuffle.partitions\":8,\"spark.speculation\":false,\"spark.foo\":\"bar\"}}";
        JsonPath created = airflow().body(body).post("/livy/batches").then().statusCode(201)
                .header("Location", containsString("/livy/batches/"))
                .body("id", instanceOf(Integer.class))
                .body("state", equalTo("starting"))
                .body("name", equalTo("airflow-pi"))
                .body("proxyUser", nullValue())
                .body("$", hasKey("appId"))
                .body("appInfo", hasKey("sparkUiUrl"))
                .body("log", instanceOf(List.class))
                .extract().jsonPath();
        int id = created.getInt("id");
        airflow().get("/livy/batches/" + id + "/state").then().statusCode(200)
                .body("id", equalTo(id)).body("state", equalTo("starting"));

        // LivyHook.dump_batch_logs: pages of 100 from 0 while from <= total; the body has no size field
        int from = 0;
        int total = 0;
        int pages = 0;
        while (from <= total) {
            JsonPath page = airflow().queryParam("from", from).queryParam("size", 100)
                    .get("/livy/batches/" + id + "/log").then().statusCode(200)
                    .body("id", equalTo(id)).body("$", not(hasKey("size"))).extract().jsonPath();
            assertEquals(from, page.getInt("from"));
            total = page.getInt("total");
            assertTrue(page.getList("log").size() <= 100);
            from += 100;
            pages++;
        }
        assertEquals(1, pages, "a batch that has not started has an empty log");
        airflow().get("/livy/batches/" + id).then().statusCode(200).body("id", equalTo(id)).body("$", hasKey("appId"))
                .body("appInfo.driverLogUrl", endsWith("/logs"));

        // the same job in Sparkport's own API, its resources from Livy's fields
        Map<String, Object> job = jobsOfPool().get(0);
        assertEquals("airflow-pi", job.get("name"));
        assertEquals("SPARK", job.get("type"));
        assertEquals(2, job.get("cores"), "numExecutors × executorCores");
        assertEquals("512m", job.get("executorMemory"));
        assertEquals("1024m", job.get("driverMemory"));
        assertEquals(List.of("10", "x"), job.get("args"));
        assertEquals(id, job.get("livyId"), "the job names its Livy id");
        assertEquals(Map.of("spark.sql.shuffle.partitions", "8", "spark.speculation", "false", "spark.foo", "bar",
                "spark.driver.cores", "1"), job.get("conf"));

        // LivyHook.delete_batch reads the answer as JSON
        airflow().delete("/livy/batches/" + id).then().statusCode(200).contentType(ContentType.JSON)
                .body("msg", equalTo("deleted"));
        airflow().get("/livy/batches/" + id + "/state").then().body("state", equalTo("killed"));
        given().get("/api/v1/jobs/" + job.get("id")).then().body("state", equalTo("CANCELLED"));
        airflow().delete("/livy/batches/" + id).then().statusCode(200).body("msg", equalTo("deleted"));
        airflow().get("/livy/batches/" + id + "/state").then().body("state", equalTo("killed"));
    }

    /**
     * sparkmagic and Livy's own clients: X-Requested-By and Content-Encoding: UTF-8 on the JSON body, the pool
     * from the conf; listing pages by from/size with a total of every batch; a batch looked up by its name.
     */
    @Test
    void livyClientHeadersListingAndLookupByName() {
        String name = "nb-" + UUID.randomUUID().toString().substring(0, 6);
        int[] ids = new int[3];
        for (int i = 0; i < 3; i++) {
            ids[i] = given().contentType(ContentType.JSON).header("X-Requested-By", "livy")
                    .header("Content-Encoding", "UTF-8")
                    .body("{\"file\":\"jars/app.jar\",\"className\":\"C\",\"name\":\"" + name + i + "\","
                            + "\"conf\":{\"spark.sparkport.pool\":\"" + pool + "\"}}")
                    .post("/livy/batches").then().statusCode(201).extract().path("id");
        }
        assertTrue(ids[0] < ids[1] && ids[1] < ids[2], "ids grow");
        JsonPath all = given().get("/livy/batches?from=0&size=1000000").then().statusCode(400).extract().jsonPath();
        assertTrue(all.getString("msg").contains("size"));
        JsonPath page = given().queryParam("size", 500).get("/livy/batches").then().statusCode(200)
                .body("from", equalTo(0)).extract().jsonPath();
        int total = page.getInt("total");
        assertTrue(page.getList("sessions.id").containsAll(List.of(ids[0], ids[1], ids[2])));
        given().queryParam("from", total - 1).queryParam("size", 5).get("/livy/batches").then()
                .body("from", equalTo(total - 1)).body("total", equalTo(total)).body("sessions", hasSize(1));

        given().get("/livy/batches/" + name + "1").then().statusCode(200).body("id", equalTo(ids[1]));
        for (int id : ids) {
            given().header("X-Requested-By", "livy").delete("/livy/batches/" + id).then().statusCode(200);
        }
        assertEquals(Map.of("CANCELLED", 3L), jobsOfPool().stream().collect(
                java.util.stream.Collectors.groupingBy(j -> (String) j.get("state"), java.util.stream.Collectors.counting())));
    }

    /** The log as Livy pages it: from -1 (the default) is the last lines, size -1 all of them. */
    @Test
    void logPagingOfAWrittenLog() throws Exception {
        int id = airflow().body("{\"file\":\"jars/app.jar\",\"className\":\"C\",\"queue\":\"" + pool + "\"}")
                .post("/livy/batches").then().statusCode(201).extract().path("id");
        String jobId = jobsOfPool().get(0).get("id").toString();
        given().delete("/livy/batches/" + id).then().statusCode(200);
        java.nio.file.Path log = java.nio.file.Path.of("target/test-data/jobs", jobId, "driver.log");
        java.nio.file.Files.createDirectories(log.getParent());
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            lines.append("line ").append(i).append('\n');
        }
        java.nio.file.Files.writeString(log, lines);

        given().get("/livy/batches/" + id + "/log").then().body("from", equalTo(150)).body("total", equalTo(250))
                .body("log", hasSize(100)).body("log[0]", equalTo("line 150")).body("log[99]", equalTo("line 249"));
        given().get("/livy/batches/" + id + "/log?from=200&size=100").then().body("from", equalTo(200))
                .body("log", hasSize(50));
        given().get("/livy/batches/" + id + "/log?from=0&size=-1").then().body("log", hasSize(250));
        given().get("/livy/batches/" + id + "/log?from=400").then().body("from", equalTo(250)).body("log", hasSize(0));
        given().get("/livy/batches/" + id).then().body("log", hasSize(10)).body("log[9]", equalTo("line 249"));
    }

    @Test
    void badInputGetsLivysErrorShapeAndStoresNothing() {
        refused("{\"className\":\"C\",\"queue\":\"" + pool + "\"}", "file is required");
        refused("{\"file\":\"jars/app.jar\",\"className\":\"C\",\"queue\":\"" + pool + "\",\"proxyUser\":\"bob\"}",
                "proxyUser is not supported");
        refused("{\"file\":\"jars/app.jar\",\"className\":\"C\",\"queue\":\"" + pool + "\",\"bogus\":1}", "bogus");
        refused("{\"file\":\"jars/app.jar\",\"className\":\"C\",\"queue\":\"" + pool + "\"", null);
        refused("{\"file\":\"jars/app.jar\",\"className\":\"C\",\"queue\":\"no-such-pool\"}", "does not exist");
        refused("{\"file\":\"jars/app.jar\",\"className\":\"C\",\"queue\":\"" + pool + "\",\"conf\":{\"spark.a\":{\"b\":1}}}",
                "must be a string, a number or a boolean");
        refused("{\"file\":\"jars/app.jar\",\"className\":\"C\",\"queue\":\"" + pool + "\",\"jars\":[\"lib/x.jar\"]}",
                "is not a URL");
        refused("{\"file\":\"jars/missing.jar\",\"className\":\"C\",\"queue\":\"" + pool + "\"}", "upload it first");
        refused("{\"file\":\"jars/app.jar\",\"className\":\"C\",\"queue\":\"" + pool + "\",\"executorMemory\":\"lots\"}",
                "not a memory size");
        refused("{\"file\":\"jars/app.jar\",\"className\":\"C\",\"queue\":\"" + pool + "\",\"numExecutors\":\"many\"}", null);
        refused("{\"file\":\"jars/app.jar\",\"className\":\"C\",\"queue\":\"" + pool + "\",\"numExecutors\":9}",
                "can never fit");
        refused("{\"file\":\"jars/app.jar\",\"queue\":\"" + pool + "\"}", "mainClass is required");
        given().contentType(ContentType.JSON).body("{\"file\":\"jars/app.jar\",\"className\":\"C\",\"queue\":\"" + pool + "\"}")
                .post("/livy/batches?doAs=bob").then().statusCode(400).body("msg", containsString("doAs"));
        given().contentType(ContentType.TEXT).body("file=x").post("/livy/batches").then().statusCode(415)
                .body("msg", notBlank());
        assertEquals(List.of(), jobsOfPool(), "nothing was stored");

        given().get("/livy/batches/987654321").then().statusCode(404).contentType(ContentType.JSON)
                .body("msg", equalTo("Session '987654321' not found."));
        given().get("/livy/batches/no-such-name/state").then().statusCode(404).body("msg", containsString("no-such-name"));
        given().delete("/livy/batches/987654321").then().statusCode(404).body("msg", containsString("not found"));
        given().get("/livy/batches?from=x").then().statusCode(400).body("msg", containsString("from"));
        // sparkmagic asks for an interactive session: told plainly that there are none here
        given().contentType(ContentType.JSON).body("{\"kind\":\"pyspark\"}").post("/livy/sessions").then().statusCode(404)
                .contentType(ContentType.JSON).body("msg", containsString("/livy/batches"));
        given().get("/livy/sessions/0/statements").then().statusCode(404).body("msg", containsString("not served"));
    }

    static org.hamcrest.Matcher<String> notBlank() {
        return not(org.hamcrest.Matchers.blankOrNullString());
    }

    static void refused(String body, String msg) {
        var response = given().contentType(ContentType.JSON).body(body).post("/livy/batches").then().statusCode(400)
                .contentType(ContentType.JSON).body("msg", notBlank()).body("$", not(hasKey("type")));
        if (msg != null) {
            response.body("msg", containsString(msg));
        }
    }
}
