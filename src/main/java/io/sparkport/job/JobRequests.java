package io.sparkport.job;

import io.sparkport.SparkportException;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolPath;
import io.sparkport.pool.PoolPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Pure validation of a job request against its pool's policy; returns the job to store. */
public final class JobRequests {

    static final int MAX_NAME = 200;
    static final MemorySize MAX_DRIVER_MEMORY = new MemorySize(16 * 1024);
    /** Spark settings Sparkport owns: each has a job field, or must not change at all. */
    static final Set<String> MANAGED_CONF = Set.of("spark.master", "spark.submit.deployMode", "spark.cores.max",
            "spark.executor.cores", "spark.executor.memory", "spark.driver.memory", "spark.driver.host",
            "spark.driver.bindAddress", "spark.local.dir", "spark.app.name");
    /** Spark settings Sparkport sets for its own use, with no job field behind them. */
    static final Map<String, String> RESERVED_CONF = Map.of(
            "spark.ui.port", "Sparkport chooses a free port for each driver's UI, shown as the job's sparkUiUrl");

    private JobRequests() {
    }

    /**
     * @param pythonSupported whether the backend's Spark home has PySpark
     * @return a new, unsaved job in state QUEUED (without id, times or pool existence checks)
     */
    public static Job toJob(JobRequest r, PoolPolicy policy, boolean pythonSupported) {
        return toJob(r, policy, pythonSupported, false, JobLimits.DEFAULTS);
    }

    /** As {@link #toJob(JobRequest, PoolPolicy, boolean, boolean, JobLimits)}, within the default limits. */
    public static Job toJob(JobRequest r, PoolPolicy policy, boolean pythonSupported, boolean warmSqlAvailable) {
        return toJob(r, policy, pythonSupported, warmSqlAvailable, JobLimits.DEFAULTS);
    }

    /**
     * As {@link #toJob(JobRequest, PoolPolicy, boolean)}, within the given limits.
     *
     * @param warmSqlAvailable whether SQL jobs of this pool can run on a warm SQL engine (the backend has
     *                         one and it is enabled); SQL jobs go there unless they ask for {@code batch}
     */
    public static Job toJob(JobRequest r, PoolPolicy policy, boolean pythonSupported, boolean warmSqlAvailable,
                            JobLimits limits) {
        Job job = new Job();
        job.maxRetries = retries(r.retries(), limits);
        job.timeoutSeconds = timeout(r.timeout());
        requireCount("args", r.args(), limits.args());
        requireCount("pyFiles", r.pyFiles(), limits.args());
        if (r.conf() != null && r.conf().size() > limits.conf()) {
            throw SparkportException.invalid("conf has more than " + limits.conf() + " entries");
        }
        if (r.sql() != null && r.sql().length() > limits.sqlChars()) {
            throw SparkportException.invalid("sql is longer than " + limits.sqlChars() + " characters");
        }
        job.pool = r.pool();
        job.type = type(r.type());
        job.name = name(r.name());
        job.priority = r.priority() == null ? 0 : r.priority();
        job.cores = cores(r.cores(), policy);
        job.executorMemoryMb = executorMemory(r.executorMemory(), policy).mebibytes();
        job.driverMemoryMb = r.driverMemory() == null ? null : driverMemory(r.driverMemory()).mebibytes();
        job.conf = conf(r.conf());
        job.state = JobState.QUEUED;
        if (job.type == JobType.SQL) {
            requireAbsent(r.appResource(), "appResource", "SQL");
            requireAbsent(r.mainClass(), "mainClass", "SQL");
            job.sql = sql(r.sql());
            job.engine = engine(r.engine(), warmSqlAvailable);
            job.args = List.of();
            job.pyFiles = List.of();
        } else {
            requireAbsent(r.sql(), "sql", "SPARK");
            requireAbsent(r.engine(), "engine", "SPARK");
            application(job, r, pythonSupported);
        }
        return job;
    }

    private static int retries(Integer retries, JobLimits limits) {
        int n = retries == null ? 0 : retries;
        if (n < 0 || n > limits.retries()) {
            throw SparkportException.invalid("retries must be between 0 and " + limits.retries());
        }
        return n;
    }

    static final java.time.Duration MAX_TIMEOUT = java.time.Duration.ofDays(7);

    private static Long timeout(String text) {
        if (text == null) {
            return null;
        }
        java.time.Duration d;
        try {
            d = java.time.Duration.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw SparkportException.invalid("timeout '" + text + "' is not an ISO-8601 duration like PT30M");
        }
        if (d.toSeconds() < 1 || d.compareTo(MAX_TIMEOUT) > 0) {
            throw SparkportException.invalid("timeout must be between PT1S and P7D");
        }
        return d.toSeconds();
    }

    private static void requireCount(String field, List<String> values, int max) {
        if (values != null && values.size() > max) {
            throw SparkportException.invalid(field + " has more than " + max + " entries");
        }
    }

