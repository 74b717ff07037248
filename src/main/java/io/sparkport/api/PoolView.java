package io.sparkport.api;

import io.sparkport.pool.Pool;
import io.sparkport.pool.PoolPolicy;
import java.time.Instant;

/**
 * A pool as the API shows it.
 *
 * @param sparkConnectUrl where a Spark Connect client opens sessions on the pool's engine (it appends
 *                        {@code ;token=<token>}); null when the service runs no Connect frontend or no engine
 */
public record PoolView(String name, Workers workers, String idleTimeout, String scaleDownDelay, Storage storage,
                       Instant createdAt, java.util.List<String> owners, String sparkConnectUrl) {

    public record Workers(int min, int max, int cores, String memory) {
    }

    public record Storage(String size) {
    }

    static PoolView of(Pool pool, String sparkConnectUrl) {
        PoolPolicy p = pool.policy();
        return new PoolView(pool.name,
                new Workers(p.minWorkers(), p.maxWorkers(), p.workerCores(), p.workerMemory().toSpark()),
                p.idleTimeout().toString(), p.scaleDownDelay().toString(), new Storage(pool.storageSize), pool.createdAt,
                java.util.List.copyOf(pool.owners), sparkConnectUrl);
    }
}
