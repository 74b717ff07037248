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
 * when warm SQL jobs wait and the cluster is (coming) up; it never keeps the cluster alive by itself
 * (demand counts jobs, not the engine), and it goes with the cluster's teardown.
 *
 * @param start      start the engine now (the cluster is up or starting, the engine is down, SQL waits)
 * @param stop       stop the engine now: no SQL job needs it, and a queued batch job cannot fit beside it
 * @param heldCores  cores to reserve for the engine in this pass
 */
public record SqlEnginePlan(boolean start, boolean stop, int heldCores, String reason) {

    public SqlEnginePlan(boolean start, int heldCores, String reason) {
        this(start, false, heldCores, reason);
    }

    /** Without a batch job waiting. */
    public static SqlEnginePlan decide(ClusterState cluster, SqlEngineObservation engine, int warmJobs,
                                       int engineCores) {
        return decide(cluster, engine, warmJobs, engineCores, 0, Integer.MAX_VALUE);
    }

    /**
     * @param warmJobs       the pool's queued and running jobs that run on the warm engine
     * @param engineCores    the cores an engine of this pool holds ({@link #engineCores})
     * @param batchHeadCores cores of the first queued batch job (0 when none waits)
     * @param maxCores       cores of the pool's largest cluster
     */
    public static SqlEnginePlan decide(ClusterState cluster, SqlEngineObservation engine, int warmJobs,
                                       int engineCores, int batchHeadCores, int maxCores) {
        if (engine.up()) {
            if (warmJobs == 0 && batchHeadCores > maxCores - engineCores) {
                return new SqlEnginePlan(false, true, 0, "stopped: a queued batch job needs " + batchHeadCores
                        + " of the pool's " + maxCores + " cores, the SQL engine holds " + engineCores);
            }
            return new SqlEnginePlan(false, engineCores, "engine " + engine.state().name().toLowerCase());
        }
        if (warmJobs == 0) {
            return new SqlEnginePlan(false, 0, "no SQL job waits for an engine");
        }
        String jobs = warmJobs + (warmJobs == 1 ? " SQL job waits" : " SQL jobs wait");
        return switch (cluster) {
            case STARTING, READY -> new SqlEnginePlan(true, engineCores, "started: " + jobs);
            case DOWN -> new SqlEnginePlan(false, engineCores, jobs + " for the cluster");
            case STOPPING -> new SqlEnginePlan(false, 0, jobs + "; the cluster is stopping");
        };
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
        return new SqlEngineSpec(pool, cores, Math.min(cores, policy.workerCores()), executor, driverMemory, conf);
    }
}
