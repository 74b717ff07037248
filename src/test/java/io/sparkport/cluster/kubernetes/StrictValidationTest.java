package io.sparkport.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sparkport.cluster.DriverSpec;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Every object the backend builds, and every manifest of k8s/, validated strictly against client-java's model. */
class StrictValidationTest {

    static final KubernetesSettings SETTINGS = KubernetesBackendTest.SETTINGS;
    static final PoolPolicy POLICY = new PoolPolicy(0, 4, 2, new MemorySize(2048), Duration.ofMinutes(5), Duration.ZERO);
    static final Path K8S = Path.of("k8s");

    @Test
    void everyBuiltObjectIsValid() {
        DriverSpec sql = new DriverSpec("sqljob01", "sales", true, null, "io.sparkport.sql.SqlRunner",
                List.of("--job", "sqljob01"), List.of(), Map.of("spark.driver.memory", "1024m"), Path.of("x"));
        DriverSpec py = new DriverSpec("pyjob01", "sales", false, "jobs/main.py", null, List.of(), List.of("jobs/lib.py"),
                Map.of(DriverJobs.ACTIVE_DEADLINE, "600"), Path.of("x"));
        List<Object> objects = List.of(
                ClusterObjects.pvc(SETTINGS, "sales", "10Gi"),
                ClusterObjects.pvc(new KubernetesSettings("ns", "img", "nfs", "ReadWriteOnce", "sa", "/data",
                        new MemorySize(512), 1, Duration.ofMinutes(10), false, Duration.ofMinutes(5)), "sales", "1Ti"),
                ClusterObjects.masterService(SETTINGS, "sales"),
                ClusterObjects.workerService(SETTINGS, "sales"),
                ClusterObjects.master(SETTINGS, "sales"),
                ClusterObjects.workers(SETTINGS, "sales", POLICY, 3),
                DriverJobs.job(SETTINGS, sql),
                DriverJobs.job(SETTINGS, py));
        for (Object o : objects) {
            StrictKube.validate(KubeJson.write(o));
        }
    }

    @Test
    void theValidatorRejectsTyposWrongTypesMissingFieldsAndUnknownKinds() {
        String good = KubeJson.write(ClusterObjects.masterService(SETTINGS, "sales"));
        StrictKube.validate(good);
        assertThrows(AssertionError.class, () -> StrictKube.validate(good.replace("\"clusterIP\"", "\"clusterIp\"")),
                "misspelled field");
        assertThrows(AssertionError.class, () -> StrictKube.validate(good.replace("\"port\":7077", "\"port\":{\"n\":1}")),
                "wrong type");
        assertThrows(AssertionError.class, () -> StrictKube.validate(good.replace("\"kind\":\"Service\"", "\"kind\":\"Servce\"")),
                "unknown kind");
        String job = KubeJson.write(DriverJobs.job(SETTINGS, ClusterBackendContract.spec("j1", "sales")));
        assertThrows(AssertionError.class, () -> StrictKube.validate(job.replace("\"containers\"", "\"container\"")),
                "missing required containers");
        assertThrows(AssertionError.class, () -> StrictKube.validate(job.replace("\"runAsNonRoot\"", "\"runAsNonroot\"")),
                "nested typo");
    }

    @Test
    void everyManifestOfTheKustomizationIsValid() throws IOException {
        List<JsonObject> objects = new ArrayList<>();
        for (String resource : kustomizationResources()) {
            objects.addAll(StrictKube.validateYaml(K8S.resolve(resource)));
        }
        Set<String> kinds = new TreeSet<>();
        objects.forEach(o -> kinds.add(o.get("kind").getAsString()));
        assertEquals(new TreeSet<>(List.of("ConfigMap", "Deployment", "Namespace", "PersistentVolumeClaim", "Role",
                "RoleBinding", "Secret", "Service", "ServiceAccount", "StatefulSet")), kinds);
        assertFalse(kinds.contains("ClusterRole"));
    }

