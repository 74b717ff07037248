package io.sparkport.cluster;

import io.sparkport.pool.MemorySize;
import java.util.List;
import java.util.Map;

/**
 * A pool's warm SQL engine as every backend should run it: Spark's Connect server
 * ({@value #SERVER_CLASS}) as an application of the pool's cluster, holding {@code cores} executor
 * cores while it runs. Locally a child process, on Kubernetes a pod of its own whose gateway runs beside it.
 *
 * @param conf Spark settings of the engine that do not depend on where it runs
 */
public record SqlEngineSpec(String pool, int cores, int executorCores, MemorySize executorMemory,
                            MemorySize driverMemory, Map<String, String> conf) {

    public static final String SERVER_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer";
    /** The engine's Spark SQL extension (from spark-apps) that resolves a pool file's base name as a table. */
    public static final String POOL_FILE_RELATIONS = "io.sparkport.sql.PoolFileRelations";
    /** Where that extension finds the pool's files, as the engine's driver sees them. */
    public static final String POOL_DIR_CONF = "spark.sparkport.pool.dir";
    /**
     * The engine's driver plugin (from spark-apps) that holds the application's registration until the master at
     * {@link #MASTER_UI_CONF} (its web UI) is ALIVE, so that the engine can start together with the master.
     */
    public static final String AWAIT_MASTER = "io.sparkport.sql.AwaitMaster";
    public static final String MASTER_UI_CONF = "spark.sparkport.master.ui";
    /** The Spark Connect client that runs warm SQL jobs on engines (from spark-apps), its protocol JSON lines. */
    public static final String GATEWAY_CLASS = "io.sparkport.sql.WarmSqlGateway";
    /**
     * The gateway JVM's flags: Spark's own module options (its launcher's JavaModuleOptions, which drivers get
     * from spark-submit): Arrow and Netty need some, and Spark's date-time code reads sun.util.calendar when
     * results carry timestamps.
     */
    public static final List<String> GATEWAY_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

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
        return appName(pool);
    }

    public static String appName(String pool) {
        return "sparkport-" + pool + "-sql-engine";
    }
}
