package io.sparkport.cluster.kubernetes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.util.ClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The service with {@code sparkport.backend=kubernetes} against the HTTP Kubernetes API of the tests:
 * pools bring their PVCs, a submitted job becomes a driver Job once the (simulated) cluster is up and
 * ends as the Job ends, and Kubernetes refusals reach the API user with their reason.
 */
@QuarkusTest
@TestProfile(KubernetesApiTest.OnKubernetes.class)
@QuarkusTestResource(value = KubernetesApiTest.Cluster.class, restrictToAnnotatedClass = true)
class KubernetesApiTest {

    static final String NS = "sparkport-api";
    static volatile KubeApiFront front;
    static volatile FakeKubelet kubelet;
    static volatile ApiClient client;

    /** The Kubernetes backend, through the API server's service proxy for the masters' status. */
    public static class OnKubernetes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sparkport.backend", "kubernetes",
                    "sparkport.kubernetes.namespace", NS,
                    "sparkport.kubernetes.master-access", "proxy",
                    "sparkport.kubernetes.leader-election", "true",
                    "sparkport.kubernetes.lease-duration", "PT3S");
        }
    }

    /** The API server, plus a controller loop making StatefulSets' pods. */
    public static class Cluster implements QuarkusTestResourceLifecycleManager {
        private ExecutorService loop;

        @Override
        public Map<String, String> start() {
            try {
                front = new KubeApiFront();
                client = new ClientBuilder().setBasePath(front.url()).build();
                kubelet = new FakeKubelet(client, NS);
                ObjectMapper json = new ObjectMapper();
                front.serviceProxy((service, path) -> kubelet.master(KubeNames.masterUiUrl(
                        service.substring("sparkport-".length(), service.indexOf("-master")), NS)).map(m -> {
                            try {
                                return json.writeValueAsString(m);
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        }));
                loop = Executors.newSingleThreadExecutor();
                loop.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            kubelet.syncStatefulSets();
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            // the API server is going away with the test
                        }
                    }
                });
                Path kubeconfig = front.kubeconfig(Files.createTempDirectory("sparkport-kube"), NS);
                return Map.of("sparkport.kubernetes.kubeconfig", kubeconfig.toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            loop.shutdownNow();
            front.close();
        }
    }

    @Test
    void aPoolBringsItsPvcAndTakesItAlongWhenDeleted() throws Exception {
        given().contentType(ContentType.JSON).body("{\"name\":\"k8s-sales\",\"storage\":{\"size\":\"3Gi\"}}")
                .post("/api/v1/pools").then().statusCode(201);
        CoreV1Api core = new CoreV1Api(client);
        assertEquals("3Gi", core.readNamespacedPersistentVolumeClaim("sparkport-pool-k8s-sales", NS).execute()
                .getSpec().getResources().getRequests().get("storage").toSuffixedString());
        given().delete("/api/v1/pools/k8s-sales").then().statusCode(204);
        assertEquals(List.of(), core.listNamespacedPersistentVolumeClaim(NS)
                .labelSelector("sparkport.io/pool=k8s-sales").execute().getItems());
    }

    @Test
    void aRefusedPvcRefusesThePoolWithKubernetesReason() {
        front.refuse("POST", "/api/v1/namespaces/" + NS + "/persistentvolumeclaims", 403, "Forbidden",
                "exceeded quota: storage, requested: requests.storage=100Gi");
        try {
            given().contentType(ContentType.JSON).body("{\"name\":\"k8s-big\",\"storage\":{\"size\":\"100Gi\"}}")
                    .post("/api/v1/pools").then().statusCode(502)
                    .contentType("application/problem+json")
                    .body("detail", containsString("403 Forbidden: exceeded quota: storage"));
        } finally {
            front.stopRefusing();
        }
        given().get("/api/v1/pools/k8s-big").then().statusCode(404);
    }

    @Test
    void aJobBecomesADriverJobAndEndsWithIt() throws Exception {
        given().contentType(ContentType.JSON).body("{\"name\":\"k8s-jobs\",\"workers\":{\"max\":2,\"cores\":1}}")
                .post("/api/v1/pools").then().statusCode(201);
        String id = given().contentType(ContentType.JSON)
                .body("{\"pool\":\"k8s-jobs\",\"type\":\"SPARK\",\"appResource\":\"https://repo.example/pi.jar\","
                        + "\"mainClass\":\"org.example.Pi\",\"cores\":1}")
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        BatchV1Api batch = new BatchV1Api(client);
        V1Job job = ClusterBackendContract.await(() -> {
            try {
                return batch.listNamespacedJob(NS).labelSelector("sparkport.io/job=" + id).execute().getItems();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, jobs -> jobs.size() == 1, "the driver Job of " + id).get(0);
        assertTrue(String.join(" ", job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
                .contains("--deploy-mode client"));
        String pod = kubelet.startJob(job.getMetadata().getName());
        awaitState(id, "RUNNING");
        front.setPodLog(pod, "Pi is roughly 3.1416\n");
        kubelet.finishJob(job.getMetadata().getName(), pod, 0);
        awaitState(id, "SUCCEEDED");
        given().get("/api/v1/jobs/" + id + "/logs").then().statusCode(200).body(containsString("Pi is roughly 3.1416"));
    }

    static void awaitState(String id, String state) throws InterruptedException {
        ClusterBackendContract.await(() -> given().get("/api/v1/jobs/" + id).then().extract().<String>path("state"),
                state::equals, "job " + id + " " + state);
    }
}
