package io.sparkport.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkport.SparkportConfig;
import io.sparkport.cluster.ClusterBackend;
import io.sparkport.cluster.DriverObservation;
import io.sparkport.cluster.DriverPhase;
import io.sparkport.cluster.PoolKick;
import io.sparkport.cluster.SqlEngineObservation;
import io.sparkport.job.Job;
import io.sparkport.job.JobFiles;
import io.sparkport.job.JobState;
import io.sparkport.job.JobStore;
import io.sparkport.sql.SqlResults;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * SQL jobs running on their pools' warm SQL engines, through the service's Spark Connect client process
 * ({@link SqlGateway}). A job's life is reported by the client (running, succeeded with its result, failed
 * with the reason) and written at once; the reconciler's pass sees the same through {@link #observe}, and
 * fails a job whose engine went away under it.
 */
@ApplicationScoped
public class WarmSqlJobs {

    private static final Logger LOG = Logger.getLogger(WarmSqlJobs.class);

    /** A job handed to the client, as far as the client has told. */
    private static final class Run {
        final String jobId;
        final String pool;
        final String endpoint;
        final String gateway;
        volatile DriverPhase phase = DriverPhase.STARTING;
        volatile String appId;
        volatile String reason;

        Run(String jobId, String pool, String endpoint, String gateway) {
            this.jobId = jobId;
            this.pool = pool;
            this.endpoint = endpoint;
            this.gateway = gateway;
        }
    }

    private final SparkportConfig config;
    private final ClusterBackend backend;
    private final JobStore jobs;
    private final JobFiles files;
    private final SqlResults results;
    private final Event<PoolKick> kicks;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    /** The open gateways by {@link SqlEngineObservation#gateway()}. */
    private final Map<String, SqlGateway> gateways = new java.util.HashMap<>();
    private volatile boolean closed;

