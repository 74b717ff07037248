package io.sparkport.job;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/jobs}. Field names follow Livy's {@code /batches} where they overlap
 * ({@code file} is {@code appResource} here, as in SparkLauncher). Everything is validated by
 * {@link JobRequests} before anything is stored. {@code engine} ({@code warm} or {@code batch}) chooses
 * where an SQL job runs; without it an SQL job runs on the pool's warm SQL engine where the backend has one.
 * {@code retries} (default 0) and {@code timeout} (an ISO-8601 duration from the job's first start, across
 * attempts) are its retry policy.
 */
public record JobRequest(String pool, String type, String name, String sql, String appResource, String mainClass,
                         List<String> args, List<String> pyFiles, Map<String, String> conf, Integer cores,
                         String executorMemory, String driverMemory, Integer priority, String engine,
                         Integer retries, String timeout) {

    /** A request without an engine choice and without a retry policy. */
    public JobRequest(String pool, String type, String name, String sql, String appResource, String mainClass,
                      List<String> args, List<String> pyFiles, Map<String, String> conf, Integer cores,
                      String executorMemory, String driverMemory, Integer priority) {
        this(pool, type, name, sql, appResource, mainClass, args, pyFiles, conf, cores, executorMemory, driverMemory,
                priority, null, null, null);
    }

    /** A request with an engine choice and without a retry policy. */
    public JobRequest(String pool, String type, String name, String sql, String appResource, String mainClass,
                      List<String> args, List<String> pyFiles, Map<String, String> conf, Integer cores,
                      String executorMemory, String driverMemory, Integer priority, String engine) {
        this(pool, type, name, sql, appResource, mainClass, args, pyFiles, conf, cores, executorMemory, driverMemory,
                priority, engine, null, null);
    }
}
