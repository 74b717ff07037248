package io.sparkport.pool;

/** The body of {@code POST /api/v1/pools}; absent fields take the defaults. */
public record PoolRequest(String name, Workers workers, String idleTimeout, String scaleDownDelay, Storage storage) {

    public record Workers(Integer min, Integer max, Integer cores, String memory) {
    }

    public record Storage(String size) {
    }
}
