package io.sparkport.pool;

/** A CDI event fired inside the transaction that deletes a pool; an observer's failure undoes the deletion. */
public record PoolDeleted(String pool) {
}
