package io.sparkport.cluster;

import io.sparkport.engine.SqlEngineStep;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sparkport.cluster.timeline.PoolTimeline;
import io.sparkport.job.Job;
import io.sparkport.job.JobState;
import io.sparkport.job.JobStore;
import io.sparkport.pool.Pool;
import io.sparkport.pool.PoolEvents;
import io.sparkport.pool.PoolPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pass of a pool's reconcile loop, top to bottom: observe the cluster, bring job states up to date
 * from their drivers, decide the desired cluster (a pure function), act, launch what the queue admits.
 * Level-triggered: every pass reads everything again, and every action is idempotent.
 */
@ApplicationScoped
public class PoolReconciler {

    static final Duration STARTING_REQUEUE = Duration.ofMillis(250);

    private final ClusterBackend backend;
    private final JobStore jobs;
    private final DriverSync drivers;
    private final PoolEvents events;
    private final JobLauncher launcher;
    private final PoolMetrics metrics;
    private final PoolTimeline timeline;
    private final SqlEngineStep engines;
    private final Clock clock;
    private final Map<String, Instant> lowerDemandSince = new ConcurrentHashMap<>();
    private final Map<String, ScalingDecision> lastDecisions = new ConcurrentHashMap<>();

    public PoolReconciler(ClusterBackend backend, JobStore jobs, DriverSync drivers, PoolEvents events,
                          JobLauncher launcher, PoolMetrics metrics, PoolTimeline timeline, SqlEngineStep engines,
                          Clock clock) {
        this.backend = backend;
        this.jobs = jobs;
        this.drivers = drivers;
        this.events = events;
        this.launcher = launcher;
        this.metrics = metrics;
        this.timeline = timeline;
        this.engines = engines;
        this.clock = clock;
    }

    /** Runs one pass; returns when the next pass should come at the latest, or null for the regular tick. */
    public Duration reconcile(String pool) {
        if (!backend.leads()) {
            return null;
        }
        Optional<PoolPolicy> policy = QuarkusTransaction.requiringNew()
                .call(() -> Optional.ofNullable(Pool.<Pool>findById(pool)).map(Pool::policy));
        if (policy.isPresent() && leavesClusterUsable(lastDecisions.get(pool))) {
            // A READY engine takes its queued SQL jobs first thing: they need no cores of their own, and a quick
            // query would otherwise wait for the cluster's observation (the master's status page) and the decision.
            engines.launchReady(pool, () -> jobs.unfinished(pool));
        }
        ClusterObservation cluster = backend.observe(pool);
        backend.takeIncidents(pool).forEach(i -> events.record(pool, "incident", i));
        if (policy.isEmpty()) {
            if (cluster.state() != ClusterState.DOWN) {
                backend.tearDown(pool);
            }
            lowerDemandSince.remove(pool);
            lastDecisions.remove(pool);
            return null;
        }
        List<Job> unfinished = jobs.unfinished(pool);
        DriverSync.Synced synced = drivers.sync(unfinished);
        if (synced.ended()) {
            cluster = backend.observe(pool);
            // what went wrong meanwhile (a SQL engine found dead while syncing its jobs) is recorded too
            backend.takeIncidents(pool).forEach(i -> events.record(pool, "incident", i));
        }
        if (synced.stored()) {
            unfinished = jobs.unfinished(pool); // at a burst, most passes store nothing and read the jobs once
        }
        SqlEngineStep.Pass engine = engines.plan(pool, policy.get(), cluster.state(), unfinished);
        Demand demand = demand(unfinished).withEngineCores(engine.plan().heldCores())
                .withClientSessions(engine.clientSessions());
        ScalingDecision decision = ScalingPolicy.decide(policy.get(), demand, cluster, clock.instant(),
                lastActivity(pool, cluster), lowerDemandSince.get(pool));
        lastDecisions.put(pool, decision);
        metrics.observed(pool, cluster, decision, demand);
        timeline.observed(pool, cluster, decision, demand);
        act(pool, policy.get(), cluster.state(), decision);
        engines.act(pool, policy.get(), engine, decision);
        int launched = 0;
        if (mayLaunch(cluster, decision)) {
            launched = launcher.launchAdmitted(pool, policy.get(), unfinished, cluster, engine.plan().heldCores())
                    + engines.launch(pool, unfinished, engine);
        }
        boolean waiting = demand.queuedJobs() > launched;
        boolean sqlWaitsForEngine = engine.waitsForEngine() && !engine.engine().ready();
        return cluster.state() == ClusterState.STARTING || decision.action() == ScalingDecision.Action.START
                || sqlWaitsForEngine
                || (waiting && decision.action() != ScalingDecision.Action.NONE) ? STARTING_REQUEUE : null;
    }

    /** Drivers start on a ready cluster whose workers this pass did not just remove (its cores would be stale). */
    static boolean mayLaunch(ClusterObservation cluster, ScalingDecision decision) {
        return cluster.state() == ClusterState.READY && leavesClusterUsable(decision);
    }

    /** Whether a decision leaves the cluster's workers in place (none starting, removed or replaced). */
    static boolean leavesClusterUsable(ScalingDecision decision) {
        return decision != null && switch (decision.action()) {
            case NONE, SCALE_UP -> true;
            case START, SCALE_DOWN, REPLACE, TEAR_DOWN -> false;
        };
    }

    /** The decision of the pool's latest pass, if there was one. */
    public Optional<ScalingDecision> lastDecision(String pool) {
        return Optional.ofNullable(lastDecisions.get(pool));
    }

    static Demand demand(List<Job> unfinished) {
        int activeJobs = 0;
        int activeCores = 0;
        int queuedJobs = 0;
        int queuedCores = 0;
        for (Job job : unfinished) {
            int cores = job.warm() ? 0 : job.cores; // the engine's cores count once, in Demand.engineCores
            if (job.state.isActive()) {
                activeJobs++;
                activeCores += cores;
            } else if (job.state == JobState.QUEUED) {
                queuedJobs++;
                queuedCores += cores;
            }
        }
        return new Demand(activeJobs, activeCores, queuedJobs, queuedCores);
    }

    /** The latest of: the cluster came up, a job ended, a client session ended. */
    private Instant lastActivity(String pool, ClusterObservation cluster) {
        return java.util.stream.Stream.of(cluster.upSince(), jobs.lastFinished(pool).orElse(null),
                        engines.lastClientSessionEnded(pool).orElse(null))
                .filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
    }

    private void act(String pool, PoolPolicy policy, ClusterState state, ScalingDecision decision) {
        if (decision.lowerDemandSince() == null) {
            lowerDemandSince.remove(pool);
        } else {
            lowerDemandSince.put(pool, decision.lowerDemandSince());
        }
        if (decision.action() != ScalingDecision.Action.NONE) {
            metrics.acted(pool, decision.action());
        }
        switch (decision.action()) {
            case NONE -> {
                if (state == ClusterState.STARTING || state == ClusterState.READY) {
                    backend.scale(pool, policy, decision.desiredWorkers(), List.of());
                }
            }
            case START, SCALE_UP, SCALE_DOWN, REPLACE -> {
                events.record(pool, decision.action().name().toLowerCase().replace('_', '-'), decision.reason());
                backend.scale(pool, policy, decision.desiredWorkers(), decision.removeWorkers());
            }
            case TEAR_DOWN -> {
                backend.tearDown(pool);
                events.record(pool, "teardown", decision.reason());
            }
        }
    }
}
