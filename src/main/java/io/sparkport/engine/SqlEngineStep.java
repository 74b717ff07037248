package io.sparkport.engine;

import io.sparkport.cluster.ClusterBackend;
import io.sparkport.cluster.ClusterState;
import io.sparkport.cluster.ScalingDecision;
import io.sparkport.cluster.SqlEngineObservation;
import io.sparkport.job.Job;
import io.sparkport.job.JobState;
import io.sparkport.pool.PoolEvents;
import io.sparkport.pool.PoolPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The warm SQL engine's part of a reconcile pass: observe the engine and decide ({@link SqlEnginePlan},
 * pure), start it when SQL waits, hand queued SQL jobs to it once it is READY.
 */
@ApplicationScoped
public class SqlEngineStep {

    private static final Logger LOG = Logger.getLogger(SqlEngineStep.class);

    /**
     * What this pass knows of the pool's engine.
     *
     * @param clientSessions Spark Connect client sessions open on the engine or waiting for it (work of the pool)
     */
    public record Pass(SqlEngineObservation engine, SqlEnginePlan plan, boolean waitsForEngine, int clientSessions) {
    }

    private final ClusterBackend backend;
    private final SqlEngineSettings settings;
    private final WarmSqlLauncher launcher;
    private final WarmSqlJobs warm;
    private final PoolEvents events;
    private final ClientSessions clientSessions;
    private final Map<String, String> announcedReady = new ConcurrentHashMap<>();

    public SqlEngineStep(ClusterBackend backend, SqlEngineSettings settings, WarmSqlLauncher launcher, WarmSqlJobs warm,
                         PoolEvents events, ClientSessions clientSessions) {
        this.clientSessions = clientSessions;
        this.backend = backend;
        this.settings = settings;
        this.launcher = launcher;
        this.warm = warm;
        this.events = events;
    }

    public Pass plan(String pool, PoolPolicy policy, ClusterState cluster, List<Job> unfinished) {
        if (!backend.supportsSqlEngine()) {
            return new Pass(SqlEngineObservation.DOWN, new SqlEnginePlan(false, 0, "no SQL engine here"), false, 0);
        }
        SqlEngineObservation engine = backend.sqlEngine(pool);
        int warmJobs = (int) unfinished.stream().filter(Job::warm).count();
        boolean waiting = unfinished.stream().anyMatch(j -> j.warm() && j.state == JobState.QUEUED);
        int batchHead = unfinished.stream().filter(j -> !j.warm() && j.state == JobState.QUEUED).findFirst()
                .map(j -> j.cores).orElse(0);
        int sessions = clientSessions.work(pool, engine.up() ? engine.endpoint() : null);
        return new Pass(engine, SqlEnginePlan.decide(cluster, engine, warmJobs, sessions, settings.cores(policy),
                batchHead, policy.maxCores()), waiting || sessions > 0, sessions);
    }

    /** Starts the engine when the plan says so, unless the cluster goes away in this very pass. */
    public void act(String pool, PoolPolicy policy, Pass pass, ScalingDecision decision) {
        if (!pass.waitsForEngine()) {
            announceReady(pool, pass.engine()); // else once the waiting jobs are handed over (launch)
        }
        if (pass.plan().stop()) {
            LOG.infof("pool %s: SQL engine %s", pool, pass.plan().reason());
            backend.stopSqlEngine(pool);
            events.record(pool, "sql-engine", pass.plan().reason());
            return;
        }
        if (!pass.plan().start() || decision.action() == ScalingDecision.Action.TEAR_DOWN) {
            return;
        }
        if (backend.startSqlEngine(settings.spec(pool, policy))) {
            LOG.infof("pool %s: SQL engine starting: %s", pool, pass.plan().reason());
            events.record(pool, "sql-engine", pass.plan().reason());
            warm.prepare(backend.sqlEngine(pool));
        }
    }

    /** When the pool's last Spark Connect client session ended, if one did (idle time counts from then). */
    public java.util.Optional<java.time.Instant> lastClientSessionEnded(String pool) {
        return clientSessions.lastEnded(pool);
    }

    /** Hands queued SQL jobs to a READY engine; returns how many. */
    public int launch(String pool, List<Job> unfinished, Pass pass) {
        int launched = launcher.launch(pool, unfinished, pass.engine());
        announceReady(pool, pass.engine());
        return launched;
    }

    /**
     * Records a new engine's READY once and starts its warm-up. Jobs that waited for the engine are handed over
     * first: the warm-up's queries run only while no user job does, so those jobs do not wait behind its first.
     */
    private void announceReady(String pool, SqlEngineObservation e) {
        if (!e.ready() || e.endpoint().equals(announcedReady.get(pool))) {
            return;
        }
        announcedReady.put(pool, e.endpoint());
        events.record(pool, "sql-engine", "ready at " + e.endpoint() + " (" + e.sparkAppId() + ", " + e.cores()
                + (e.cores() == 1 ? " core" : " cores") + ") " + seconds(Duration.between(e.startedAt(), e.readyAt()))
                + " after its start");
        warm.warmUp(e);
    }

    /**
     * Hands queued SQL jobs to the engine if it is READY now, before a pass observes the cluster; the jobs are
     * read only then (most passes are of pools without a READY engine).
     */
    public int launchReady(String pool, java.util.function.Supplier<List<Job>> unfinished) {
        if (!backend.supportsSqlEngine()) {
            return 0;
        }
        SqlEngineObservation engine = backend.sqlEngine(pool);
        if (!engine.ready()) {
            return 0;
        }
        int launched = launcher.launch(pool, unfinished.get(), engine);
        announceReady(pool, engine);
        return launched;
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
