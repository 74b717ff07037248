package io.sparkport.cluster;

import io.sparkport.pool.MemorySize;
import java.util.List;
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

    /**
     * JIT settings of the JVMs a warm query passes through that do no bulk data work: the engine's driver (the
     * Connect server: parsing, planning, scheduling) and the service's Connect client. The quick compiler only,
     * compiling after a fifth of the usual calls: they reach compiled code within their first dozens of queries
     * and no optimizing compiler competes with the queries for the cores afterwards. Executors keep the JVM's
     * defaults, which their data work needs.
     */
    public static final List<String> QUICK_JIT = List.of("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.2");

    /** The engine's application name on its cluster (how its executors are found on the master). */
    public String appName() {
        return "sparkport-" + pool + "-sql-engine";
    }
}
