package io.sparkport.job;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/jobs}. Field names follow Livy's {@code /batches} where they overlap
 * ({@code file} is {@code appResource} here, as in SparkLauncher). Everything is validated by
 * {@link JobRequests} before anything is stored. {@code engine} ({@code warm} or {@code batch}) chooses
 * where an SQL job runs; without it an SQL job runs on the pool's warm SQL engine where the backend has one.
 */
public record JobRequest(String pool, String type, String name, String sql, String appResource, String mainClass,
                         List<String> args, List<String> pyFiles, Map<String, String> conf, Integer cores,
                         String executorMemory, String driverMemory, Integer priority, String engine) {

    /** A request without an engine choice (the form before warm SQL engines existed). */
    public JobRequest(String pool, String type, String name, String sql, String appResource, String mainClass,
                      List<String> args, List<String> pyFiles, Map<String, String> conf, Integer cores,
                      String executorMemory, String driverMemory, Integer priority) {
        this(pool, type, name, sql, appResource, mainClass, args, pyFiles, conf, cores, executorMemory, driverMemory,
                priority, null);
    }
}
