package io.sparkport.engine;

import io.sparkport.cluster.ClusterState;
import io.sparkport.cluster.SqlEngineObservation;
import io.sparkport.cluster.SqlEngineSpec;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolPolicy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pure decision about a pool's warm SQL engine: whether to start it now, and how many cores of the
 * cluster it holds (or is about to hold), which scaling and admission must count. The engine starts
 * when warm SQL jobs or Spark Connect client sessions wait and the cluster is (coming) up; it never keeps the
 * cluster alive by itself (demand counts jobs and client sessions, not the engine), and it goes with the
 * cluster's teardown. While a client session is open it is not stopped to make room for a batch job.
 *
 * @param start      start the engine now (the cluster is up or starting, the engine is down, SQL waits)
 * @param stop       stop the engine now: no SQL job needs it, and a queued batch job cannot fit beside it
 * @param heldCores  cores to reserve for the engine in this pass
 */
public record SqlEnginePlan(boolean start, boolean stop, int heldCores, String reason) {

    public SqlEnginePlan(boolean start, int heldCores, String reason) {
        this(start, false, heldCores, reason);
    }

    /** Without a batch job waiting nor client sessions. */
    public static SqlEnginePlan decide(ClusterState cluster, SqlEngineObservation engine, int warmJobs,
                                       int engineCores) {
        return decide(cluster, engine, warmJobs, 0, engineCores, 0, Integer.MAX_VALUE);
    }

    /**
     * @param warmJobs       the pool's queued and running jobs that run on the warm engine
     * @param clientSessions Spark Connect client sessions open on the engine or waiting for it
     * @param engineCores    the cores an engine of this pool holds ({@link #engineCores})
     * @param batchHeadCores cores of the first queued batch job (0 when none waits)
     * @param maxCores       cores of the pool's largest cluster
     */
    public static SqlEnginePlan decide(ClusterState cluster, SqlEngineObservation engine, int warmJobs,
                                       int clientSessions, int engineCores, int batchHeadCores, int maxCores) {
        if (engine.up()) {
            if (warmJobs == 0 && clientSessions == 0 && batchHeadCores > maxCores - engineCores) {
                return new SqlEnginePlan(false, true, 0, "stopped: a queued batch job needs " + batchHeadCores
                        + " of the pool's " + maxCores + " cores, the SQL engine holds " + engineCores);
            }
            return new SqlEnginePlan(false, engineCores, "engine " + engine.state().name().toLowerCase());
        }
        if (warmJobs == 0 && clientSessions == 0) {
            return new SqlEnginePlan(false, 0, "no SQL job waits for an engine");
        }
        String jobs = waiting(warmJobs, clientSessions);
        return switch (cluster) {
            case STARTING, READY -> new SqlEnginePlan(true, engineCores, "started: " + jobs);
            case DOWN -> new SqlEnginePlan(false, engineCores, jobs + " for the cluster");
            case STOPPING -> new SqlEnginePlan(false, 0, jobs + "; the cluster is stopping");
        };
    }

    private static String waiting(int warmJobs, int clientSessions) {
        String jobs = warmJobs == 0 ? "" : warmJobs + (warmJobs == 1 ? " SQL job" : " SQL jobs");
        String sessions = clientSessions == 0 ? ""
                : clientSessions + (clientSessions == 1 ? " client session" : " client sessions");
        return jobs + (jobs.isEmpty() || sessions.isEmpty() ? "" : " and ") + sessions
                + (warmJobs + clientSessions == 1 ? " waits" : " wait");
    }

    /** The engine's cores: the configured number, at most what the pool's largest cluster has. */
    public static int engineCores(PoolPolicy policy, int configured) {
        return Math.max(1, Math.min(configured, policy.maxCores()));
    }

    /**
     * The engine of a pool: its cores, executors as big as a worker allows, FAIR scheduling between jobs and
     * no delay scheduling.
     */
    public static SqlEngineSpec spec(String pool, PoolPolicy policy, int configuredCores, MemorySize driverMemory,
                                     MemorySize executorMemory) {
        int cores = engineCores(policy, configuredCores);
        MemorySize executor = executorMemory == null || !executorMemory.fitsIn(policy.workerMemory())
                ? policy.workerMemory() : executorMemory;
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.scheduler.mode", "FAIR");
        // Interactive queries: a task never waits for a "local" slot (the pool is on every node anyway), or a
        // quick query's file scan waits behind a long query's tasks for seconds of delay scheduling.
        conf.put("spark.locality.wait", "0s");
        conf.put("spark.sparkport.pool", pool);
        // a client session's queries name the pool's files as tables, as SQL jobs do (needs the SQL runner jar in
        // spark.jars and the pool's directory in POOL_DIR_CONF, which each backend adds)
        conf.put("spark.sql.extensions", SqlEngineSpec.POOL_FILE_RELATIONS);
        return new SqlEngineSpec(pool, cores, Math.min(cores, policy.workerCores()), executor, driverMemory, conf);
    }
}
