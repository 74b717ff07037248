package io.sparkport.api.batch;

import io.sparkport.SparkportException;
import io.sparkport.job.JobRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pure: a batch as the Livy and Kyuubi surfaces receive it, made into one SPARK job request. Their clients set
 * resources either as fields (Livy's {@code executorMemory}, ...) or as the Spark settings behind them (Kyuubi
 * has only {@code conf}); both become the job's fields, a field winning over its setting, so that the
 * settings Sparkport owns are never passed through. The pool is the conf key {@link #POOL_CONF}, else the
 * surface's fallback.
 */
public final class BatchJobs {

    public static final String POOL_CONF = "spark.sparkport.pool";

    private BatchJobs() {
    }

    /** Resources a batch asks for; each may be null. */
    public record Resources(String executorMemory, String driverMemory, Integer executorCores, Integer numExecutors,
                            Integer driverCores) {

        public static final Resources NONE = new Resources(null, null, null, null, null);
    }

    /**
     * @param fallbackPool the pool when the conf names none (Livy's {@code queue}, else the configured one)
     * @param conf         the batch's Spark settings, already strings
     */
    public static JobRequest request(String fallbackPool, String name, String resource, String className,
                                     List<String> args, List<String> pyFiles, Map<String, String> conf,
                                     Resources resources) {
        Map<String, String> rest = new LinkedHashMap<>(conf == null ? Map.of() : conf);
        String pool = rest.remove(POOL_CONF);
        String executorMemory = first(resources.executorMemory(), rest.remove("spark.executor.memory"));
        String driverMemory = first(resources.driverMemory(), rest.remove("spark.driver.memory"));
        String appName = first(name, rest.remove("spark.app.name"));
        Integer executorCores = first(resources.executorCores(), confNumber(rest.remove("spark.executor.cores"), "spark.executor.cores"));
        Integer executors = first(resources.numExecutors(), confNumber(rest.remove("spark.executor.instances"), "spark.executor.instances"));
        Integer coresMax = confNumber(rest.remove("spark.cores.max"), "spark.cores.max");
        if (resources.driverCores() != null) {
            rest.put("spark.driver.cores", String.valueOf(resources.driverCores()));
        }
        return new JobRequest(pool == null ? fallbackPool : pool, "SPARK", appName, null, resource, className, args,
                pyFiles, rest, cores(executorCores, executors, coresMax), executorMemory, driverMemory, null);
    }

    /**
     * All the cores the job's executors hold (Sparkport's {@code cores}): executors × cores each, where a batch
     * gives either; else {@code spark.cores.max}; else null (the pool's default).
     */
    static Integer cores(Integer executorCores, Integer executors, Integer coresMax) {
        if (executorCores == null && executors == null) {
            return coresMax;
        }
        int each = executorCores == null ? 1 : executorCores;
        int n = executors == null ? 1 : executors;
        if (each < 1 || n < 1) {
            throw SparkportException.invalid("executorCores and numExecutors must be at least 1");
        }
        long cores = (long) each * n;
        if (cores > Integer.MAX_VALUE) {
            throw SparkportException.invalid("executorCores × numExecutors is too large");
        }
        return (int) cores;
    }

    /** A Spark setting's value as a whole number, or null when absent. */
    static Integer confNumber(String value, String key) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw SparkportException.invalid("conf " + key + " '" + value + "' is not a whole number");
        }
    }

    /** An integer query parameter as Livy and Kyuubi read it, {@code absent} when not given; else a 400. */
    public static long parameter(String name, String value, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw SparkportException.badRequest(name + " '" + value + "' is not an integer");
        }
    }

    /** As {@link #parameter}, for a position or a count. */
    public static int intParameter(String name, String value, int absent) {
        long n = parameter(name, value, absent);
        if (n != (int) n) {
            throw SparkportException.badRequest(name + " '" + value + "' is out of range");
        }
        return (int) n;
    }

    /** A batch's conf values as strings: JSON strings, numbers and booleans (clients send all three). */
    public static Map<String, String> strings(Map<String, Object> conf) {
        Map<String, String> out = new LinkedHashMap<>();
        if (conf == null) {
            return out;
        }
        conf.forEach((key, value) -> {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw SparkportException.invalid("conf value of '" + key + "' must be a string, a number or a boolean");
            }
            out.put(key, String.valueOf(value));
        });
        return out;
    }

    /** Whether a resource is a Python application (the job's type follows its file, as in spark-submit). */
    public static boolean python(String resource) {
        return resource != null && resource.trim().toLowerCase(Locale.ROOT).endsWith(".py");
    }

    private static <T> T first(T field, T setting) {
        return field != null ? field : setting;
    }
}