    public WarmSqlJobs(SparkportConfig config, ClusterBackend backend, JobStore jobs, JobFiles files, SqlResults results, Event<PoolKick> kicks,
                       ObjectMapper mapper, Clock clock) {
        this.config = config;
        this.backend = backend;
        this.jobs = jobs;
        this.files = files;
        this.results = results;
        this.kicks = kicks;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Opens the engine's gateway ahead of its first job (while the engine comes up), when it is known already. */
    public void prepare(SqlEngineObservation engine) {
        if (engine.gateway() != null) {
            gateway(engine);
        }
    }

    /**
     * Has the client run a first small job on a new engine (loads planner, code generation, executors), then
     * the configured warm-up queries while the engine runs no user job.
     */
    public void warmUp(SqlEngineObservation engine) {
        try {
            gateway(engine).send(mapper.createObjectNode().put("op", "warmup").put("endpoint", engine.endpoint())
                    .put("token", engine.token()).put("queries", config.sql().engine().warmUpQueries()));
        } catch (RuntimeException e) {
            LOG.warnf("warming up the SQL engine at %s: %s", engine.endpoint(), e.getMessage());
        }
    }

    /** Hands a STARTING job to the client; the engine must be READY. */
    public void run(Job job, SqlEngineObservation engine, Path poolDir, int maxRows) {
        Run run = new Run(job.id, job.pool, engine.endpoint(), engine.gateway());
        runs.put(job.id, run);
        log(job.id, "queued on the SQL engine of pool " + job.pool + " at " + engine.endpoint());
        ObjectNode command = mapper.createObjectNode()
                .put("op", "run").put("job", job.id).put("endpoint", engine.endpoint()).put("token", engine.token())
                .put("sql", job.sql)
                .put("poolDir", poolDir.toAbsolutePath().toString()).put("maxRows", maxRows)
                .put("cacheMaxBytes", config.sql().engine().cacheMaxFileSize().asLongValue());
        ObjectNode conf = command.putObject("conf");
        job.conf.forEach(conf::put);
        try {
            gateway(engine).send(command);
        } catch (RuntimeException e) {
            runs.remove(job.id);
            throw e;
        }
    }

    /**
     * The job as the client reported it; FAILED when the engine it ran on is gone (died, torn down or
     * restarted), UNKNOWN when the client never had it (the service restarted).
     */
    public DriverObservation observe(Job job, SqlEngineObservation engine) {
        Run run = runs.get(job.id);
        if (run == null) {
            return DriverObservation.UNKNOWN;
        }
        if (!run.phase.isFinal() && !run.endpoint.equals(engine.endpoint())) {
            String why = engine.reason() == null ? "it stopped" : engine.reason();
            cancel(job.id, "the SQL engine went away");
            return new DriverObservation(DriverPhase.FAILED, run.appId, "the SQL engine went away: " + why, null);
        }
        return new DriverObservation(run.phase, run.appId, run.reason, null);
    }

    /**
     * Interrupts the job's operations on its engine. The job's log says why at once; the client's own
     * lines about the interrupt follow (they are kept after the job's release).
     */
    public void cancel(String jobId, String why) {
        Run run = runs.get(jobId);
        SqlGateway g = run == null ? null : currentGateway(run.gateway);
        if (g != null && g.alive()) {
            log(jobId, why + ": interrupting its operations on the SQL engine");
            g.send(mapper.createObjectNode().put("op", "cancel").put("job", jobId));
        }
    }

    public void release(String jobId) {
        runs.remove(jobId);
    }

    private synchronized SqlGateway currentGateway(String key) {
        return gateways.get(key);
    }

    /** The engine's gateway, opened through the backend unless an open one serves it. */
    private synchronized SqlGateway gateway(SqlEngineObservation engine) {
        if (closed) {
            throw new IllegalStateException("the service is stopping");
        }
        String key = engine.gateway();
        if (key == null) {
            throw new IllegalStateException("the SQL engine at " + engine.endpoint() + " has no gateway yet");
        }
        SqlGateway gateway = gateways.get(key);
        if (gateway == null || !gateway.alive()) {
            gateway = SqlGateway.over(backend.openSqlGateway(engine), key, mapper, this::onEvent, how -> onExit(key, how));
            gateways.put(key, gateway);
        }
        return gateway;
    }

    void onEvent(JsonNode event) {
        String jobId = event.path("job").asText(null);
        if (jobId != null && "log".equals(event.path("event").asText())) {
            log(jobId, event.path("message").asText()); // also after a cancelled job's release
            return;
        }
        if ("refused".equals(event.path("event").asText())) {
            LOG.errorf("an SQL gateway refused the service: %s", event.path("reason").asText());
            return;
        }
        Run run = jobId == null ? null : runs.get(jobId);
        if (run == null) {
            return; // "ready", or a job already released
        }
        switch (event.path("event").asText()) {
            case "running" -> {
                String appId = event.path("appId").asText(null);
                jobs.transition(jobId, JobState.RUNNING, null, appId);
                // Seen by a reconcile pass only now: it would otherwise write the same change beside this one.
                run.appId = appId;
                run.phase = DriverPhase.RUNNING;
            }
            case "succeeded" -> {
                results.store(jobId, event.get("result"));
                end(run, DriverPhase.SUCCEEDED, JobState.SUCCEEDED, null);
            }
            case "failed" -> end(run, DriverPhase.FAILED, JobState.FAILED, failure(run, event.path("reason").asText("failed")));
            default -> LOG.warnf("job %s: unknown SQL gateway event %s", jobId, event);
        }
    }

    /**
     * The client's reason, prefixed with the engine's end when the engine went away under the job (its
     * process may be seen dead a moment after the connection broke).
     */
    private String failure(Run run, String reason) {
        for (int attempt = 0; attempt < 3; attempt++) {
            SqlEngineObservation engine = backend.sqlEngine(run.pool);
            if (!run.endpoint.equals(engine.endpoint())) {
                String why = engine.reason() == null ? "it stopped" : engine.reason();
                return "the SQL engine went away (" + why + "): " + reason;
            }
            if (!reason.contains("UNAVAILABLE")) {
                break;
            }
            sleep(200);
        }
        return reason;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The job's end is written at once (not on the next pass): a waiting client sees it sooner. */
    private void end(Run run, DriverPhase phase, JobState state, String reason) {
        run.reason = reason;
        run.phase = phase;
        jobs.transition(run.jobId, state, reason, run.appId);
        runs.remove(run.jobId);
        kicks.fire(new PoolKick(run.pool));
    }

    /** A gateway's link ended: its jobs fail, unless the service is stopping (a restart finds them lost). */
    private void onExit(String key, String how) {
        synchronized (this) {
            gateways.values().removeIf(g -> !g.alive());
        }
        if (closed) {
            return;
        }
        LOG.warnf("SQL gateway %s %s", key, how);
        for (Run run : runs.values()) {
            if (!run.phase.isFinal() && key.equals(run.gateway)) {
                log(run.jobId, "the SQL gateway " + how);
                end(run, DriverPhase.FAILED, JobState.FAILED, "the SQL gateway " + how);
            }
        }
    }

    private void log(String jobId, String message) {
        try {
            files.appendLog(jobId, clock.instant() + " " + message);
        } catch (RuntimeException e) {
            LOG.warnf("job %s: %s", jobId, e.getMessage());
        }
    }

    /**
     * Stops the client before the backend stops the engines (observers of lower priority run first): its
     * sessions are released while their engine still answers, instead of waiting out gRPC's retries.
     */
    void stop(@Observes @Priority(2) ShutdownEvent event) {
        close();
    }

    @PreDestroy
    synchronized void close() {
        closed = true;
        gateways.values().forEach(SqlGateway::stop);
        gateways.clear();
    }
}
