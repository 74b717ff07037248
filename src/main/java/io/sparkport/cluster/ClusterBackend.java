package io.sparkport.cluster;

import io.sparkport.pool.PoolPolicy;
import io.sparkport.pool.PoolStorage;
import java.util.Collection;
import java.util.List;

/**
 * Where a pool's cluster and its drivers run. Every method is idempotent: the reconciler calls them
 * with the whole desired state on every pass, and a repeated call changes nothing more.
 */
public interface ClusterBackend {

    /** What the pool's cluster looks like now; any caller may look (the API's views too). */
    ClusterObservation observe(String pool);

    /**
     * What went wrong in the pool's cluster since the last call (a master or worker process that died), for the
     * pool's event log. Only the reconciler takes them, so a view that observes the cluster never swallows one.
     */
    List<String> takeIncidents(String pool);

    /**
     * Brings the pool's cluster towards {@code workers} workers: starts the master when missing, stops
     * the workers named in {@code removable} (idle ones the policy chose), then starts workers until
     * {@code workers} exist. No other worker is ever stopped.
     */
    void scale(String pool, PoolPolicy policy, int workers, Collection<String> removable);

    /** Stops master and workers; the pool's files stay. */
    void tearDown(String pool);

    void launchDriver(DriverSpec spec);

    DriverObservation driver(String jobId);

    /** Stops the driver and with it its executors. */
    void cancelDriver(String jobId);

    /** Forgets a driver whose end has been recorded. */
    void release(String jobId);

    /** Where this backend keeps the pools' files (the file API reads and writes them there). */
    PoolStorage storage();

    /** Whether Python applications can run here (the Spark home in use has PySpark). */
    boolean supportsPython();

    /**
     * Whether this service replica may act on clusters and drivers (reconcile, launch). A backend that
     * runs several replicas answers true only on the elected leader.
     */
    default boolean leads() {
        return true;
    }

    /** Creates the pool's storage where the backend keeps it apart from the service (a PVC); idempotent. */
    default void createStorage(String pool, String size) {
    }

    /** Deletes the pool's storage; called only when the pool itself is deleted. */
    default void deleteStorage(String pool) {
    }

    /**
     * Whether this backend runs warm SQL engines ({@link #startSqlEngine}); backends without one run every
     * SQL job as a batch driver.
     */
    default boolean supportsSqlEngine() {
        return false;
    }

    /**
     * Starts the pool's warm SQL engine on its cluster unless one runs (or is starting); a backend may wait
     * until the cluster's master answers. Returns whether an engine was started by this call. The engine
     * stops with {@link #tearDown}.
     */
    default boolean startSqlEngine(SqlEngineSpec spec) {
        throw new UnsupportedOperationException("this backend runs no warm SQL engine");
    }

    /** Stops the pool's warm SQL engine, if one runs; the cluster stays. */
    default void stopSqlEngine(String pool) {
    }

    /** The pool's warm SQL engine; an engine that died is reported DOWN, with the reason, until another starts. */
    default SqlEngineObservation sqlEngine(String pool) {
        return SqlEngineObservation.DOWN;
    }

    /**
     * Opens a link to the SQL gateway named by {@link SqlEngineObservation#gateway()}: starts the service's own
     * gateway process, or connects to the one beside the engine. The caller keeps it while it is alive.
     */
    default SqlGatewayLink openSqlGateway(SqlEngineObservation engine) {
        throw new UnsupportedOperationException("this backend runs no warm SQL engine");
    }
}
