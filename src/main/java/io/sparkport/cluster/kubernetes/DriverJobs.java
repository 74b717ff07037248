package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Secret;
import io.sparkport.cluster.DriverSpec;
import io.sparkport.job.DriverSpecs;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pure: a job's driver as a batch/v1 Job running {@code spark-submit --deploy-mode client} against the
 * pool's master, from the same {@link DriverSpec} the local backend hands to SparkLauncher.
 */
public final class DriverJobs {

    /** Spark conf keys by which a job may set its Job's limits (else the installation's defaults apply). */
    public static final String BACKOFF_LIMIT = "spark.sparkport.kubernetes.backoffLimit";
    public static final String ACTIVE_DEADLINE = "spark.sparkport.kubernetes.activeDeadlineSeconds";
    public static final String TTL_AFTER_FINISHED = "spark.sparkport.kubernetes.ttlSecondsAfterFinished";
    static final String PROGRESS_LISTENER = DriverSpecs.PROGRESS_LISTENER;
    static final MemorySize DEFAULT_DRIVER_MEMORY = new MemorySize(1024);
    /** The driver's environment variable with its token, read from the job's Secret when the pod starts. */
    static final String TOKEN_ENV = "SPARKPORT_TOKEN";

    private DriverJobs() {
    }

    public static V1Job job(KubernetesSettings settings, DriverSpec spec) {
        Map<String, String> labels = KubeNames.driverLabels(spec.pool(), spec.jobId());
        V1Container container = SparkPods.container(settings, "driver", submitCommand(settings, spec))
                .ports(List.of(new V1ContainerPort().name("ui").containerPort(KubeNames.DRIVER_UI_PORT).protocol("TCP")))
                .resources(SparkPods.resources(driverCores(spec), driverMemory(spec)));
        container.getEnv().add(FileServerObjects.secretEnv(TOKEN_ENV, KubeNames.jobSecret(spec.jobId())));
        V1PodSpec pod = SparkPods.podSpec(settings, spec.pool(), container).restartPolicy("Never");
        return new V1Job()
                .apiVersion("batch/v1").kind("Job")
                .metadata(ClusterObjects.meta(settings, KubeNames.job(spec.jobId()), labels))
                .spec(new V1JobSpec()
                        .backoffLimit(intConf(spec, BACKOFF_LIMIT, settings.driverBackoffLimit()))
                        .activeDeadlineSeconds(longConf(spec, ACTIVE_DEADLINE, null))
                        .ttlSecondsAfterFinished(intConf(spec, TTL_AFTER_FINISHED, (int) settings.jobTtl().toSeconds()))
                        .template(new V1PodTemplateSpec()
                                .metadata(new V1ObjectMeta().labels(labels))
                                .spec(pod)));
    }

    /**
     * The container's command: spark-submit in client mode; the driver advertises its pod IP so that
     * executors reach it, and serves its UI on a fixed port (one driver per pod).
     */
    static List<String> submitCommand(KubernetesSettings settings, DriverSpec spec) {
        List<String> cmd = new ArrayList<>(List.of(KubeNames.SPARK_HOME + "/bin/spark-submit",
                "--master", KubeNames.masterUrl(spec.pool()), "--deploy-mode", "client"));
        if (spec.mainClass() != null) {
            cmd.addAll(List.of("--class", spec.mainClass()));
        }
        if (!spec.pyFiles().isEmpty()) {
            cmd.addAll(List.of("--py-files", String.join(",",
                    spec.pyFiles().stream().map(f -> resolve(settings, f)).toList())));
        }
        conf(spec).forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
        cmd.add(spec.sqlRunner() ? KubeNames.SQL_RUNNER_JAR : resolve(settings, spec.appResource()));
        cmd.addAll(spec.args());
        return cmd;
    }

    /**
     * The job's conf plus what running in a pod requires; keys Sparkport uses for the Job itself are left out, and
     * the job's token is only a reference to the pod's environment ({@link #tokenSecret}): Kubernetes expands
     * {@code $(SPARKPORT_TOKEN)} when the container starts, so the Job's spec never holds the token.
     */
    static Map<String, String> conf(DriverSpec spec) {
        Map<String, String> conf = new LinkedHashMap<>();
        spec.conf().forEach((k, v) -> {
            if (k.equals(DriverSpecs.TOKEN_CONF)) {
                conf.put(k, "$(" + TOKEN_ENV + ")");
            } else if (!k.startsWith("spark.sparkport.kubernetes.")) {
                conf.put(k, v);
            }
        });
        conf.put("spark.driver.host", "$(POD_IP)");
        conf.put("spark.driver.bindAddress", "$(POD_IP)");
        conf.put("spark.ui.port", String.valueOf(KubeNames.DRIVER_UI_PORT));
        conf.put("spark.local.dir", KubeNames.SCRATCH);
        conf.put("spark.jars.ivy", KubeNames.SCRATCH + "/.ivy2");
        String listeners = spec.conf().get("spark.extraListeners");
        conf.put("spark.extraListeners", listeners == null || listeners.isBlank()
                ? PROGRESS_LISTENER : listeners + "," + PROGRESS_LISTENER);
        String classPath = spec.conf().get("spark.driver.extraClassPath");
        conf.put("spark.driver.extraClassPath", classPath == null || classPath.isBlank()
                ? KubeNames.LISTENER_JAR : KubeNames.LISTENER_JAR + ":" + classPath);
        return conf;
    }

    /** The Secret that carries the job's token to its driver pod alone; created before the Job, deleted with it. */
    public static V1Secret tokenSecret(KubernetesSettings settings, DriverSpec spec) {
        String token = spec.conf().get(DriverSpecs.TOKEN_CONF);
        return FileServerObjects.tokenSecret(settings, KubeNames.jobSecret(spec.jobId()),
                KubeNames.driverLabels(spec.pool(), spec.jobId()), token == null ? "" : token);
    }

    /** A URL stays as it is; anything else is a path in the pool, mounted at the same place everywhere. */
    static String resolve(KubernetesSettings settings, String resource) {
        String lower = resource.toLowerCase(Locale.ROOT);
        if (lower.startsWith("local:") || lower.startsWith("file:/") || lower.startsWith("http://")
                || lower.startsWith("https://") || lower.startsWith("s3a://")) {
            return resource;
        }
        return settings.poolMountPath() + "/" + PoolPath.parse(resource).value();
    }

    static int driverCores(DriverSpec spec) {
        String cores = spec.conf().get("spark.driver.cores");
        return cores == null ? 1 : Integer.parseInt(cores.trim());
    }

    static MemorySize driverMemory(DriverSpec spec) {
        String memory = spec.conf().get("spark.driver.memory");
        return memory == null ? DEFAULT_DRIVER_MEMORY : MemorySize.parse("spark.driver.memory", memory);
    }

    private static Integer intConf(DriverSpec spec, String key, Integer fallback) {
        Long value = longConf(spec, key, fallback == null ? null : fallback.longValue());
        return value == null ? null : Math.toIntExact(value);
    }

    private static Long longConf(DriverSpec spec, String key, Long fallback) {
        String value = spec.conf().get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw io.sparkport.SparkportException.invalid(key + " '" + value + "' is not a whole number");
        }
    }
}
