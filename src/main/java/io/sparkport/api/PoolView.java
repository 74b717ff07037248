package io.sparkport.api;

import io.sparkport.pool.Pool;
import io.sparkport.pool.PoolPolicy;
import java.time.Instant;

/** A pool as the API shows it. */
public record PoolView(String name, Workers workers, String idleTimeout, String scaleDownDelay, Storage storage,
                       Instant createdAt, java.util.List<String> owners) {

    public record Workers(int min, int max, int cores, String memory) {
    }

    public record Storage(String size) {
    }

    static PoolView of(Pool pool) {
        PoolPolicy p = pool.policy();
        return new PoolView(pool.name,
                new Workers(p.minWorkers(), p.maxWorkers(), p.workerCores(), p.workerMemory().toSpark()),
                p.idleTimeout().toString(), p.scaleDownDelay().toString(), new Storage(pool.storageSize), pool.createdAt,
                java.util.List.copyOf(pool.owners));
    }
}
