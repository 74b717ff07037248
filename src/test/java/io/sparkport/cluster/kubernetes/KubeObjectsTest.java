package io.sparkport.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.sparkport.SparkportException;
import io.sparkport.cluster.DriverSpec;
import io.sparkport.job.DriverSpecs;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The desired-object builders: names, labels, volumes, security, resources and commands. */
class KubeObjectsTest {

    static final KubernetesSettings SETTINGS = KubernetesBackendTest.SETTINGS;
    static final PoolPolicy POLICY = new PoolPolicy(0, 4, 2, new MemorySize(2048), Duration.ofMinutes(5), Duration.ZERO);

    static DriverSpec app(Map<String, String> conf) {
        return new DriverSpec("abc123def456", "sales", false, "apps/etl.jar", "com.acme.Etl", List.of("--day", "2026-11-27"),
                List.of(), conf, Path.of("x"));
    }

    @Test
    void namesFollowTheDesign() {
        assertEquals("sparkport-pool-sales", KubeNames.pvc("sales"));
        assertEquals("sparkport-sales-master", KubeNames.master("sales"));
        assertEquals("sparkport-sales-worker", KubeNames.workers("sales"));
        assertEquals("sparkport-job-abc", KubeNames.job("abc"));
        assertEquals("spark://sparkport-sales-master-0.sparkport-sales-master:7077", KubeNames.masterUrl("sales"));
        assertEquals(12, KubeNames.workerOrdinal("sales", "sparkport-sales-worker-12"));
        assertEquals(-1, KubeNames.workerOrdinal("sales", "sparkport-sales-master-0"));
        assertEquals(-1, KubeNames.workerOrdinal("sales", "sparkport-sales-worker-x"));
    }

    @Test
    void everyObjectCarriesTheSparkportLabels() {
        List<Map<String, String>> labels = List.of(
                ClusterObjects.pvc(SETTINGS, "sales", "1Gi").getMetadata().getLabels(),
                ClusterObjects.masterService(SETTINGS, "sales").getMetadata().getLabels(),
                ClusterObjects.workerService(SETTINGS, "sales").getMetadata().getLabels(),
                ClusterObjects.master(SETTINGS, "sales").getMetadata().getLabels(),
                ClusterObjects.master(SETTINGS, "sales").getSpec().getTemplate().getMetadata().getLabels(),
                ClusterObjects.workers(SETTINGS, "sales", POLICY, 1).getSpec().getTemplate().getMetadata().getLabels(),
                DriverJobs.job(SETTINGS, app(Map.of())).getMetadata().getLabels(),
                DriverJobs.job(SETTINGS, app(Map.of())).getSpec().getTemplate().getMetadata().getLabels());
        for (Map<String, String> l : labels) {
            assertEquals("sparkport", l.get("app.kubernetes.io/managed-by"), l.toString());
            assertEquals("sales", l.get("sparkport.io/pool"), l.toString());
            assertTrue(l.containsKey("app.kubernetes.io/name"), l.toString());
        }
        assertEquals("abc123def456", DriverJobs.job(SETTINGS, app(Map.of())).getSpec().getTemplate().getMetadata()
                .getLabels().get("sparkport.io/job"));
    }

    @Test
    void thePvcUsesTheConfiguredAccessModeAndStorageClass() {
        V1PersistentVolumeClaim pvc = ClusterObjects.pvc(SETTINGS, "sales", "10Gi");
        assertEquals(List.of("ReadWriteMany"), pvc.getSpec().getAccessModes());
        assertNull(pvc.getSpec().getStorageClassName(), "the cluster's default class");
        assertEquals("10Gi", pvc.getSpec().getResources().getRequests().get("storage").toSuffixedString());
        KubernetesSettings nfs = new KubernetesSettings("ns", "img", "nfs-client", "ReadWriteOnce", "sa", "/data",
                new MemorySize(512), 0, Duration.ofHours(1), true, Duration.ofMinutes(5));
        assertEquals("nfs-client", ClusterObjects.pvc(nfs, "sales", "1Gi").getSpec().getStorageClassName());
        assertEquals(List.of("ReadWriteOnce"), ClusterObjects.pvc(nfs, "sales", "1Gi").getSpec().getAccessModes());
    }

