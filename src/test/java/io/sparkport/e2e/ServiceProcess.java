package io.sparkport.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The built service ({@code target/quarkus-app/quarkus-run.jar}, made by {@code package}) as a separate process
 * on one data directory, for the tests that kill it and start it again. Its log goes to {@code service.log}
 * beside the data directory.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    public static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private final Path dataDir;
    private final List<String> properties;
    private final int port;
    private Process process;
    private String token;

    /** @param properties the service's configuration beyond its port and data directory, as {@code -Dkey=value} */
    public ServiceProcess(Path dataDir, List<String> properties) {
        this.dataDir = dataDir;
        this.properties = List.copyOf(properties);
        this.port = freePort();
    }

    public Path log() {
        return dataDir.resolveSibling("service.log");
    }

    /** Starts the service and waits until it is ready. */
    public void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-Dquarkus.http.port=" + port, "-Dsparkport.data-dir=" + dataDir));
        command.addAll(properties);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        Files.createDirectories(dataDir);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            try {
                if (given().port(port).get("/q/health/ready").statusCode() == 200) {
                    break;
                }
            } catch (Exception e) { // RestAssured throws the ConnectException itself, unchecked
                // not listening yet
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                fail("the service did not start; see " + log());
            }
            SparkCluster.sleep(250);
        }
        token = Files.readString(dataDir.resolve("admin-token")).trim();
    }

    /** {@code kill -9}: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** A clean stop (SIGTERM); returns whether it stopped within a minute. */
    public boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(60, TimeUnit.SECONDS);
    }

    public RequestSpecification api() {
        return given().port(port).header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** SparkPi from the pool's {@code jars/examples.jar}, with the given slices and retries; returns the job's id. */
    public String submitPi(String pool, String slices, int retries) {
        return api().body("{\"pool\":\"" + pool + "\",\"type\":\"SPARK\",\"appResource\":\"jars/examples.jar\","
                        + "\"mainClass\":\"io.sparkport.examples.SparkPi\",\"args\":[\"" + slices + "\"],"
                        + "\"executorMemory\":\"512m\",\"retries\":" + retries + "}")
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
    }

    public String state(String jobId) {
        return api().get("/api/v1/jobs/" + jobId).then().statusCode(200).extract().path("state");
    }

    public void awaitState(String jobId, Set<String> states, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!states.contains(state(jobId))) {
            if (Instant.now().isAfter(deadline) || ENDED.contains(state(jobId))) {
                fail("job " + jobId + " is " + state(jobId) + ", not " + states);
            }
            SparkCluster.sleep(250);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
