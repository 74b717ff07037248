package io.sparkport.job;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/jobs}. Field names follow Livy's {@code /batches} where they overlap
 * ({@code file} is {@code appResource} here, as in SparkLauncher). Everything is validated by
 * {@link JobRequests} before anything is stored.
 */
public record JobRequest(String pool, String type, String name, String sql, String appResource, String mainClass,
                         List<String> args, List<String> pyFiles, Map<String, String> conf, Integer cores,
                         String executorMemory, String driverMemory, Integer priority) {
}