    @Test
    void theRoleGrantsOnlyWhatTheBackendCalls() throws IOException {
        JsonObject role = find(manifests(), "Role", "sparkport");
        Set<String> grants = new TreeSet<>();
        for (JsonElement rule : role.getAsJsonArray("rules")) {
            for (JsonElement resource : rule.getAsJsonObject().getAsJsonArray("resources")) {
                for (JsonElement verb : rule.getAsJsonObject().getAsJsonArray("verbs")) {
                    grants.add(resource.getAsString() + ":" + verb.getAsString());
                }
            }
        }
        for (String needed : List.of("statefulsets:create", "statefulsets:update", "statefulsets:delete",
                "statefulsets:watch", "statefulsets/scale:update", "services:create", "services:delete",
                "persistentvolumeclaims:create", "persistentvolumeclaims:delete", "jobs:create", "jobs:delete",
                "jobs:watch", "pods:create", "pods:watch", "pods:delete", "pods/log:get", "leases:update", "leases:create",
                "secrets:create", "secrets:get", "secrets:list", "secrets:delete")) {
            assertTrue(grants.contains(needed), "Role lacks " + needed + ": " + grants);
        }
        assertFalse(grants.stream().anyMatch(g -> g.startsWith("*") || g.endsWith(":*")), "no wildcards: " + grants);
        // Secrets carry the per-job and file-server tokens: the service creates, reads, sweeps and deletes
        // its own, and never rewrites or watches them.
        assertFalse(grants.stream().anyMatch(g -> g.startsWith("secrets:") && !List.of("secrets:create", "secrets:get",
                "secrets:list", "secrets:delete").contains(g)), "secrets beyond create/get/list/delete: " + grants);
    }

    @Test
    void theServiceRunsRestrictedWithHealthProbes() throws IOException {
        JsonObject deployment = find(manifests(), "Deployment", "sparkport");
        JsonObject pod = deployment.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec");
        assertEquals("sparkport", pod.get("serviceAccountName").getAsString());
        JsonObject c = pod.getAsJsonArray("containers").get(0).getAsJsonObject();
        assertEquals("/q/health/live", c.getAsJsonObject("livenessProbe").getAsJsonObject("httpGet").get("path").getAsString());
        assertEquals("/q/health/ready", c.getAsJsonObject("readinessProbe").getAsJsonObject("httpGet").get("path").getAsString());
        JsonObject sc = c.getAsJsonObject("securityContext");
        assertTrue(sc.get("runAsNonRoot").getAsBoolean());
        assertFalse(sc.get("allowPrivilegeEscalation").getAsBoolean());
        assertEquals("[\"ALL\"]", sc.getAsJsonObject("capabilities").getAsJsonArray("drop").toString());
        assertEquals("RuntimeDefault", sc.getAsJsonObject("seccompProfile").get("type").getAsString());
        assertTrue(c.getAsJsonObject("resources").has("limits"));
        assertTrue(c.getAsJsonObject("resources").has("requests"));
    }

    /** Where kubectl is installed, what {@code kubectl kustomize k8s/} renders (offline) is valid too. */
    @Test
    void theRenderedKustomizationIsValidWhereKubectlIsInstalled() throws Exception {
        Path kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(d -> Path.of(d, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not installed");
        Path out = Files.createTempFile("sparkport-kustomize", ".yaml");
        ProcessBuilder pb = new ProcessBuilder(kubectl.toString(), "kustomize", K8S.toString())
                .redirectOutput(out.toFile()).redirectErrorStream(false);
        pb.environment().put("KUBECONFIG", "/dev/null");
        Process p = pb.start();
        assertEquals(0, p.waitFor(), "kubectl kustomize k8s/ failed: " + new String(p.getErrorStream().readAllBytes()));
        List<JsonObject> rendered = StrictKube.validateYaml(out);
        assertEquals(manifests().size(), rendered.size());
        for (JsonObject o : rendered) {
            if (!o.get("kind").getAsString().equals("Namespace")) {
                assertEquals("sparkport", o.getAsJsonObject("metadata").get("namespace").getAsString(), o.toString());
            }
        }
        Files.delete(out);
    }

    static List<String> kustomizationResources() throws IOException {
        try (Reader r = Files.newBufferedReader(K8S.resolve("kustomization.yaml"))) {
            Map<String, Object> k = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            @SuppressWarnings("unchecked")
            List<String> resources = (List<String>) k.get("resources");
            return resources;
        }
    }

    static List<JsonObject> manifests() throws IOException {
        List<JsonObject> objects = new ArrayList<>();
        for (String resource : kustomizationResources()) {
            objects.addAll(StrictKube.validateYaml(K8S.resolve(resource)));
        }
        return objects;
    }

    static JsonObject find(List<JsonObject> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.get("kind").getAsString().equals(kind)
                        && o.getAsJsonObject("metadata").get("name").getAsString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in k8s/"));
    }
}
