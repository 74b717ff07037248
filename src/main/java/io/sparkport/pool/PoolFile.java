package io.sparkport.pool;

import java.time.Instant;

/** One file of a data pool as listed. */
public record PoolFile(String path, long size, Instant modified) {
}
