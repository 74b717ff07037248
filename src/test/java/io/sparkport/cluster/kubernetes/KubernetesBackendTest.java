package io.sparkport.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.util.ClientBuilder;
import io.sparkport.SparkportException;
import io.sparkport.cluster.ClusterBackend;
import io.sparkport.cluster.ClusterObservation;
import io.sparkport.cluster.ClusterState;
import io.sparkport.cluster.DriverObservation;
import io.sparkport.cluster.DriverPhase;
import io.sparkport.cluster.WorkerObservation;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract, and what is Kubernetes' own, against an HTTP Kubernetes API (the fabric8 CRUD
 * mock behind {@link KubeApiFront}); the test plays controllers and kubelet ({@link FakeKubelet}).
 */
class KubernetesBackendTest extends ClusterBackendContract {

    static final String NS = "sparkport-test";
    static final KubernetesSettings SETTINGS = new KubernetesSettings(NS, "sparkport/spark-runtime:test", null,
            "ReadWriteMany", "sparkport-spark", "/sparkport/pool", new MemorySize(512), 0, Duration.ofHours(1), true, Duration.ofMinutes(5));

    @TempDir
    Path logs;
    KubeApiFront front;
    ApiClient client;
    FakeKubelet kubelet;
    KubernetesBackend backend;
    final Set<String> kicked = ConcurrentHashMap.newKeySet();
    final List<AutoCloseable> extra = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        front = new KubeApiFront();
        client = client(front);
        kubelet = new FakeKubelet(client, NS);
        backend = newBackend(null);
    }

    KubernetesBackend newBackend(KubernetesBackends.LeaderElection election) {
        ApiClient watches = client(front);
        watches.setReadTimeout(0);
        KubernetesBackend b = KubernetesBackends.create(SETTINGS, client(front), watches, kicked::add,
                kubelet::master, this::logFile, election, KubernetesBackends.EngineLimits.DEFAULT);
        extra.add(b);
        return b;
    }

    static ApiClient client(KubeApiFront front) {
        ApiClient c = new ClientBuilder().setBasePath(front.url()).build();
        c.setReadTimeout(30_000);
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : extra) {
            c.close();
        }
        front.close();
    }

    @Override
    ClusterBackend backend() {
        return backend;
    }

    @Override
    void settleCluster() throws Exception {
        kubelet.syncStatefulSets();
    }

    @Override
    String startDriver(String jobId) throws Exception {
        awaitJob(jobId);
        return kubelet.startJob(KubeNames.job(jobId));
    }

    @Override
    void endDriver(String jobId, String pod, int exitCode, String output) throws Exception {
        front.setPodLog(pod, output);
        kubelet.finishJob(KubeNames.job(jobId), pod, exitCode);
    }

    @Override
    Path logFile(String jobId) {
        return logs.resolve(jobId).resolve("driver.log");
    }

    @Override
    int driversOf(String jobId) throws Exception {
        return new BatchV1Api(client).listNamespacedJob(NS).labelSelector(KubeNames.JOB + "=" + jobId)
                .execute().getItems().size();
    }

    @Test
    void theDriverJobRunsSparkSubmitInClientModeAgainstThePoolMaster() throws Exception {
        backend.scale("sales", POLICY, 1, List.of());
        backend.launchDriver(spec("specjob1", "sales"));
        awaitJob("specjob1");
        V1Job job = new BatchV1Api(client).readNamespacedJob("sparkport-job-specjob1", NS).execute();
        assertEquals("sparkport", job.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("specjob1", job.getMetadata().getLabels().get("sparkport.io/job"));
        assertEquals("sales", job.getMetadata().getLabels().get("sparkport.io/pool"));
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(3600, job.getSpec().getTtlSecondsAfterFinished());
        V1Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        String command = String.join(" ", c.getCommand());
        assertTrue(command.startsWith("/opt/spark/bin/spark-submit --master "
                + "spark://sparkport-sales-master-0.sparkport-sales-master:7077 --deploy-mode client --class org.example.Pi"),
                command);
        assertTrue(command.endsWith("/sparkport/pool/apps/pi.jar 10"), command);
        assertEquals("sparkport-pool-sales", job.getSpec().getTemplate().getSpec().getVolumes().get(0)
                .getPersistentVolumeClaim().getClaimName());
        StrictKube.validate(io.sparkport.cluster.kubernetes.KubeJson.write(job));
    }

    @Test
    void scalingGoesThroughTheScaleSubresourceAndRemovesOnlyTheHighestIdleOrdinals() throws Exception {
        backend.scale("sales", POLICY, 3, List.of());
        settleCluster();
        await(() -> backend.observe("sales"), o -> o.workers().stream().filter(WorkerObservation::alive).count() == 3,
                "3 workers");
        front.clearRequests();
        backend.scale("sales", POLICY, 4, List.of());
        assertTrue(front.requests().stream().anyMatch(r -> r.method().equals("PUT")
                && r.path().endsWith("/statefulsets/sparkport-sales-worker/scale")), "scaled through /scale");
        assertEquals(4, replicas("sparkport-sales-worker"));
        settleCluster();
        await(() -> backend.observe("sales"), o -> o.workers().size() == 4 && o.state() == ClusterState.READY, "4 workers");

        // worker-3 runs executors: nothing below it may go, though worker-1 and worker-2 are idle
        kubelet.setCoresUsed("sparkport-sales-worker-3", 1);
        backend.scale("sales", POLICY, 2, List.of("sparkport-sales-worker-2", "sparkport-sales-worker-1"));
        assertEquals(4, replicas("sparkport-sales-worker"));

        backend.scale("sales", POLICY, 2, List.of("sparkport-sales-worker-3", "sparkport-sales-worker-2"));
        assertEquals(2, replicas("sparkport-sales-worker"));
        settleCluster();
        ClusterObservation two = await(() -> backend.observe("sales"), o -> o.workers().size() == 2, "2 workers");
        assertEquals(List.of("sparkport-sales-worker-0", "sparkport-sales-worker-1"),
                two.workers().stream().map(WorkerObservation::id).toList());
    }

    @Test
    void aPolicyChangeUpdatesTheWorkerTemplateAndReplacesOnlyTheIdleWorkersNamed() throws Exception {
        backend.scale("sales", POLICY, 2, List.of());
        settleCluster();
        await(() -> backend.observe("sales"), o -> o.workers().stream().filter(WorkerObservation::alive).count() == 2, "2");
        PoolPolicy bigger = new PoolPolicy(0, 4, 2, new MemorySize(2048), Duration.ofMinutes(5), Duration.ZERO);
        String ipBefore = kubelet.pod("sparkport-sales-worker-1").orElseThrow().getStatus().getPodIP();
        front.clearRequests();
        backend.scale("sales", bigger, 2, List.of("sparkport-sales-worker-1"));
        V1StatefulSet sts = new AppsV1Api(client).readNamespacedStatefulSet("sparkport-sales-worker", NS).execute();
        assertEquals(List.of("/opt/spark/bin/spark-class", "org.apache.spark.deploy.worker.Worker", "--host", "$(POD_IP)",
                "--cores", "2", "--memory", "2048m"), sts.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getCommand().subList(0, 8));
        assertTrue(front.requests().stream().anyMatch(r -> r.method().equals("DELETE")
                && r.path().endsWith("/pods/sparkport-sales-worker-1")));
        assertFalse(front.requests().stream().anyMatch(r -> r.method().equals("DELETE")
                && r.path().endsWith("/pods/sparkport-sales-worker-0")), "the worker not named stays");
        settleCluster();
        assertNotEquals(ipBefore, kubelet.pod("sparkport-sales-worker-1").orElseThrow().getStatus().getPodIP(),
                "a new pod in its place");
    }

    @Test
    void teardownLeavesOnlyThePvcWhichGoesWithThePool() throws Exception {
        backend.createStorage("sales", "5Gi");
        backend.scale("sales", POLICY, 2, List.of());
        settleCluster();
        backend.launchDriver(spec("tdjob1", "sales"));
        backend.tearDown("sales");
        settleCluster();
        CoreV1Api core = new CoreV1Api(client);
        assertEquals(List.of(), kubelet.names(new AppsV1Api(client).listNamespacedStatefulSet(NS).execute().getItems()));
        assertEquals(List.of(), kubelet.names(core.listNamespacedService(NS).execute().getItems()));
        assertEquals(List.of(), kubelet.names(kubelet.pods("sparkport.io/pool=sales,app.kubernetes.io/component=worker")));
        assertEquals(List.of("sparkport-pool-sales"),
                kubelet.names(core.listNamespacedPersistentVolumeClaim(NS).execute().getItems()));
        assertEquals("5Gi", core.readNamespacedPersistentVolumeClaim("sparkport-pool-sales", NS).execute()
                .getSpec().getResources().getRequests().get("storage").toSuffixedString());
        await(() -> backend.observe("sales"), o -> o.state() == ClusterState.DOWN, "down");
        backend.deleteStorage("sales");
        assertEquals(List.of(), kubelet.names(core.listNamespacedPersistentVolumeClaim(NS).execute().getItems()));
        backend.deleteStorage("sales");
    }

    @Test
    void cancelDeletesTheJobWithBackgroundPropagation() throws Exception {
        backend.scale("sales", POLICY, 1, List.of());
        backend.launchDriver(spec("canceljob1", "sales"));
        startDriver("canceljob1");
        await(() -> backend.driver("canceljob1"), d -> d.phase() == DriverPhase.RUNNING, "running");
        front.clearRequests();
        backend.cancelDriver("canceljob1");
        assertTrue(front.requests().stream().anyMatch(r -> r.method().equals("DELETE")
                && r.path().endsWith("/jobs/sparkport-job-canceljob1") && r.query().contains("propagationPolicy=Background")),
                front.requests().toString());
        assertEquals(0, driversOf("canceljob1"));
        backend.cancelDriver("canceljob1");
    }

    @Test
    void aRestartedServiceFindsItsClustersAndDriversByLabelAndCreatesNothingTwice() throws Exception {
        backend.createStorage("sales", "1Gi");
        backend.scale("sales", POLICY, 2, List.of());
        settleCluster();
        backend.launchDriver(spec("survivor1", "sales"));
        startDriver("survivor1");
        await(() -> backend.driver("survivor1"), d -> d.phase() == DriverPhase.RUNNING, "running");
        backend.close();

        front.clearRequests();
        KubernetesBackend restarted = newBackend(null);
        assertEquals(DriverPhase.RUNNING, restarted.driver("survivor1").phase());
        ClusterObservation cluster = restarted.observe("sales");
        assertEquals(ClusterState.READY, cluster.state());
        assertEquals(2, cluster.workers().size());
        restarted.scale("sales", POLICY, 2, List.of());
        restarted.launchDriver(spec("survivor1", "sales"));
        assertEquals(List.of(), front.requests().stream()
                .filter(r -> r.method().equals("POST") || r.method().equals("PUT")).toList(),
                "nothing created or changed again");
        assertEquals(1, driversOf("survivor1"));
    }

    @Test
    void informerEventsAskForAPassOfThePool() throws Exception {
        kicked.clear();
        backend.launchDriver(spec("kickjob1", "kicks"));
        await(() -> kicked, k -> k.contains("kicks"), "a kick for pool kicks");
    }

    @Test
    void kubernetesRefusalsReachTheUserWithTheirReason() throws Exception {
        front.refuse("POST", "/apis/batch/v1/namespaces/" + NS + "/jobs", 403, "Forbidden",
                "jobs.batch is forbidden: User \"system:serviceaccount:sparkport:sparkport\" cannot create resource \"jobs\"");
        backend.launchDriver(spec("denied1", "sales"));
        DriverObservation d = await(() -> backend.driver("denied1"), o -> o.phase() == DriverPhase.FAILED, "launch failed");
        assertTrue(d.failureReason().startsWith("driver launch failed: Kubernetes refused to create Job "
                + "sparkport-test/sparkport-job-denied1: 403 Forbidden: jobs.batch is forbidden"), d.failureReason());
        front.refuse("PUT", "/apis/apps/v1/namespaces/" + NS + "/statefulsets/sparkport-sales-worker/scale", 422,
                "Invalid", "spec.replicas: Invalid value: 70: must be no greater than 64");
        backend.scale("sales", POLICY, 1, List.of());
        await(() -> backend.observe("sales"), o -> o.workers().size() == 1, "workers StatefulSet seen");
        SparkportException e = assertThrows(SparkportException.class, () -> backend.scale("sales", POLICY, 2, List.of()));
        assertEquals(SparkportException.Kind.BACKEND, e.kind());
        assertEquals("Kubernetes refused to scale StatefulSet sparkport-test/sparkport-sales-worker to 2: 422 Invalid: "
                + "spec.replicas: Invalid value: 70: must be no greater than 64", e.getMessage());
    }

    @Test
    void twoReplicasElectOneLeaderAndTheOtherTakesOverWhenItGoes() throws Exception {
        KubernetesBackend a = newBackend(new KubernetesBackends.LeaderElection("sparkport-leader", "replica-a", Duration.ofSeconds(3)));
        KubernetesBackend b = newBackend(new KubernetesBackends.LeaderElection("sparkport-leader", "replica-b", Duration.ofSeconds(3)));
        await(() -> a.leads() || b.leads(), x -> x, "a leader");
        Thread.sleep(1500);
        assertTrue(a.leads() ^ b.leads(), "exactly one leader");
        KubernetesBackend leader = a.leads() ? a : b;
        KubernetesBackend other = leader == a ? b : a;
        leader.close();
        long t0 = System.nanoTime();
        await(other::leads, x -> x, "the other replica leads");
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 12);
    }

    /** Driver Jobs are created in the background: waits until the job's exists. */
    void awaitJob(String jobId) throws InterruptedException {
        await(() -> {
            try {
                return driversOf(jobId);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, n -> n == 1, "the driver Job of " + jobId);
    }

    private int replicas(String sts) throws Exception {
        return new AppsV1Api(client).readNamespacedStatefulSet(sts, NS).execute().getSpec().getReplicas();
    }
}
