package io.sparkport.e2e;

import static io.restassured.RestAssured.given;
import static io.sparkport.e2e.SparkCluster.await;
import static io.sparkport.e2e.SparkCluster.eventually;
import static io.sparkport.e2e.SparkCluster.log;
import static io.sparkport.e2e.SparkCluster.processesWith;
import static io.sparkport.e2e.SparkCluster.submit;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The warm SQL engine on a real local cluster, shared by every test here (one pool of at most two 1-core
 * workers of 512m): the first SQL job brings the engine up, later ones run on it, and the last test tears
 * the cluster down and checks that the engine went with it.
 */
@QuarkusTest
@Tag("spark")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarmSqlE2ETest {

    static final String HAIR = "SELECT Hair, SUM(Freq) AS total FROM HairEyeColor GROUP BY Hair ORDER BY Hair";
    static final List<List<Object>> HAIR_TOTALS = List.of(List.of("Black", 108), List.of("Blond", 127),
            List.of("Brown", 286), List.of("Red", 71));
    /** 40 tasks of 250 ms each: about 10 s on the engine's one core. */
    static final String SLOW = "SELECT COUNT(*) AS n FROM range(0, 40, 1, 40) "
            + "WHERE reflect('java.lang.Thread', 'sleep', bigint(250)) IS NOT NULL";

    final String pool = "warm-" + UUID.randomUUID().toString().substring(0, 6);
    boolean poolReady;

    @BeforeEach
    void createPoolWithData() throws Exception {
        if (poolReady) {
            return;
        }
        poolReady = true;
        SparkCluster.createPool(pool, 2, "PT10M");
        SparkCluster.upload(pool, "HairEyeColor.csv", Path.of("sample-data/HairEyeColor.csv"));
    }

    String sql(String sql) {
        return submit("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"" + sql + "\"}");
    }

    /** Submits a query, waits for it to succeed and checks its rows; returns its job id. */
    String answered(String sql, List<?> rows) {
        String id = sql(sql);
        await(id, Set.of("SUCCEEDED"));
        given().get("/api/v1/jobs/" + id + "/result").then().body("rows", equalTo(rows));
        return id;
    }

    JsonPath job(String id) {
        return given().get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
    }

    JsonPath engine() {
        return given().get("/api/v1/pools/" + pool + "/cluster").then().statusCode(200).extract().jsonPath();
    }

    List<ProcessHandle> engineProcesses() {
        return processesWith("-Dio.sparkport.sqlengine=" + pool);
    }

    @Test
    @Order(1)
    void theFirstSqlJobBringsUpTheEngineAndAnswers() {
        assertEquals("DOWN", engine().getString("sqlEngine.state"));
        String id = sql(HAIR);
        await(id, Set.of("SUCCEEDED"));

        JsonPath j = job(id);
        assertEquals("warm", j.getString("engine"));
        given().get("/api/v1/jobs/" + id + "/result").then().statusCode(200)
                .body("columns.name", equalTo(List.of("Hair", "total")))
                .body("rows", equalTo(HAIR_TOTALS))
                .body("rowCount", equalTo(4))
                .body("resultPath", equalTo("results/" + id + "/"));
        String csv = given().accept("text/csv").get("/api/v1/jobs/" + id + "/result").then().statusCode(200)
                .extract().asString();
        assertEquals(List.of("Hair,total", "Black,108", "Blond,127", "Brown,286", "Red,71"), csv.lines().toList());
        given().queryParam("prefix", "results/" + id + "/").get("/api/v1/pools/" + pool + "/files").then()
                .body("files.path", hasItem(startsWith("results/" + id + "/part-")));

        JsonPath cluster = engine();
        assertEquals("READY", cluster.getString("sqlEngine.state"));
        assertTrue(cluster.getString("sqlEngine.endpoint").startsWith("sc://127.0.0.1:"));
        assertEquals(cluster.getString("sqlEngine.sparkAppId"), j.getString("sparkAppId"), "the job ran in the engine");
        assertEquals(1, engineProcesses().size(), "one engine process");
        given().get("/api/v1/pools/" + pool + "/events").then().body("kind", hasItem("sql-engine"));
        String log = log(id);
        assertTrue(log.contains("statement 1/1: " + HAIR), log);
        assertTrue(log.contains("done in"), log);
    }

    @Test
    @Order(2)
    void laterJobsRunOnTheSameEngineWithTheRightAnswers() {
        String appId = engine().getString("sqlEngine.sparkAppId");
        long pid = engineProcesses().get(0).pid();
        String eyes = sql("SELECT Eye, SUM(Freq) AS n FROM HairEyeColor GROUP BY Eye ORDER BY Eye");
        String sexes = sql("SELECT Sex, SUM(Freq) AS n FROM haireyecolor GROUP BY Sex ORDER BY Sex");
        await(eyes, Set.of("SUCCEEDED"));
        await(sexes, Set.of("SUCCEEDED"));
        given().get("/api/v1/jobs/" + eyes + "/result").then().body("rows", equalTo(List.of(List.of("Blue", 215),
                List.of("Brown", 220), List.of("Green", 64), List.of("Hazel", 93))));
        given().get("/api/v1/jobs/" + sexes + "/result").then().body("rows", equalTo(List.of(List.of("Female", 313),
                List.of("Male", 279))));
        assertEquals(appId, job(eyes).getString("sparkAppId"));
        assertEquals(pid, engineProcesses().get(0).pid(), "the same engine process");

        // the synchronous shortcut: the answer in the response, limited to 2 rows
        given().contentType(ContentType.JSON).body("{\"sql\":\"" + HAIR + "\",\"limit\":2}")
                .post("/api/v1/pools/" + pool + "/sql?wait=PT30S").then().statusCode(200)
                .header("Location", containsString("/api/v1/jobs/"))
                .body("state", equalTo("SUCCEEDED")).body("engine", equalTo("warm"))
                .body("rows", equalTo(HAIR_TOTALS.subList(0, 2))).body("rowCount", equalTo(4))
                .body("truncated", equalTo(true));
        // no time to wait: 202 and the job to follow (a READY engine may already have taken it)
        String location = given().contentType(ContentType.JSON).body("{\"sql\":\"" + HAIR + "\"}")
                .post("/api/v1/pools/" + pool + "/sql?wait=PT0S").then().statusCode(202)
                .body("state", oneOf("QUEUED", "STARTING", "RUNNING")).extract().header("Location");
        await(location.substring(location.lastIndexOf('/') + 1), Set.of("SUCCEEDED"));
        // a failing query within the wait: 422 with Spark's reason
        given().contentType(ContentType.JSON).body("{\"sql\":\"SELECT nope FROM HairEyeColor\"}")
                .post("/api/v1/pools/" + pool + "/sql?wait=PT30S").then().statusCode(422)
                .body("detail", containsString("nope"));
    }

    @Test
    @Order(4)
    void temporaryViewsOfOneJobAreNotSeenByAnother() {
        answered("CREATE TEMPORARY VIEW secret AS SELECT 42 AS x; SELECT x FROM secret", List.of(List.of(42)));
        String second = sql("SELECT x FROM secret");
        await(second, Set.of("FAILED"));
        assertTrue(job(second).getString("failureReason").contains("secret"), job(second).prettify());
    }

    /**
     * Plain queries share clean sessions (a new one costs each query about a quarter of a second), but
     * nothing of one job stays for the next: here the pool view of a file deleted in between.
     */
    @Test
    @Order(4)
    void aSessionServesTheNextQueryOnlyWithoutThePreviousJobsViews() throws Exception {
        SparkCluster.upload(pool, "Gone.csv", Path.of("sample-data/HairEyeColor.csv"));
        answered("SELECT COUNT(*) AS n FROM Gone", List.of(List.of(32)));
        given().delete("/api/v1/pools/" + pool + "/files/Gone.csv").then().statusCode(204);
        String second = sql("SELECT COUNT(*) AS n FROM Gone");
        await(second, Set.of("FAILED"));
        assertTrue(log(second).contains("reused a clean session"), log(second));
        assertTrue(job(second).getString("failureReason").contains("TABLE_OR_VIEW_NOT_FOUND"), job(second).prettify());
    }

    /**
     * A reused session keeps the pool views of files that did not change (no new view, no schema inference) and
     * reads a file that was replaced as it is now, although the engine keeps the old content in memory and the new
     * file has the same columns (the same plan, which the engine's cache would match).
     */
    @Test
    @Order(4)
    void aReusedSessionKeepsViewsOfUnchangedFilesAndReadsReplacedFilesAnew() throws Exception {
        SparkCluster.upload(pool, "Changing.csv", Path.of("sample-data/HairEyeColor.csv"));
        answered("SELECT COUNT(*) AS n, SUM(Freq) AS f FROM Changing", List.of(List.of(32, 592)));
        String same = sql("SELECT COUNT(*) AS n, SUM(Freq) AS f FROM Changing");
        await(same, Set.of("SUCCEEDED"));
        assertTrue(log(same).contains("kept from the session's last job; 1 cached on the engine"), log(same));
        given().get("/api/v1/jobs/" + same + "/result").then().body("rows", equalTo(List.of(List.of(32, 592))));

        byte[] replacement = "\"Hair\",\"Eye\",\"Sex\",\"Freq\"\nBlack,Brown,Male,1\nRed,Blue,Female,2\nBlond,Green,Male,3\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        given().body(replacement).contentType(ContentType.BINARY)
                .put("/api/v1/pools/" + pool + "/files/Changing.csv").then().statusCode(200); // replaced
        String changed = sql("SELECT COUNT(*) AS n, SUM(Freq) AS f FROM Changing");
        await(changed, Set.of("SUCCEEDED"));
        assertTrue(log(changed).contains("reused a clean session"), log(changed));
        assertFalse(log(changed).contains("kept from the session's last job"), log(changed));
        given().get("/api/v1/jobs/" + changed + "/result").then().body("rows", equalTo(List.of(List.of(3, 6))));
    }

    /**
     * A small pool file is kept in the engine's memory as one partition: the engine's own storage page shows it
     * after jobs in the same session on other files, in a session of its own (a script with a command, closed
     * after it) and in the reused sessions again.
     */
    @Test
    @Order(4)
    void smallPoolFilesStayInTheEnginesMemoryAcrossJobsAndSessions() throws Exception {
        SparkCluster.upload(pool, "Other.csv", Path.of("sample-data/HairEyeColor.csv"));
        answered(HAIR, HAIR_TOTALS);
        answered("SELECT COUNT(*) AS n FROM Other", List.of(List.of(32))); // keeps HairEyeColor's view
        answered("CREATE TEMPORARY VIEW seven AS SELECT 7 AS x; " + HAIR, HAIR_TOTALS); // a new session
        String last = answered(HAIR, HAIR_TOTALS);
        assertTrue(log(last).contains("cached on the engine"), log(last));

        String file = "file:" + Path.of("target/test-data/pools", pool, "HairEyeColor.csv").toAbsolutePath();
        List<java.util.Map<String, Object>> storage = engineStorage();
        List<java.util.Map<String, Object>> cached = storage.stream()
                .filter(rdd -> reads(String.valueOf(rdd.get("name")), file)).toList();
        assertEquals(1, cached.size(), "one copy of " + file + ": " + storage);
        assertEquals(1, cached.get(0).get("numPartitions"));
        assertEquals(1, cached.get(0).get("numCachedPartitions"), "filled by the first query: " + cached);
    }

    /**
     * Whether a cached plan, by its name on the Storage page, reads {@code fileUri}. Spark shortens a long
     * location in plan strings to a prefix and "..." ({@code spark.sql.maxMetadataStringLength}, 100), so a
     * data directory with a long path shows only the start of the file's name (one that ended before it would
     * not tell the pool's files apart).
     */
    static boolean reads(String planName, String fileUri) {
        String marker = "Location: InMemoryFileIndex(1 paths)[";
        int start = planName.indexOf(marker);
        if (start < 0) {
            return false;
        }
        String location = planName.substring(start + marker.length()).split(", ", 2)[0];
        if (location.endsWith("]")) {
            return location.equals(fileUri + "]");
        }
        return location.endsWith("...") && fileUri.startsWith(location.substring(0, location.length() - 3));
    }

    /**
     * Between user jobs a new engine runs a few small queries on made-up data (tagged on its Spark UI), and
     * then drops the made-up data from its cache.
     */
    @Test
    @Order(3) // before the tests of which sessions a job gets: the warm-up borrows idle sessions while it runs
    void theEngineWarmsUpBetweenJobsAndDropsItsMadeUpData() {
        eventually("warm-up queries ran on the engine and its made-up data is gone", Duration.ofSeconds(120), () -> {
            long warmUps = engineJobs().stream().map(j -> String.valueOf(j.get("jobTags")))
                    .filter(tags -> tags.contains("_Tag_sparkport-warm-up")).count();
            return warmUps >= 4 && engineStorage().stream().noneMatch(rdd -> String.valueOf(rdd.get("name")).contains("Range (0, 96"));
        });
        answered(HAIR, HAIR_TOTALS);
    }

    /** The Spark jobs on the engine's Spark UI ({@code /api/v1/applications/{app}/jobs}). */
    List<java.util.Map<String, Object>> engineJobs() {
        return engineApi("/jobs");
    }

    /** The cached data on the engine's Spark UI ({@code /api/v1/applications/{app}/storage/rdd}). */
    List<java.util.Map<String, Object>> engineStorage() {
        return engineApi("/storage/rdd");
    }

    /** A list from the engine's own REST API, under its application. */
    List<java.util.Map<String, Object>> engineApi(String path) {
        String uiPort = engineProcesses().get(0).info().arguments().stream().flatMap(java.util.Arrays::stream)
                .filter(a -> a.startsWith("spark.ui.port=")).findFirst().orElseThrow().substring("spark.ui.port=".length());
        return given().baseUri("http://127.0.0.1").port(Integer.parseInt(uiPort)).basePath("")
                .get("/api/v1/applications/" + engine().getString("sqlEngine.sparkAppId") + path)
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    @Order(5)
    void concurrentQueriesRunConcurrently() {
        String slow = sql(SLOW);
        await(slow, Set.of("RUNNING"));
        SparkCluster.sleep(1500); // its tasks now hold the engine's only core, one after another
        String quick = sql(HAIR);
        await(quick, Set.of("SUCCEEDED"));
        assertEquals("RUNNING", job(slow).getString("state"), "the quick query did not wait for the slow one");
        await(slow, Set.of("SUCCEEDED"));
        Instant slowStart = Instant.parse(job(slow).getString("startedAt"));
        Instant slowEnd = Instant.parse(job(slow).getString("finishedAt"));
        Instant quickStart = Instant.parse(job(quick).getString("startedAt"));
        Instant quickEnd = Instant.parse(job(quick).getString("finishedAt"));
        assertTrue(slowStart.isBefore(quickStart) && quickEnd.isBefore(slowEnd),
                "overlap: slow " + slowStart + ".." + slowEnd + ", quick " + quickStart + ".." + quickEnd);
        given().get("/api/v1/jobs/" + slow + "/result").then().body("rows", equalTo(List.of(List.of(40))));
    }

    @Test
    @Order(6)
    void cancelInterruptsTheQueryAndTheEngineGoesOn() {
        String slow = sql(SLOW);
        await(slow, Set.of("RUNNING"));
        SparkCluster.sleep(1500); // its Spark job has started (a cancel during planning may miss it)
        given().post("/api/v1/jobs/" + slow + "/cancel").then().statusCode(202);
        await(slow, Set.of("CANCELLED"));
        assertTrue(log(slow).contains("cancel requested: interrupting its operations"), log(slow));
        eventually("the engine's client interrupts the query", Duration.ofSeconds(10),
                () -> log(slow).contains("interrupting the job's operations"));

        String timed = submit("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"" + SLOW + "\",\"timeout\":\"PT3S\"}");
        await(timed, Set.of("FAILED"));
        assertTrue(job(timed).getString("failureReason").startsWith("timed out"), job(timed).prettify());
        eventually("a timed-out query is interrupted on the engine too", Duration.ofSeconds(10),
                () -> log(timed).contains("interrupting the job's operations"));

        answered(HAIR, HAIR_TOTALS);
    }

    @Test
    @Order(7)
    void theBatchPathStillRunsTheSqlRunner() {
        String id = submit("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"engine\":\"batch\",\"sql\":\"" + HAIR
                + "\",\"executorMemory\":\"512m\"}");
        await(id, Set.of("SUCCEEDED"));
        assertEquals("batch", job(id).getString("engine"));
        assertNotEquals(engine().getString("sqlEngine.sparkAppId"), job(id).getString("sparkAppId"), "a driver of its own");
        given().get("/api/v1/jobs/" + id + "/result").then().body("rows", equalTo(HAIR_TOTALS));
        assertTrue(processesWith("spark.sparkport.job=" + id).isEmpty(), "its driver is gone");
    }

    @Test
    @Order(8)
    void anEngineCrashFailsItsQueriesAndTheNextJobStartsAnother() {
        String before = engine().getString("sqlEngine.endpoint");
        String slow = sql(SLOW);
        await(slow, Set.of("RUNNING"));
        engineProcesses().forEach(ProcessHandle::destroyForcibly);
        await(slow, Set.of("FAILED"));
        assertTrue(job(slow).getString("failureReason").contains("SQL engine"), job(slow).prettify());
        eventually("an incident event says the engine died", Duration.ofSeconds(10), () -> given()
                .get("/api/v1/pools/" + pool + "/events").then().extract().jsonPath().getList("message", String.class)
                .stream().anyMatch(m -> m.contains("SQL engine died")));

        answered(HAIR, HAIR_TOTALS);
        assertNotEquals(before, engine().getString("sqlEngine.endpoint"), "a new engine");
    }

    @Test
    @Order(9)
    void teardownStopsTheEngineWithTheCluster() {
        List<ProcessHandle> engines = engineProcesses();
        assertFalse(engines.isEmpty());
        given().contentType(ContentType.JSON).body("{\"idleTimeout\":\"PT2S\"}").patch("/api/v1/pools/" + pool)
                .then().statusCode(200);
        eventually("the cluster of " + pool + " is torn down", Duration.ofSeconds(60),
                () -> "DOWN".equals(engine().getString("state")));
        eventually("the engine process is gone", Duration.ofSeconds(15),
                () -> engines.stream().noneMatch(ProcessHandle::isAlive));
        assertEquals(List.of(), engineProcesses());
        assertEquals("DOWN", engine().getString("sqlEngine.state"));
    }
}
