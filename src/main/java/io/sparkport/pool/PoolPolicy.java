package io.sparkport.pool;

import io.sparkport.SparkportException;
import java.time.Duration;

/**
 * How a pool's cluster may be sized and when it goes away. Pure value: the reconciler's decisions
 * take it as input.
 */
public record PoolPolicy(int minWorkers, int maxWorkers, int workerCores, MemorySize workerMemory,
                         Duration idleTimeout, Duration scaleDownDelay) {

    public static final int MAX_WORKERS = 64;
    public static final int MAX_CORES = 64;
    public static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofSeconds(30);

    public PoolPolicy {
        if (minWorkers < 0) {
            throw SparkportException.invalid("workers.min must not be negative");
        }
        if (maxWorkers < 1 || maxWorkers > MAX_WORKERS) {
            throw SparkportException.invalid("workers.max must be between 1 and " + MAX_WORKERS);
        }
        if (minWorkers > maxWorkers) {
            throw SparkportException.invalid("workers.min (" + minWorkers + ") exceeds workers.max (" + maxWorkers + ")");
        }
        if (workerCores < 1 || workerCores > MAX_CORES) {
            throw SparkportException.invalid("workers.cores must be between 1 and " + MAX_CORES);
        }
        requireDuration("idleTimeout", idleTimeout);
        requireDuration("scaleDownDelay", scaleDownDelay);
    }

    private static void requireDuration(String field, Duration d) {
        if (d == null || d.isNegative() || d.compareTo(Duration.ofDays(7)) > 0) {
            throw SparkportException.invalid(field + " must be between PT0S and P7D");
        }
    }

    /** Cores of the largest cluster this pool may have: no job may ask for more. */
    public int maxCores() {
        return maxWorkers * workerCores;
    }
}
