package io.sparkport.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Helpers of the end-to-end tests: pools, uploads, submissions and waiting, all through the REST API. */
public final class SparkCluster {

    public static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    public static final Path SPARK_HOME = Path.of(System.getProperty("sparkport.local.spark-home", "target/spark-home"));

    private SparkCluster() {
    }

    public static void createPool(String name, int maxWorkers, String idleTimeout) {
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"workers\":{\"min\":0,\"max\":" + maxWorkers
                        + ",\"cores\":1,\"memory\":\"512m\"},\"idleTimeout\":\"" + idleTimeout + "\","
                        + "\"scaleDownDelay\":\"PT5S\"}")
                .post("/api/v1/pools").then().statusCode(201);
    }

    public static void upload(String pool, String path, Path file) throws java.io.IOException {
        given().body(Files.readAllBytes(file)).contentType(ContentType.BINARY)
                .put("/api/v1/pools/" + pool + "/files/" + path).then().statusCode(201);
    }

    public static String submit(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/api/v1/jobs")
                .then().statusCode(201).extract().path("id");
    }

    public static String state(String id) {
        return given().get("/api/v1/jobs/" + id).then().statusCode(200).extract().path("state");
    }

    /** Waits for the job to reach one of the states; fails with its log when it ends elsewhere. */
    public static String await(String id, Set<String> states) {
        Instant deadline = Instant.now().plus(JOB_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String state = state(id);
            if (states.contains(state)) {
                return state;
            }
            if (Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(state)) {
                fail("job " + id + " ended " + state + " instead of " + states + ": "
                        + given().get("/api/v1/jobs/" + id).asString() + "\nlog:\n" + log(id));
            }
            sleep(250);
        }
        fail("job " + id + " did not reach " + states + " in " + JOB_TIMEOUT + "; log:\n" + log(id));
        return null;
    }

    public static String log(String id) {
        return given().get("/api/v1/jobs/" + id + "/logs").asString();
    }

    public static void eventually(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("not true after " + timeout + ": " + what);
            }
            sleep(250);
        }
    }

    /** Live processes whose command line contains the text (a pool flag, a job id, an app id). */
    public static List<ProcessHandle> processesWith(String text) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(text)).orElse(false))
                .toList();
    }

    /** Whether the process has the Spark home's class data archive mapped (Linux: /proc/PID/maps). */
    static boolean mapsClassDataArchive(ProcessHandle process) {
        String archive = SPARK_HOME.resolve("cds/spark.jsa").toAbsolutePath().normalize().toString();
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc", String.valueOf(process.pid()), "maps"))
                    .contains(archive);
        } catch (java.io.IOException e) {
            return false; // gone meanwhile
        }
    }

    /**
     * How much of the class data archive the process holds as its own copy: the archive's private dirty kB
     * over its resident kB (0 when nothing is resident). Pages of a mapped archive stay clean and shared.
     */
    static double privateShareOfClassDataArchive(ProcessHandle process) {
        String archive = SPARK_HOME.resolve("cds/spark.jsa").toAbsolutePath().normalize().toString();
        long resident = 0;
        long privateDirty = 0;
        boolean inArchive = false;
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", String.valueOf(process.pid()), "smaps"))) {
                if (MAPPING.matcher(line).lookingAt()) {
                    inArchive = line.endsWith(archive);
                } else if (inArchive && line.startsWith("Rss:")) {
                    resident += kilobytes(line);
                } else if (inArchive && line.startsWith("Private_Dirty:")) {
                    privateDirty += kilobytes(line);
                }
            }
        } catch (java.io.IOException e) {
            return 0; // gone meanwhile
        }
        return resident == 0 ? 0 : (double) privateDirty / resident;
    }

    /** The head line of a mapping in /proc/PID/smaps: its address range. */
    private static final java.util.regex.Pattern MAPPING = java.util.regex.Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

    private static long kilobytes(String smapsLine) {
        return Long.parseLong(smapsLine.replaceAll("[^0-9]", ""));
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
