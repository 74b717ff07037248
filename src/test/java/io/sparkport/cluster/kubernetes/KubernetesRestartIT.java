package io.sparkport.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.util.ClientBuilder;
import io.restassured.http.ContentType;
import io.sparkport.e2e.ServiceProcess;
import io.sparkport.e2e.SparkCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The built service as a separate process on the Kubernetes backend, against the tests' API server and the
 * {@link ProcessKubelet} in this JVM: {@code kill -9} with a driver running and jobs queued, a restart, and
 * then every job ends once. On Kubernetes the running driver outlives the service (its Job is the cluster's),
 * so the restarted service re-attaches it rather than retrying it; no driver Job is created twice.
 */
@Tag("spark")
class KubernetesRestartIT {

    static final String NS = "sparkport-restart";

    KubeApiFront front;
    ProcessKubelet kubelet;
    ServiceProcess service;

    @AfterEach
    void stopEverything() {
        if (service != null) {
            service.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
        if (front != null) {
            front.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aKilledServiceReattachesItsDriversAndRunsTheQueueOnce() throws Exception {
        assertTrue(Files.exists(ServiceProcess.JAR), "build the service first (mvn package): " + ServiceProcess.JAR.toAbsolutePath());
        front = new KubeApiFront();
        ApiClient client = new ClientBuilder().setBasePath(front.url()).build();
        Path root = Path.of("target/process-kubelet").resolve("restart-" + UUID.randomUUID().toString().substring(0, 8));
        kubelet = new ProcessKubelet(client, NS, root, ProcessCluster.SPARK_HOME, 43).start(front);
        Path kubeconfig = front.kubeconfig(Files.createDirectories(root.resolve("kube")), NS);
        Path dataDir = Files.createTempDirectory("sparkport-k8s-restart").toRealPath().resolve("data");
        service = new ServiceProcess(dataDir, List.of(
                "-Dsparkport.backend=kubernetes", "-Dsparkport.connect.port=0",
                "-Dsparkport.kubernetes.kubeconfig=" + kubeconfig.toAbsolutePath(),
                "-Dsparkport.kubernetes.namespace=" + NS,
                "-Dsparkport.kubernetes.master-access=proxy",
                "-Dsparkport.kubernetes.master-memory=256m",
                "-Dsparkport.kubernetes.leader-election=false",
                "-Dsparkport.retries.initial-backoff=PT1S"));
        service.start();

        String pool = "restart";
        service.api().body("{\"name\":\"" + pool + "\",\"workers\":{\"min\":0,\"max\":1,\"cores\":1,\"memory\":\"512m\"},"
                + "\"idleTimeout\":\"PT10M\"}").post("/api/v1/pools").then().statusCode(201);
        service.api().contentType(ContentType.BINARY)
                .body(Files.readAllBytes(ProcessCluster.SPARK_HOME.resolve("sparkport/sparkport-examples.jar")))
                .put("/api/v1/pools/" + pool + "/files/jars/examples.jar").then().statusCode(201);
        // the only worker core goes to the first driver's executor: the others wait in the queue
        String running = service.submitPi(pool, "400", 1);
        String queued = service.submitPi(pool, "4", 0);
        String queuedSql = service.api().body("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT 1 AS one\"}")
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");

        service.awaitState(running, java.util.Set.of("RUNNING"), Duration.ofMinutes(4));
        ProcessHandle driver = driverProcess(running);
        assertEquals("QUEUED", service.state(queued));

        service.kill(); // kill -9: the driver pod is the cluster's and runs on
        assertTrue(driver.isAlive(), "the driver outlives the killed service");
        service.start();

        Instant deadline = Instant.now().plus(Duration.ofMinutes(12)); // two drivers and an engine in a row on 2 cores
        while (!List.of(running, queued, queuedSql).stream().allMatch(id -> ServiceProcess.ENDED.contains(service.state(id)))) {
            if (Instant.now().isAfter(deadline)) {
                fail("jobs did not end: " + service.state(running) + " " + service.state(queued) + " "
                        + service.state(queuedSql) + "; see " + service.log());
            }
            SparkCluster.sleep(500);
        }

        for (String id : List.of(running, queued, queuedSql)) {
            Map<String, Object> job = service.api().get("/api/v1/jobs/" + id).then().extract().path("$");
            assertEquals("SUCCEEDED", job.get("state"), String.valueOf(job));
            List<Map<String, Object>> attempts = (List<Map<String, Object>>) job.get("attempts");
            assertEquals(List.of("SUCCEEDED"), attempts.stream().map(a -> a.get("outcome")).toList(),
                    "one attempt, nothing retried: " + job);
        }
        String log = service.api().get("/api/v1/jobs/" + running + "/logs").then().statusCode(200).extract().asString();
        assertTrue(log.contains("Pi is roughly 3.1"), "the re-attached driver's own answer: " + log);
        for (String id : List.of(running, queued)) {
            long creates = front.requests().stream()
                    .filter(r -> r.method().equals("POST") && r.path().equals("/apis/batch/v1/namespaces/" + NS + "/jobs"))
                    .filter(r -> r.body() != null && r.body().contains("\"" + KubeNames.job(id) + "\""))
                    .count();
            assertEquals(1, creates, "the driver Job of " + id + " is created once");
        }
        CoreV1Api core = new CoreV1Api(client);
        SparkCluster.eventually("the ended drivers' token Secrets are deleted", Duration.ofSeconds(30), () -> {
            try {
                return core.listNamespacedSecret(NS).labelSelector(KubeNames.COMPONENT + "=" + KubeNames.DRIVER)
                        .execute().getItems().isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(service.stop(), "the service stops");
    }

    /** The process of the job's driver pod, once the kubelet runs it. */
    ProcessHandle driverProcess(String jobId) {
        ProcessHandle[] found = new ProcessHandle[1];
        SparkCluster.eventually("the driver pod of " + jobId + " runs", Duration.ofSeconds(60), () -> {
            kubelet.pods().values().stream()
                    .filter(p -> p.name.startsWith(KubeNames.job(jobId) + "-") && p.process != null)
                    .findFirst().ifPresent(p -> found[0] = ProcessHandle.of(p.process.pid()).orElse(null));
            return found[0] != null;
        });
        return found[0];
    }
}
