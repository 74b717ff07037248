package io.sparkport.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to start one job's driver, the same for every backend: the local backend hands it
 * to SparkLauncher, the Kubernetes backend puts the same arguments into a Job's container.
 *
 * @param appResource the user's jar or .py as given (a pool path or a URL); null for the SQL runner
 * @param conf        the complete Spark configuration, resources included
 * @param logFile     where the driver's output must end up
 */
public record DriverSpec(String jobId, String pool, boolean sqlRunner, String appResource, String mainClass,
                         List<String> args, List<String> pyFiles, Map<String, String> conf, Path logFile) {
}
