package io.sparkport.sql;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark Connect session of the gateway with what it holds between jobs, so that the next job on it does not
 * ask the engine again: the pool views it has (view name to file version), its FAIR scheduler pool and its
 * time zone.
 */
final class WarmSession {

    static final String TIME_ZONE = "spark.sql.session.timeZone";

    final SparkSession spark;
    /** Pool views the session holds, each with the version of the file it reads ({@link PoolViews}). */
    final Map<String, String> views = new HashMap<>();
    private String schedulerPool;
    private ZoneId zone;

    WarmSession(SparkSession spark) {
        this.spark = spark;
    }

    /** Puts the session's jobs into the FAIR pool {@code pool}; asks the engine only when it changes. */
    void schedulerPool(String pool) {
        if (!pool.equals(schedulerPool)) {
            spark.conf().set(WarmSqlGateway.SCHEDULER_POOL, pool);
            schedulerPool = pool;
        }
    }

    /** The session's time zone. */
    ZoneId zone() {
        if (zone == null) {
            zone = ZoneId.of(spark.conf().get(TIME_ZONE));
        }
        return zone;
    }

    /** A job set or unset these settings itself: what the session knew of them is asked again. */
    void settingsChanged(java.util.Collection<String> keys) {
        if (keys.contains(WarmSqlGateway.SCHEDULER_POOL)) {
            schedulerPool = null;
        }
        if (keys.contains(TIME_ZONE)) {
            zone = null;
        }
    }
}
