package io.sparkport.pool;

/**
 * The body of {@code POST /api/v1/pools}; absent fields take the defaults. {@code owners} are users and
 * {@code group:<name>} entries who may use the pool (admins always may; the creator is added).
 */
public record PoolRequest(String name, Workers workers, String idleTimeout, String scaleDownDelay, Storage storage,
                          java.util.List<String> owners) {

    public PoolRequest(String name, Workers workers, String idleTimeout, String scaleDownDelay, Storage storage) {
        this(name, workers, idleTimeout, scaleDownDelay, storage, null);
    }

    public record Workers(Integer min, Integer max, Integer cores, String memory) {
    }

    public record Storage(String size) {
    }
}
