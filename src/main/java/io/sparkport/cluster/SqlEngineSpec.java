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
     * <p>
     * The code cache keeps the tiered default size: with the quick compiler only, the JVM reserves 48 MB, which
     * an engine driver filled after its warm-up (45 MB used). A nearly full cache is swept, and JDK 17's sweeper
     * can flush a method handle's native adapter while another thread links it: a query then failed with
     * "no such method: java.lang.invoke.MethodHandle.linkToStatic(...)" (seen once in CI).
     */
    public static final List<String> QUICK_JIT = List.of("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.2",
            "-XX:ReservedCodeCacheSize=240m");

    /** The engine's application name on its cluster (how its executors are found on the master). */
    public String appName() {
        return "sparkport-" + pool + "-sql-engine";
    }
}
