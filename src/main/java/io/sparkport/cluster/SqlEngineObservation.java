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
 * @param token      the engine's own Spark Connect secret ({@code spark.connect.authenticate.token}): a Connect
 *                   call reaches the engine only with {@code Authorization: Bearer <token>}; never shown to users
 */
public record SqlEngineObservation(SqlEngineState state, String endpoint, String sparkAppId, int cores,
                                   Instant startedAt, Instant readyAt, String reason, String gateway, String token) {

    /** The environment variable Spark's Connect server reads its secret from (the command line would show it). */
    public static final String TOKEN_ENV = "SPARK_CONNECT_AUTHENTICATE_TOKEN";

    public static final SqlEngineObservation DOWN = down(null);

    public static SqlEngineObservation down(String reason) {
        return new SqlEngineObservation(SqlEngineState.DOWN, null, null, 0, null, null, reason, null, null);
    }

    @Override
    public String toString() { // the token stays out of logs
        return "SqlEngineObservation[" + state + ", " + endpoint + ", " + sparkAppId + ", " + cores + " cores]";
    }

    public boolean ready() {
        return state == SqlEngineState.READY;
    }

    public boolean up() {
        return state != SqlEngineState.DOWN;
    }
}
