package io.sparkport.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The built service as a separate process ({@code target/quarkus-app/quarkus-run.jar}, run after
 * {@code package}): {@code kill -9} with jobs running and queued, a restart on the same data directory,
 * and then every job ends correctly, none runs twice at once, no schedule slot fires twice, and no Spark
 * process of the data directory is left behind.
 */
@Tag("spark")
class RestartIT {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    Path dataDir;
    Process service;
    int port;
    String token;

    @AfterEach
    void stopEverything() {
        if (service != null && service.isAlive()) {
            service.destroyForcibly();
        }
        if (dataDir != null) {
            owned().forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aKilledServiceRestartsAndEveryJobEndsCorrectly() throws Exception {
        assertTrue(Files.exists(JAR), "build the service first (mvn package): " + JAR.toAbsolutePath());
        dataDir = Files.createTempDirectory("sparkport-restart").toRealPath().resolve("data");
        port = freePort();
        start();
        String pool = "restart";
        api().body("{\"name\":\"" + pool + "\",\"workers\":{\"min\":0,\"max\":1,\"cores\":1,\"memory\":\"512m\"},"
                + "\"idleTimeout\":\"PT10M\"}").post("/api/v1/pools").then().statusCode(201);
        api().contentType(ContentType.BINARY).body(Files.readAllBytes(SparkCluster.SPARK_HOME.resolve("sparkport/sparkport-examples.jar")))
                .put("/api/v1/pools/" + pool + "/files/jars/examples.jar").then().statusCode(201);
        String running = submitPi(pool, "600", 1);
        String queued = submitPi(pool, "4", 0);
        String queuedToo = submitSql(pool);
        String schedule = api().body("{\"name\":\"every-minute\",\"cron\":\"* * * * *\",\"concurrencyPolicy\":\"Forbid\","
                + "\"template\":{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT 2\"}}")
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");

        awaitState(running, Set.of("RUNNING"), Duration.ofMinutes(3));
        sleep(2000);
        List<ProcessHandle> before = owned();
        assertTrue(before.stream().anyMatch(p -> commandLine(p).contains(running)), "the running job's driver is up: "
                + before.stream().map(p -> commandLine(p).substring(0, Math.min(300, commandLine(p).length()))).toList());
        assertEquals("QUEUED", state(queued));

        service.destroyForcibly(); // kill -9: no shutdown hook runs, the Spark processes stay behind
        service.waitFor(30, TimeUnit.SECONDS);
        assertTrue(before.stream().anyMatch(ProcessHandle::isAlive), "Spark processes outlive the killed service");

        start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(15)); // three drivers in a row on a busy 2-core machine
        while (!(ENDED.contains(state(running)) && ENDED.contains(state(queued)) && ENDED.contains(state(queuedToo)))) {
            if (Instant.now().isAfter(deadline)) {
                fail("jobs did not end: " + state(running) + " " + state(queued) + " " + state(queuedToo));
            }
            long drivers = owned().stream().filter(p -> commandLine(p).contains("spark.sparkport.job=" + running)).count();
            assertTrue(drivers <= 1, "the running job has " + drivers + " drivers at once");
            sleep(500);
        }

        assertTrue(before.stream().noneMatch(ProcessHandle::isAlive), "the previous run's Spark processes are stopped");
        assertEquals("SUCCEEDED", state(queued), "a queued job runs after the restart");
        assertEquals("SUCCEEDED", state(queuedToo), "a queued job runs after the restart");
        assertEquals("SUCCEEDED", state(running), "the interrupted job is retried (retries: 1)");
        Map<String, Object> job = api().get("/api/v1/jobs/" + running).then().extract().path("$");
        List<Map<String, Object>> attempts = api().get("/api/v1/jobs/" + running).then().extract().path("attempts");
        assertEquals("RETRIED", attempts.get(0).get("outcome"), String.valueOf(job));
        assertTrue(String.valueOf(attempts.get(0).get("reason")).startsWith("service restarted"), String.valueOf(job));

        List<String> slots = api().get("/api/v1/schedules/" + schedule).then().extract().path("status.runs.slot");
        List<String> fired = new ArrayList<>(slots.stream().filter(s -> s != null).toList());
        assertEquals(new HashSet<>(fired).size(), fired.size(), "no slot fired twice: " + fired);

        service.destroy(); // a clean stop takes the Spark processes with it
        assertTrue(service.waitFor(60, TimeUnit.SECONDS), "the service stops");
        SparkCluster.eventually("no Spark process of the data directory is left", Duration.ofSeconds(20),
                () -> owned().isEmpty());
    }

    String submitPi(String pool, String slices, int retries) {
        return api().body("{\"pool\":\"" + pool + "\",\"type\":\"SPARK\",\"appResource\":\"jars/examples.jar\","
                        + "\"mainClass\":\"io.sparkport.examples.SparkPi\",\"args\":[\"" + slices + "\"],"
                        + "\"executorMemory\":\"512m\",\"retries\":" + retries + "}")
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
    }

    String submitSql(String pool) {
        return api().body("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT 1 AS one\",\"executorMemory\":\"512m\"}")
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
    }

    void start() throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port,
                "-Dsparkport.data-dir=" + dataDir,
                "-Dsparkport.local.spark-home=" + SparkCluster.SPARK_HOME.toAbsolutePath(),
                "-Dsparkport.local.daemon-memory=192m",
                "-Dsparkport.local.driver-memory=512m",
                "-Dsparkport.retries.initial-backoff=PT1S",
                "-jar", JAR.toAbsolutePath().toString());
        Files.createDirectories(dataDir);
        service = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling("service.log").toFile())).start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            try {
                if (given().port(port).get("/q/health/ready").statusCode() == 200) {
                    break;
                }
            } catch (Exception e) { // RestAssured throws the ConnectException itself, unchecked
                // not listening yet
            }
            if (!service.isAlive() || Instant.now().isAfter(deadline)) {
                fail("the service did not start; see " + dataDir.resolveSibling("service.log"));
            }
            sleep(250);
        }
        token = Files.readString(dataDir.resolve("admin-token")).trim();
    }

    RequestSpecification api() {
        return given().port(port).header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    String state(String id) {
        return api().get("/api/v1/jobs/" + id).then().statusCode(200).extract().path("state");
    }

    void awaitState(String id, Set<String> states, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!states.contains(state(id))) {
            if (Instant.now().isAfter(deadline) || ENDED.contains(state(id))) {
                fail("job " + id + " is " + state(id) + ", not " + states);
            }
            sleep(250);
        }
    }

    List<ProcessHandle> owned() {
        String flag = "-Dio.sparkport.owner=" + dataDir.toAbsolutePath().normalize();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(flag)).orElse(false))
                .toList();
    }

    static String commandLine(ProcessHandle p) {
        return p.info().commandLine().orElse("");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void sleep(long millis) {
        SparkCluster.sleep(millis);
    }
}