    @Test
    void servicesAreHeadlessAndSelectTheirStatefulSetsPods() {
        V1Service master = ClusterObjects.masterService(SETTINGS, "sales");
        assertEquals("None", master.getSpec().getClusterIP());
        assertEquals(List.of(7077, 8080), master.getSpec().getPorts().stream().map(p -> p.getPort()).toList());
        V1StatefulSet sts = ClusterObjects.master(SETTINGS, "sales");
        assertEquals(master.getMetadata().getName(), sts.getSpec().getServiceName());
        assertEquals(master.getSpec().getSelector(), sts.getSpec().getSelector().getMatchLabels());
        assertTrue(sts.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .containsAll(sts.getSpec().getSelector().getMatchLabels().entrySet()));
        V1StatefulSet workers = ClusterObjects.workers(SETTINGS, "sales", POLICY, 3);
        assertEquals("sparkport-sales-worker", workers.getSpec().getServiceName());
        assertEquals(ClusterObjects.workerService(SETTINGS, "sales").getSpec().getSelector(),
                workers.getSpec().getSelector().getMatchLabels());
        assertEquals(3, workers.getSpec().getReplicas());
        assertEquals("OnDelete", workers.getSpec().getUpdateStrategy().getType());
    }

    @Test
    void theMasterIsReadyWhenItsUiAnswers() {
        V1Container c = ClusterObjects.master(SETTINGS, "sales").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(8080, c.getReadinessProbe().getHttpGet().getPort().getIntValue());
        assertEquals(List.of("/opt/spark/bin/spark-class", "org.apache.spark.deploy.master.Master", "--host",
                "$(POD_NAME).sparkport-sales-master", "--port", "7077", "--webui-port", "8080"), c.getCommand());
    }

    @Test
    void workersGetThePolicysCoresAndMemory() {
        V1Container c = ClusterObjects.workers(SETTINGS, "sales", POLICY, 1).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertEquals(List.of("/opt/spark/bin/spark-class", "org.apache.spark.deploy.worker.Worker", "--host", "$(POD_IP)",
                "--cores", "2", "--memory", "2048m", "--webui-port", "8081", "--work-dir", "/tmp/work",
                "spark://sparkport-sales-master-0.sparkport-sales-master:7077"), c.getCommand());
        assertEquals("2", c.getResources().getRequests().get("cpu").toSuffixedString());
        // executors' 2048 MiB + the worker daemon's 256 MiB + 384 MiB JVM overhead
        assertEquals("2688Mi", c.getResources().getLimits().get("memory").toSuffixedString());
        assertEquals(c.getResources().getRequests(), c.getResources().getLimits());
    }

    @Test
    void aPolicyChangeChangesTheTemplateHash() {
        String before = ClusterObjects.workers(SETTINGS, "sales", POLICY, 1).getMetadata().getAnnotations().get(KubeNames.SPEC_HASH);
        assertEquals(before, ClusterObjects.workers(SETTINGS, "sales", POLICY, 5).getMetadata().getAnnotations()
                .get(KubeNames.SPEC_HASH), "replicas are not part of the template");
        PoolPolicy more = new PoolPolicy(0, 4, 4, new MemorySize(2048), Duration.ofMinutes(5), Duration.ZERO);
        assertNotEquals(before, ClusterObjects.workers(SETTINGS, "sales", more, 1).getMetadata().getAnnotations()
                .get(KubeNames.SPEC_HASH));
    }

