package io.sparkport.job;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sparkport.SparkportException;
import io.sparkport.sql.ResultTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The reconciler's reads and writes of jobs. Each write is one short transaction that checks the state
 * machine, so a duplicate or late event changes nothing (a SUCCEEDED job never becomes RUNNING again).
 */
@ApplicationScoped
public class JobStore {

    private static final Logger LOG = Logger.getLogger(JobStore.class);

    private final Clock clock;
    private final MeterRegistry registry;

    public JobStore(Clock clock, MeterRegistry registry) {
        this.clock = clock;
        this.registry = registry;
    }

    /** QUEUED, STARTING and RUNNING jobs of the pool, in queue order (priority, then arrival). */
    public List<Job> unfinished(String pool) {
        return QuarkusTransaction.requiringNew().call(() -> Job.<Job>list(
                "pool = ?1 and state in ?2 order by priority desc, seq asc",
                pool, List.of(JobState.QUEUED, JobState.STARTING, JobState.RUNNING)));
    }

    /** When the pool's last job ended, if any did. */
    public Optional<Instant> lastFinished(String pool) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(
                Job.getEntityManager()
                        .createQuery("select max(j.finishedAt) from Job j where j.pool = ?1", Instant.class)
                        .setParameter(1, pool).getSingleResult()));
    }

    /**
     * The job whose driver reports back with this token, while the job has not ended: unknown job or wrong token
     * is 401, an ended job 409.
     */
    public Job reportingDriver(String jobId, String token) {
        Job job = QuarkusTransaction.requiringNew().call(() -> Job.byId(jobId));
        if (job == null || !ResultTokens.matches(token, job.tokenHash)) {
            throw new SparkportException(SparkportException.Kind.UNAUTHORIZED, "unknown job or wrong token");
        }
        if (job.state.isTerminal()) {
            throw SparkportException.conflict("job " + jobId + " has already ended: " + job.state);
        }
        return job;
    }

    /** QUEUED → STARTING, recording the hash of the token the driver will present. */
    public boolean starting(String jobId, String tokenHash) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job job = Job.byId(jobId);
            if (job == null || !job.state.canMoveTo(JobState.STARTING) || job.cancelRequested) {
                return false;
            }
            job.state = JobState.STARTING;
            job.startedAt = clock.instant();
            histogram("sparkport.job.queue.wait", Tags.of("pool", job.pool))
                    .record(Duration.between(job.createdAt, job.startedAt));
            job.tokenHash = tokenHash;
            return true;
        });
    }

    /**
     * Moves the job to {@code next} when the state machine allows it; a failure reason already reported
     * by the driver itself wins over the one given here. Returns whether anything changed.
     */
    public boolean transition(String jobId, JobState next, String reason, String sparkAppId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job job = Job.byId(jobId);
            if (job == null) {
                return false;
            }
            boolean changed = false;
            if (sparkAppId != null && !sparkAppId.equals(job.sparkAppId)) {
                job.sparkAppId = sparkAppId;
                changed = true;
            }
            if (job.state == next || !job.state.canMoveTo(next)) {
                return changed;
            }
            JobState previous = job.state;
            job.state = next;
            if (next.isTerminal()) {
                job.finishedAt = clock.instant();
                if (next != JobState.SUCCEEDED && job.failureReason == null) {
                    job.failureReason = reason;
                }
                if (job.startedAt != null) {
                    histogram("sparkport.job.duration", Tags.of("pool", job.pool, "state", next.name()))
                            .record(Duration.between(job.startedAt, job.finishedAt));
                }
            }
            LOG.infof("job %s (pool %s): %s → %s%s", jobId, job.pool, previous, next,
                    job.failureReason == null ? "" : ": " + job.failureReason);
            return true;
        });
    }

    private Timer histogram(String name, Tags tags) {
        return Timer.builder(name).tags(tags).publishPercentileHistogram().register(registry);
    }

    /** Records the failure reason a driver reported itself (the SQL runner does), before it exits. */
    public void reportFailure(String jobId, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            Job job = Job.byId(jobId);
            if (job != null && !job.state.isTerminal()) {
                job.failureReason = reason;
            }
        });
    }
}
