package io.sparkport.cluster;

import io.sparkport.pool.MemorySize;
import java.util.Map;

/**
 * A pool's warm SQL engine as every backend should run it: Spark's Connect server
 * ({@value #SERVER_CLASS}) as an application of the pool's cluster, holding {@code cores} executor
 * cores while it runs. Locally a child process, on Kubernetes a one-replica StatefulSet.
 *
 * @param conf Spark settings of the engine that do not depend on where it runs
 */
public record SqlEngineSpec(String pool, int cores, int executorCores, MemorySize executorMemory,
                            MemorySize driverMemory, Map<String, String> conf) {

    public static final String SERVER_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer";

    /** The engine's application name on its cluster (how its executors are found on the master). */
    public String appName() {
        return "sparkport-" + pool + "-sql-engine";
    }
}
