package io.sparkport.cluster.local;

import io.sparkport.cluster.SqlEngineObservation;
import io.sparkport.cluster.SqlEngineSpec;
import io.sparkport.cluster.SqlEngineState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;

/**
 * A pool's warm SQL engine on this machine: Spark Connect's server started by spark-submit (client mode)
 * against the pool's master, listening on a loopback port. READY once the port answers and the master
 * has granted the engine its executor cores.
 */
final class LocalSqlEngine {

    final SqlEngineSpec spec;
    final DaemonProcess process;
    final Instant startedAt;
    /** The engine's Connect secret, given to it in its environment. */
    final String token;
    volatile String appId;
    volatile int cores;
    volatile Instant readyAt;

    LocalSqlEngine(SqlEngineSpec spec, DaemonProcess process, Instant startedAt, String token) {
        this.spec = spec;
        this.token = token;
        this.process = process;
        this.startedAt = startedAt;
    }

    String endpoint() {
        return "sc://127.0.0.1:" + process.port();
    }

    /** Reads readiness once more unless already ready: the gRPC port answers and executors were granted. */
    SqlEngineObservation observe(Instant now) {
        if (readyAt == null && appId != null && cores > 0 && portAnswers(process.port())) {
            readyAt = now;
        }
        SqlEngineState state = readyAt == null ? SqlEngineState.STARTING : SqlEngineState.READY;
        return new SqlEngineObservation(state, endpoint(), appId, cores, startedAt, readyAt, null, LocalBackend.GATEWAY,
                token);
    }

    static boolean portAnswers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
