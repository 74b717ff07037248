package io.sparkport.cluster.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

/** Names, labels and ports of every Kubernetes object Sparkport owns: the one place they are spelled. */
public final class KubeNames {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "sparkport";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String POOL = "sparkport.io/pool";
    public static final String JOB = "sparkport.io/job";
    /** Hash of the desired pod template, to see a policy change on a running StatefulSet. */
    public static final String SPEC_HASH = "sparkport.io/spec-hash";
    /** Label selector of everything Sparkport manages (informers, restart recovery). */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGER;

    public static final String MASTER = "master";
    public static final String WORKER = "worker";
    public static final String DRIVER = "driver";
    public static final String STORAGE = "storage";
    public static final String FILES = "files";
    public static final String SQL_ENGINE = "sql-engine";

    public static final int MASTER_PORT = 7077;
    public static final int MASTER_UI_PORT = 8080;
    public static final int WORKER_UI_PORT = 8081;
    public static final int DRIVER_UI_PORT = 4040;
    public static final int FILES_PORT = 8090;
    /** The warm SQL engine's Spark Connect port, and its gateway's beside it. */
    public static final int CONNECT_PORT = 15002;
    public static final int GATEWAY_PORT = 15003;
    /** The Spark Connect client the engine pod's gateway runs on (spark-connect-client-jvm alone). */
    public static final String CONNECT_CLIENT_DIR = "/opt/sparkport/connect-client";
    public static final String SPARK_HOME = "/opt/spark";
    public static final String SQL_RUNNER_JAR = "/opt/sparkport/sparkport-sql-runner.jar";
    public static final String LISTENER_JAR = "/opt/sparkport/sparkport-listener.jar";
    public static final String FILES_JAR = "/opt/sparkport/sparkport-files.jar";
    public static final String FILES_SERVER_CLASS = "io.sparkport.files.PoolFileServer";
    /** The key of a Secret's one value: a token. */
    public static final String TOKEN_KEY = "token";
    /** Writable scratch space (an emptyDir): the root filesystem is read-only. */
    public static final String SCRATCH = "/tmp";
    public static final String POOL_VOLUME = "pool";
    public static final String SCRATCH_VOLUME = "scratch";
    /** Numeric id of the {@code spark} user of the official image. */
    public static final long SPARK_UID = 185;

    private KubeNames() {
    }

    public static String pvc(String pool) {
        return "sparkport-pool-" + pool;
    }

    public static String master(String pool) {
        return "sparkport-" + pool + "-master";
    }

    public static String workers(String pool) {
        return "sparkport-" + pool + "-worker";
    }

    public static String job(String jobId) {
        return "sparkport-job-" + jobId;
    }

    /** The Secret holding a driver's token: named like its Job. */
    public static String jobSecret(String jobId) {
        return job(jobId);
    }

    /** The pod of a pool's file server, and the Secret with its token. */
    public static String fileServer(String pool) {
        return "sparkport-" + pool + "-files";
    }

    /** A pool's warm SQL engine: its Service, its gateway's token Secret, and the prefix of its pods' names. */
    public static String sqlEngine(String pool) {
        return "sparkport-" + pool + "-sql-engine";
    }

    /** The master's stable address: its pod's name under its headless Service. */
    public static String masterHost(String pool) {
        return master(pool) + "-0." + master(pool);
    }

    public static String masterUrl(String pool) {
        return "spark://" + masterHost(pool) + ":" + MASTER_PORT;
    }

    public static String masterUiUrl(String pool, String namespace) {
        return "http://" + masterHost(pool) + "." + namespace + ".svc:" + MASTER_UI_PORT;
    }

    /** The name of worker pod {@code ordinal} of the pool's StatefulSet. */
    public static String workerPod(String pool, int ordinal) {
        return workers(pool) + "-" + ordinal;
    }

    /** The ordinal of a worker pod of the pool, or -1 when the name is not one. */
    public static int workerOrdinal(String pool, String podName) {
        String prefix = workers(pool) + "-";
        if (!podName.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(podName.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Labels of a pool's object of the given component. */
    public static Map<String, String> labels(String pool, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(NAME, "spark");
        labels.put(COMPONENT, component);
        labels.put(POOL, pool);
        return labels;
    }

    /** Labels of a job's driver Job and pod. */
    public static Map<String, String> driverLabels(String pool, String jobId) {
        Map<String, String> labels = labels(pool, DRIVER);
        labels.put(JOB, jobId);
        return labels;
    }

    /** The labels that select the pods of a pool's component (a StatefulSet's selector). */
    public static Map<String, String> selector(String pool, String component) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(POOL, pool);
        selector.put(COMPONENT, component);
        return selector;
    }
}