    private static JobType type(String type) {
        if (type == null || type.isBlank()) {
            throw SparkportException.invalid("type is required: SQL or SPARK");
        }
        try {
            return JobType.valueOf(type.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SparkportException.invalid("type '" + type + "' is unknown: use SQL or SPARK");
        }
    }

    /** {@code warm}, {@code batch} (any case), or the default: warm where available, else batch. */
    static JobEngine engine(String engine, boolean warmAvailable) {
        if (engine == null) {
            return warmAvailable ? JobEngine.WARM : JobEngine.BATCH;
        }
        JobEngine chosen;
        try {
            chosen = JobEngine.valueOf(engine.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SparkportException.invalid("engine '" + engine + "' is unknown: use warm or batch");
        }
        if (chosen == JobEngine.WARM && !warmAvailable) {
            throw SparkportException.invalid("engine 'warm' is not available here: this backend runs no warm SQL"
                    + " engine, or sparkport.sql.engine.enabled is false; use batch");
        }
        return chosen;
    }

    private static String name(String name) {
        if (name != null && name.length() > MAX_NAME) {
            throw SparkportException.invalid("name is longer than " + MAX_NAME + " characters");
        }
        if (name != null && name.chars().anyMatch(Character::isISOControl)) {
            throw SparkportException.invalid("name must not contain control characters");
        }
        return name == null || name.isBlank() ? null : name.trim();
    }

    private static int cores(Integer cores, PoolPolicy policy) {
        int c = cores == null ? policy.workerCores() : cores;
        if (c < 1) {
            throw SparkportException.invalid("cores must be at least 1");
        }
        if (c > policy.maxCores()) {
            throw SparkportException.invalid("cores " + c + " can never fit: the pool's largest cluster has "
                    + policy.maxWorkers() + " workers × " + policy.workerCores() + " cores = " + policy.maxCores());
        }
        return c;
    }

    private static MemorySize executorMemory(String text, PoolPolicy policy) {
        if (text == null) {
            return policy.workerMemory();
        }
        MemorySize m = MemorySize.parseForSpark("executorMemory", text);
        if (!m.fitsIn(policy.workerMemory())) {
            throw SparkportException.invalid("executorMemory " + text + " can never fit: the pool's workers have "
                    + policy.workerMemory().toSpark());
        }
        return m;
    }

    private static MemorySize driverMemory(String text) {
        MemorySize m = MemorySize.parseForSpark("driverMemory", text);
        if (!m.fitsIn(MAX_DRIVER_MEMORY)) {
            throw SparkportException.invalid("driverMemory " + text + " exceeds " + MAX_DRIVER_MEMORY.toSpark());
        }
        return m;
    }

    private static String sql(String sql) {
        if (sql == null || sql.isBlank()) {
            throw SparkportException.invalid("sql is required for an SQL job");
        }
        return sql;
    }

    private static void application(Job job, JobRequest r, boolean pythonSupported) {
        if (r.appResource() == null || r.appResource().isBlank()) {
            throw SparkportException.invalid("appResource is required for a SPARK job: a jar or .py in the pool, or a URL");
        }
        job.appResource = appResource(r.appResource().trim());
        boolean python = job.appResource.toLowerCase(Locale.ROOT).endsWith(".py");
        if (python && !pythonSupported) {
            throw SparkportException.invalid("Python applications need PySpark, which the Spark home in use does not have;"
                    + " point sparkport.local.spark-home at a full Spark distribution");
        }
        if (!python && (r.mainClass() == null || r.mainClass().isBlank())) {
            throw SparkportException.invalid("mainClass is required for a jar application");
        }
        if (python && r.mainClass() != null) {
            throw SparkportException.invalid("mainClass is not used for a Python application");
        }
        job.mainClass = r.mainClass() == null ? null : r.mainClass().trim();
        job.args = strings("args", r.args());
        job.pyFiles = strings("pyFiles", r.pyFiles()).stream().map(JobRequests::appResource).toList();
        if (!job.pyFiles.isEmpty() && !python) {
            throw SparkportException.invalid("pyFiles are only used by Python applications");
        }
    }

    /** A URL (file:/, http, https) or a relative path in the pool. */
    static String appResource(String resource) {
        String lower = resource.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:/") || lower.startsWith("http://") || lower.startsWith("https://")) {
            return resource;
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*:.*")) {
            throw SparkportException.invalid("appResource '" + resource + "': only file:/, http:// and https:// URLs"
                    + " or paths in the pool are supported");
        }
        return PoolPath.parse(resource).value();
    }

    private static List<String> strings(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v == null) {
                throw SparkportException.invalid(field + " must not contain null");
            }
            out.add(v);
        }
        return out;
    }

    private static Map<String, String> conf(Map<String, String> conf) {
        if (conf == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        conf.forEach((k, v) -> {
            if (k == null || !k.startsWith("spark.")) {
                throw SparkportException.invalid("conf key '" + k + "' must start with 'spark.'");
            }
            if (RESERVED_CONF.containsKey(k)) {
                throw SparkportException.invalid("conf key '" + k + "' is set by Sparkport: " + RESERVED_CONF.get(k));
            }
            if (MANAGED_CONF.contains(k) || k.startsWith("spark.sparkport.")) {
                throw SparkportException.invalid("conf key '" + k + "' is set by Sparkport; use the job's fields"
                        + " (cores, executorMemory, driverMemory, name) instead");
            }
            if (v == null) {
                throw SparkportException.invalid("conf value of '" + k + "' must not be null");
            }
            out.put(k, v);
        });
        return out;
    }

    private static void requireAbsent(Object value, String field, String type) {
        if (value != null) {
            throw SparkportException.invalid(field + " is not used by a " + type + " job");
        }
    }
}
