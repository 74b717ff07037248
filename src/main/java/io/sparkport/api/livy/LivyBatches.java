package io.sparkport.api.livy;

import io.sparkport.SparkportException;
import io.sparkport.api.batch.BatchJobs;
import io.sparkport.job.JobRequest;
import io.sparkport.job.JobState;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Pure: Livy's batch requests and states in Sparkport's terms. */
public final class LivyBatches {

    /** Livy's lists of files that Spark itself fetches, and the settings they become. */
    private static final Map<String, String> URL_LISTS = Map.of("jars", "spark.jars", "files", "spark.files",
            "archives", "spark.archives");

    private LivyBatches() {
    }

    /** The job a Livy batch asks for; {@code fallbackPool} when neither the conf nor {@code queue} name a pool. */
    public static JobRequest request(LivyBatchRequest r, String fallbackPool) {
        if (r.file() == null || r.file().isBlank()) {
            throw SparkportException.invalid("file is required: the application's jar or .py, in the pool or as a URL");
        }
        if (r.proxyUser() != null) {
            throw SparkportException.invalid("proxyUser is not supported: Sparkport runs every job as its own user"
                    + " and records the caller as the job's owner; leave proxyUser out");
        }
        Map<String, String> conf = BatchJobs.strings(r.conf());
        urls(conf, "jars", r.jars());
        urls(conf, "files", r.files());
        urls(conf, "archives", r.archives());
        String pool = r.queue() == null || r.queue().isBlank() ? fallbackPool : r.queue().trim();
        return BatchJobs.request(pool, r.name(), r.file(), r.className(), r.args(), r.pyFiles(), conf,
                new BatchJobs.Resources(r.executorMemory(), r.driverMemory(), r.executorCores(), r.numExecutors(),
                        r.driverCores()));
    }

    /** Livy's jars, files and archives are fetched by Spark, so they must be URLs; they join the conf's list. */
    private static void urls(Map<String, String> conf, String field, List<String> urls) {
        if (urls == null || urls.isEmpty()) {
            return;
        }
        for (String url : urls) {
            String lower = url == null ? "" : url.trim().toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("file:/") || lower.startsWith("http://") || lower.startsWith("https://")
                    || lower.startsWith("local:/"))) {
                throw SparkportException.invalid(field + " entry '" + url + "' is not a URL: Sparkport passes " + field
                        + " to Spark as file:/, local:/ or http(s):// URLs (only file and pyFiles may be paths in the pool)");
            }
        }
        String key = URL_LISTS.get(field);
        String joined = String.join(",", urls.stream().map(String::trim).toList());
        conf.merge(key, joined, (given, added) -> given + "," + added);
    }

    /** Livy's batch state of a job: starting, running, success, dead or killed. */
    public static String state(JobState state) {
        return switch (state) {
            case QUEUED, STARTING -> "starting";
            case RUNNING -> "running";
            case SUCCEEDED -> "success";
            case FAILED -> "dead";
            case CANCELLED -> "killed";
        };
    }
}
