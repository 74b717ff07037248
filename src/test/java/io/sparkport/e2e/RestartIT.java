package io.sparkport.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    Path dataDir;
    ServiceProcess service;

    @AfterEach
    void stopEverything() {
        if (service != null) {
            service.close();
        }
        if (dataDir != null) {
            owned().forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aKilledServiceRestartsAndEveryJobEndsCorrectly() throws Exception {
        assertTrue(Files.exists(ServiceProcess.JAR), "build the service first (mvn package): " + ServiceProcess.JAR.toAbsolutePath());
        dataDir = Files.createTempDirectory("sparkport-restart").toRealPath().resolve("data");
        service = new ServiceProcess(dataDir, List.of(
                "-Dsparkport.local.spark-home=" + SparkCluster.SPARK_HOME.toAbsolutePath(),
                "-Dsparkport.local.daemon-memory=192m",
                "-Dsparkport.local.driver-memory=512m",
                "-Dsparkport.retries.initial-backoff=PT1S", "-Dsparkport.connect.port=0"));
        service.start();
        String pool = "restart";
        service.api().body("{\"name\":\"" + pool + "\",\"workers\":{\"min\":0,\"max\":1,\"cores\":1,\"memory\":\"512m\"},"
                + "\"idleTimeout\":\"PT10M\"}").post("/api/v1/pools").then().statusCode(201);
        service.api().contentType(ContentType.BINARY).body(Files.readAllBytes(SparkCluster.SPARK_HOME.resolve("sparkport/sparkport-examples.jar")))
                .put("/api/v1/pools/" + pool + "/files/jars/examples.jar").then().statusCode(201);
        String running = service.submitPi(pool, "600", 1);
        // the queued SparkPi comes through the Livy surface: its integer id and its Kyuubi id outlive the restart
        int livyId = service.api().body("{\"file\":\"jars/examples.jar\",\"className\":\"io.sparkport.examples.SparkPi\","
                + "\"args\":[\"4\"],\"executorMemory\":\"512m\",\"queue\":\"" + pool + "\",\"name\":\"livy-pi\"}")
                .post("/livy/batches").then().statusCode(201).extract().path("id");
        String logUrl = service.api().get("/livy/batches/" + livyId).then().statusCode(200).extract().path("appInfo.driverLogUrl");
        String queued = logUrl.split("/")[logUrl.split("/").length - 2];
        String kyuubiId = service.api().queryParam("batchName", "livy-pi").get("/kyuubi/api/v1/batches").then()
                .statusCode(200).extract().path("batches[0].id");
        String queuedToo = submitSql(pool);
        String schedule = service.api().body("{\"name\":\"every-minute\",\"cron\":\"* * * * *\",\"concurrencyPolicy\":\"Forbid\","
                + "\"template\":{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT 2\"}}")
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");

        service.awaitState(running, Set.of("RUNNING"), Duration.ofMinutes(3));
        sleep(2000);
        List<ProcessHandle> before = owned();
        assertTrue(before.stream().anyMatch(p -> commandLine(p).contains(running)), "the running job's driver is up: "
                + before.stream().map(p -> commandLine(p).substring(0, Math.min(300, commandLine(p).length()))).toList());
        assertEquals("QUEUED", service.state(queued));

        service.kill(); // no shutdown hook runs, the Spark processes stay behind
        assertTrue(before.stream().anyMatch(ProcessHandle::isAlive), "Spark processes outlive the killed service");

        service.start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(15)); // three drivers in a row on a busy 2-core machine
        while (!(ServiceProcess.ENDED.contains(service.state(running)) && ServiceProcess.ENDED.contains(service.state(queued)) && ServiceProcess.ENDED.contains(service.state(queuedToo)))) {
            if (Instant.now().isAfter(deadline)) {
                fail("jobs did not end: " + service.state(running) + " " + service.state(queued) + " " + service.state(queuedToo));
            }
            long drivers = owned().stream().filter(p -> commandLine(p).contains("spark.sparkport.job=" + running)).count();
            assertTrue(drivers <= 1, "the running job has " + drivers + " drivers at once");
            sleep(500);
        }

        assertTrue(before.stream().noneMatch(ProcessHandle::isAlive), "the previous run's Spark processes are stopped");
        assertEquals("SUCCEEDED", service.state(queued), "a queued job runs after the restart");
        assertEquals("success", service.api().get("/livy/batches/" + livyId + "/state").then().statusCode(200)
                .extract().path("state"), "the Livy id still names the batch");
        assertEquals(queued, service.api().get("/kyuubi/api/v1/batches/" + kyuubiId).then().statusCode(200)
                .extract().path("batchInfo.'sparkport.job.id'"), "the Kyuubi id still names the batch");
        assertEquals("SUCCEEDED", service.state(queuedToo), "a queued job runs after the restart");
        assertEquals("SUCCEEDED", service.state(running), "the interrupted job is retried (retries: 1)");
        Map<String, Object> job = service.api().get("/api/v1/jobs/" + running).then().extract().path("$");
        List<Map<String, Object>> attempts = service.api().get("/api/v1/jobs/" + running).then().extract().path("attempts");
        assertEquals("RETRIED", attempts.get(0).get("outcome"), String.valueOf(job));
        assertTrue(String.valueOf(attempts.get(0).get("reason")).startsWith("service restarted"), String.valueOf(job));

        List<String> slots = service.api().get("/api/v1/schedules/" + schedule).then().extract().path("status.runs.slot");
        List<String> fired = new ArrayList<>(slots.stream().filter(s -> s != null).toList());
        assertEquals(new HashSet<>(fired).size(), fired.size(), "no slot fired twice: " + fired);

        assertTrue(service.stop(), "the service stops"); // a clean stop takes the Spark processes with it
        SparkCluster.eventually("no Spark process of the data directory is left", Duration.ofSeconds(20),
                () -> owned().isEmpty());
    }

    String submitSql(String pool) {
        return service.api().body("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT 1 AS one\",\"executorMemory\":\"512m\"}")
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
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

    static void sleep(long millis) {
        SparkCluster.sleep(millis);
    }
}