    @Test
    void everySparkPodIsRestrictedAndMountsThePoolAtTheSamePath() {
        List<V1PodSpec> pods = List.of(
                ClusterObjects.master(SETTINGS, "sales").getSpec().getTemplate().getSpec(),
                ClusterObjects.workers(SETTINGS, "sales", POLICY, 1).getSpec().getTemplate().getSpec(),
                DriverJobs.job(SETTINGS, app(Map.of())).getSpec().getTemplate().getSpec());
        for (V1PodSpec pod : pods) {
            assertTrue(pod.getSecurityContext().getRunAsNonRoot());
            assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
            assertEquals("sparkport-spark", pod.getServiceAccountName());
            assertFalse(pod.getAutomountServiceAccountToken());
            assertEquals("sparkport-pool-sales", pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
            V1Container c = pod.getContainers().get(0);
            V1SecurityContext sc = c.getSecurityContext();
            assertTrue(sc.getRunAsNonRoot());
            assertFalse(sc.getAllowPrivilegeEscalation());
            assertFalse(sc.getPrivileged());
            assertTrue(sc.getReadOnlyRootFilesystem());
            assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
            assertEquals("RuntimeDefault", sc.getSeccompProfile().getType());
            V1VolumeMount mount = c.getVolumeMounts().stream().filter(m -> m.getName().equals("pool")).findFirst().orElseThrow();
            assertEquals("/sparkport/pool", mount.getMountPath());
            assertEquals("/sparkport/pool", c.getWorkingDir());
            assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")), "writable /tmp");
        }
    }

    @Test
    void aDriverJobRunsSparkSubmitInClientMode() {
        V1Job job = DriverJobs.job(SETTINGS, app(Map.of("spark.driver.memory", "2048m", "spark.executor.cores", "2")));
        assertEquals("sparkport-job-abc123def456", job.getMetadata().getName());
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(3600, job.getSpec().getTtlSecondsAfterFinished());
        assertNull(job.getSpec().getActiveDeadlineSeconds());
        V1PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        List<String> cmd = pod.getContainers().get(0).getCommand();
        assertEquals(List.of("/opt/spark/bin/spark-submit", "--master",
                "spark://sparkport-sales-master-0.sparkport-sales-master:7077", "--deploy-mode", "client",
                "--class", "com.acme.Etl"), cmd.subList(0, 7));
        assertEquals(List.of("/sparkport/pool/apps/etl.jar", "--day", "2026-11-27"), cmd.subList(cmd.size() - 3, cmd.size()));
        assertTrue(cmd.contains("spark.driver.host=$(POD_IP)"));
        assertTrue(cmd.contains("spark.executor.cores=2"));
        assertTrue(cmd.contains("spark.extraListeners=" + DriverSpecs.PROGRESS_LISTENER));
        // 2048 MiB heap + 384 MiB overhead
        assertEquals("2432Mi", pod.getContainers().get(0).getResources().getLimits().get("memory").toSuffixedString());
    }

    @Test
    void theTokenReachesTheDriverThroughItsSecretNeverThroughTheJob() {
        String token = "tok-" + "9f8e7d6c5b4a";
        DriverSpec spec = app(Map.of(DriverSpecs.TOKEN_CONF, token));
        V1Job job = DriverJobs.job(SETTINGS, spec);
        assertFalse(KubeJson.write(job).contains(token), "the Job's spec holds no token");
        V1Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(c.getCommand().contains(DriverSpecs.TOKEN_CONF + "=$(SPARKPORT_TOKEN)"));
        var env = c.getEnv().stream().filter(e -> e.getName().equals("SPARKPORT_TOKEN")).findFirst().orElseThrow();
        assertEquals(KubeNames.jobSecret(spec.jobId()), env.getValueFrom().getSecretKeyRef().getName());
        var secret = DriverJobs.tokenSecret(SETTINGS, spec);
        assertEquals(job.getMetadata().getName(), secret.getMetadata().getName());
        assertEquals(token, new String(secret.getData().get(KubeNames.TOKEN_KEY), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(spec.jobId(), secret.getMetadata().getLabels().get(KubeNames.JOB));
    }

    @Test
    void theFileServerPodMountsThePoolAndReadsItsTokenFromItsSecret() {
        var pod = FileServerObjects.pod(SETTINGS, "sales");
        assertEquals("sparkport-sales-files", pod.getMetadata().getName());
        assertEquals("OnFailure", pod.getSpec().getRestartPolicy());
        V1Container c = pod.getSpec().getContainers().get(0);
        assertEquals(List.of("--root", "/sparkport/pool", "--port", "8090", "--idle-exit", "PT5M"),
                c.getCommand().subList(c.getCommand().size() - 6, c.getCommand().size()));
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/sparkport/pool")));
        var env = c.getEnv().stream().filter(e -> e.getName().equals("SPARKPORT_FILES_TOKEN")).findFirst().orElseThrow();
        assertEquals("sparkport-sales-files", env.getValueFrom().getSecretKeyRef().getName());
        assertNull(env.getValue());
    }

    /**
     * The engine's pod runs the gateway, which runs the Connect server's spark-submit against the pool's master;
     * both bind the pod's address; the token comes from the engine's Secret, never from the spec.
     */
    @Test
    void theSqlEnginePodRunsTheGatewayWhichRunsTheConnectServer() {
        var spec = new io.sparkport.cluster.SqlEngineSpec("sales", 2, 1, new io.sparkport.pool.MemorySize(512),
                new io.sparkport.pool.MemorySize(1024), Map.of("spark.sql.shuffle.partitions", "4"));
        var pod = SqlEngineObjects.pod(SETTINGS, spec, "sparkport-sales-sql-engine-abcde", new io.sparkport.pool.MemorySize(256));
        StrictKube.validate(KubeJson.write(pod));
        StrictKube.validate(KubeJson.write(SqlEngineObjects.service(SETTINGS, "sales")));
        assertEquals("Never", pod.getSpec().getRestartPolicy());
        assertEquals("sql-engine", pod.getMetadata().getLabels().get(KubeNames.COMPONENT));
        V1Container c = pod.getSpec().getContainers().get(0);
        List<String> cmd = c.getCommand();
        int gateway = cmd.indexOf("io.sparkport.sql.WarmSqlGateway");
        assertEquals(List.of("--listen", "$(POD_IP):15003", "--", "/opt/spark/bin/spark-submit", "--master",
                "spark://sparkport-sales-master-0.sparkport-sales-master:7077"), cmd.subList(gateway + 1, gateway + 7));
        assertTrue(cmd.contains("spark.connect.grpc.binding.address=$(POD_IP)"), cmd.toString());
        assertTrue(cmd.contains("spark.cores.max=2"), cmd.toString());
        assertTrue(cmd.contains("spark.sql.shuffle.partitions=4"), cmd.toString());
        assertEquals("spark-internal", cmd.get(cmd.size() - 1));
        assertEquals(15002, c.getReadinessProbe().getTcpSocket().getPort().getIntValue());
        assertEquals((1024 + 256 + 384) * 1024L * 1024L, c.getResources().getLimits().get("memory").getNumber().longValue(),
                "engine driver, gateway and the JVMs' overhead");
        var env = c.getEnv().stream().filter(e -> e.getName().equals("SPARKPORT_GATEWAY_TOKEN")).findFirst().orElseThrow();
        assertEquals("sparkport-sales-sql-engine", env.getValueFrom().getSecretKeyRef().getName());
        assertNull(env.getValue());
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/sparkport/pool")));
    }

    @Test
    void aJobMaySetItsOwnLimits() {
        V1Job job = DriverJobs.job(SETTINGS, app(Map.of(DriverJobs.BACKOFF_LIMIT, "2", DriverJobs.ACTIVE_DEADLINE, "600",
                DriverJobs.TTL_AFTER_FINISHED, "60")));
        assertEquals(2, job.getSpec().getBackoffLimit());
        assertEquals(600L, job.getSpec().getActiveDeadlineSeconds());
        assertEquals(60, job.getSpec().getTtlSecondsAfterFinished());
        assertFalse(String.join(" ", job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
                .contains("spark.sparkport.kubernetes."), "Sparkport's own keys are not passed to Spark");
        assertThrows(SparkportException.class,
                () -> DriverJobs.job(SETTINGS, app(Map.of(DriverJobs.ACTIVE_DEADLINE, "ten minutes"))));
    }

    @Test
    void sqlJobsRunTheSqlRunnerJarFromTheImage() {
        DriverSpec sql = new DriverSpec("sqljob01", "sales", true, null, "io.sparkport.sql.SqlRunner",
                List.of("--job", "sqljob01"), List.of(), Map.of(), Path.of("x"));
        List<String> cmd = DriverJobs.job(SETTINGS, sql).getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
        assertEquals(List.of("--class", "io.sparkport.sql.SqlRunner"), cmd.subList(5, 7));
        assertEquals(List.of("/opt/sparkport/sparkport-sql-runner.jar", "--job", "sqljob01"), cmd.subList(cmd.size() - 3, cmd.size()));
    }

    @Test
    void urlsStayAndPoolPathsAreResolvedUnderTheMount() {
        assertEquals("https://repo.example/app.jar", DriverJobs.resolve(SETTINGS, "https://repo.example/app.jar"));
        assertEquals("/sparkport/pool/jobs/main.py", DriverJobs.resolve(SETTINGS, "jobs/main.py"));
        assertThrows(SparkportException.class, () -> DriverJobs.resolve(SETTINGS, "../../etc/passwd"));
    }
}
