package io.sparkport.job;

/**
 * Where an SQL job runs: on its pool's warm SQL engine (a Spark Connect server kept up with the
 * cluster), or as a batch driver of its own (the SQL runner through spark-submit). Null for SPARK jobs.
 */
public enum JobEngine {
    WARM,
    BATCH
}
