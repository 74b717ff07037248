package io.sparkport.api;

import io.sparkport.cluster.ClusterObservation;
import io.sparkport.cluster.ScalingDecision;
import io.sparkport.cluster.SqlEngineObservation;
import java.time.Instant;
import io.sparkport.cluster.WorkerObservation;
import io.sparkport.engine.ClientSessions;
import java.util.List;
import java.util.Optional;

/**
 * A pool's cluster as observed from its master, with the reconciler's latest decision, its warm SQL engine and
 * the Spark Connect client sessions open on it.
 */
public record ClusterView(String state, String masterUrl, String webUiUrl, List<Worker> workers,
                          Integer desiredWorkers, String reason, SqlEngine sqlEngine,
                          List<ClientSessions.View> clientSessions) {

    public record Worker(String id, String state, int cores, int coresUsed, long memory, long memoryUsed) {
    }

    /** The pool's warm SQL engine: DOWN, STARTING or READY, where it answers, the cores it holds. */
    public record SqlEngine(String state, String endpoint, String sparkAppId, int cores, Instant startedAt,
                            Instant readyAt, String reason) {

        static SqlEngine of(SqlEngineObservation e) {
            return new SqlEngine(e.state().name(), e.endpoint(), e.sparkAppId(), e.cores(), e.startedAt(), e.readyAt(),
                    e.reason());
        }
    }

    static ClusterView of(ClusterObservation c, Optional<ScalingDecision> decision, SqlEngineObservation engine,
                          List<ClientSessions.View> sessions) {
        ClusterView cluster = of(c, decision);
        return new ClusterView(cluster.state, cluster.masterUrl, cluster.webUiUrl, cluster.workers,
                cluster.desiredWorkers, cluster.reason, SqlEngine.of(engine), sessions);
    }

    static ClusterView of(ClusterObservation c, Optional<ScalingDecision> decision) {
        List<Worker> workers = c.workers().stream()
                .map((WorkerObservation w) -> new Worker(w.id(), w.state(), w.cores(), w.coresUsed(), w.memoryMb(), w.memoryUsedMb()))
                .toList();
        return new ClusterView(c.state().name(), c.masterUrl(), c.webUiUrl(), workers,
                decision.map(ScalingDecision::desiredWorkers).orElse(null),
                decision.map(ScalingDecision::reason).orElse(null), null, List.of());
    }
}
