package io.sparkport.cluster;

import java.time.Instant;

/**
 * A pool's warm SQL engine as a backend sees it.
 *
 * @param endpoint   the Spark Connect URL ({@code sc://host:port}) clients use; null when DOWN
 * @param sparkAppId the engine's application id on the pool's cluster, once it registered
 * @param startedAt  when the current engine was started (null when DOWN)
 * @param readyAt    when it was first seen READY (null before)
 * @param reason     why it is DOWN when it stopped by itself (it died), else null
 * @param gateway    which SQL gateway serves the engine ({@link ClusterBackend#openSqlGateway}): the same for
 *                   every engine a service-side gateway serves, one per engine where the gateway runs beside
 *                   it; null while unknown
 */
public record SqlEngineObservation(SqlEngineState state, String endpoint, String sparkAppId, int cores,
                                   Instant startedAt, Instant readyAt, String reason, String gateway) {

    public static final SqlEngineObservation DOWN = down(null);

    public static SqlEngineObservation down(String reason) {
        return new SqlEngineObservation(SqlEngineState.DOWN, null, null, 0, null, null, reason, null);
    }

    public boolean ready() {
        return state == SqlEngineState.READY;
    }

    public boolean up() {
        return state != SqlEngineState.DOWN;
    }
}
