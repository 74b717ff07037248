package io.sparkport.api.kyuubi;

import io.sparkport.SparkportException;
import io.sparkport.api.batch.BatchJobs;
import io.sparkport.job.JobRequest;
import io.sparkport.job.JobState;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Pure: Kyuubi's batch requests and states in Sparkport's terms. */
public final class KyuubiBatches {

    /** The client-chosen batch id: a repeat returns the batch the first request created. */
    public static final String BATCH_ID_CONF = "kyuubi.batch.id";
    private static final Set<String> TYPES = Set.of("SPARK", "PYSPARK");

    private KyuubiBatches() {
    }

    /** A batch to create: the job's request and the batch id the client chose (null: none). */
    public record Submission(JobRequest job, UUID batchId) {
    }

    public static Submission submission(KyuubiBatchRequest r, String fallbackPool) {
        String type = type(r.batchType());
        if (r.resource() == null || r.resource().isBlank()) {
            throw SparkportException.badRequest("resource is a required parameter");
        }
        boolean python = BatchJobs.python(r.resource());
        if (type.equals("PYSPARK") != python) {
            throw SparkportException.badRequest("batchType " + type + " does not match resource '" + r.resource()
                    + "': PYSPARK runs a .py file, SPARK a jar");
        }
        if (type.equals("SPARK") && (r.className() == null || r.className().isBlank())) {
            throw SparkportException.badRequest("classname is a required parameter for SPARK");
        }
        if (r.extraResourcesMap() != null && !r.extraResourcesMap().isEmpty()) {
            throw SparkportException.badRequest("extraResourcesMap is not supported: upload files with the pool file"
                    + " API and name them in conf (spark.jars, spark.files) instead");
        }
        Map<String, String> conf = BatchJobs.strings(r.conf());
        UUID batchId = batchId(conf.get(BATCH_ID_CONF));
        Map<String, String> spark = new LinkedHashMap<>();
        conf.forEach((key, value) -> {
            if (!key.startsWith("kyuubi.")) {
                spark.put(key, value);
            }
        });
        // spark-submit ignores --class for a Python application; so does Sparkport
        String className = python ? null : r.className();
        JobRequest job = BatchJobs.request(fallbackPool, r.name(), r.resource(), className, r.args(), null, spark,
                BatchJobs.Resources.NONE);
        return new Submission(job, batchId);
    }

    /** SPARK or PYSPARK (any case); a 400 for anything else. */
    static String type(String batchType) {
        String type = batchType == null ? "" : batchType.trim().toUpperCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw SparkportException.badRequest(batchType + " is not in the supported list: [SPARK, PYSPARK]");
        }
        return type;
    }

    private static UUID batchId(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw SparkportException.badRequest(BATCH_ID_CONF + "=" + value + " must be an UUID");
        }
    }

    /** Kyuubi's operation state of a job: PENDING, RUNNING, FINISHED, ERROR or CANCELED. */
    public static String state(JobState state) {
        return switch (state) {
            case QUEUED -> "PENDING";
            case STARTING, RUNNING -> "RUNNING";
            case SUCCEEDED -> "FINISHED";
            case FAILED -> "ERROR";
            case CANCELLED -> "CANCELED";
        };
    }

    /** Kyuubi's application state of a job's Spark application: PENDING, RUNNING, FINISHED, FAILED or KILLED. */
    public static String appState(JobState state) {
        return switch (state) {
            case QUEUED, STARTING -> "PENDING";
            case RUNNING -> "RUNNING";
            case SUCCEEDED -> "FINISHED";
            case FAILED -> "FAILED";
            case CANCELLED -> "KILLED";
        };
    }

    /** The jobs in a Kyuubi state, for {@code batchState} in listings (any case); a 400 for another value. */
    public static Set<JobState> states(String kyuubiState) {
        String wanted = kyuubiState.trim().toUpperCase(Locale.ROOT);
        Set<JobState> states = EnumSet.noneOf(JobState.class);
        for (JobState s : JobState.values()) {
            if (state(s).equals(wanted)) {
                states.add(s);
            }
        }
        if (states.isEmpty()) {
            throw SparkportException.badRequest("The valid batch state can be one of the following:"
                    + " PENDING,RUNNING,FINISHED,ERROR,CANCELED");
        }
        return states;
    }
}
