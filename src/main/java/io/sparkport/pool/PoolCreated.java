package io.sparkport.pool;

/** A CDI event fired inside the transaction that creates a pool; an observer's failure undoes the creation. */
public record PoolCreated(String pool, String storageSize) {
}
