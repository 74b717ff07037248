package io.sparkport.job;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sparkport.SparkportException;
import io.sparkport.sql.ResultTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.sparkport.SparkportConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.hibernate.StaleStateException;
import org.hibernate.jpa.HibernateHints;
import org.jboss.logging.Logger;

/**
 * The reconciler's reads and writes of jobs. Each write is one short transaction that checks the state
 * machine, so a duplicate or late event changes nothing (a SUCCEEDED job never becomes RUNNING again).
 * Two writers of one job (a cancel request and a driver's end, say) are kept apart by the job's version:
 * the later commit fails, and its write is tried again on the fresh row, where the state machine decides.
 */
@ApplicationScoped
public class JobStore {

    private static final Logger LOG = Logger.getLogger(JobStore.class);
    private static final int CONFLICT_ATTEMPTS = 5;

    /** How a failed attempt ended. */
    public enum Failed { RETRY, FAILED, UNCHANGED }

    private final Clock clock;
    private final MeterRegistry registry;
    private final RetryPolicy retries;
    private final JobEndings endings;

    public JobStore(Clock clock, MeterRegistry registry, SparkportConfig config, JobEndings endings) {
        this.clock = clock;
        this.registry = registry;
        this.endings = endings;
        this.retries = new RetryPolicy(config.retries().initialBackoff(), config.retries().maxBackoff());
    }

    /**
     * QUEUED, STARTING and RUNNING jobs of the pool, in queue order (priority, then arrival). They are read
     * only (detached when the call returns, changed only through this store): a pass reads every unfinished job
     * of the pool, and at a burst of thousands Hibernate's snapshots and dirty checks of them were most of a
     * pass's time.
     */
    public List<Job> unfinished(String pool) {
        return QuarkusTransaction.requiringNew().call(() -> Job.<Job>find(
                        "pool = ?1 and state in ?2 order by priority desc, seq asc",
                        pool, List.of(JobState.QUEUED, JobState.STARTING, JobState.RUNNING))
                .withHint(HibernateHints.HINT_READ_ONLY, true)
                .list());
    }

    /** When the pool's last job ended, if any did. */
    public Optional<Instant> lastFinished(String pool) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(
                Job.getEntityManager()
                        .createQuery("select max(j.finishedAt) from Job j where j.pool = ?1", Instant.class)
                        .setParameter(1, pool).getSingleResult()));
    }

    /**
     * The job whose driver reports back with this token. The token is the job's current attempt's: made when
     * that attempt started and dropped when it ends, so it opens nothing else and nothing later (401).
     */
    public Job reportingDriver(String jobId, String token) {
        Job job = QuarkusTransaction.requiringNew().call(() -> Job.byId(jobId));
        if (job == null || !job.state.isActive() || !ResultTokens.matches(token, job.tokenHash)) {
            throw SparkportException.unauthorized("unknown job, wrong token, or the job is not running");
        }
        return job;
    }

    /** QUEUED → STARTING, recording the hash of the token the driver will present. */
    public boolean starting(String jobId, String tokenHash) {
        return write(() -> {
            Job job = Job.byId(jobId);
            Instant now = clock.instant();
            if (job == null || !job.state.canMoveTo(JobState.STARTING) || job.cancelRequested || !job.admissible(now)) {
                return false;
            }
            job.state = JobState.STARTING;
            job.attemptStartedAt = now;
            job.notBefore = null;
            if (job.startedAt == null) {
                job.startedAt = now;
                histogram("sparkport.job.queue.wait", Tags.of("pool", job.pool))
                        .record(Duration.between(job.createdAt, job.startedAt));
            }
            job.tokenHash = tokenHash;
            return true;
        });
    }

    /**
     * Moves the job to {@code next} when the state machine allows it; a failure reason already reported
     * by the driver itself wins over the one given here. Returns whether anything changed.
     */
    public boolean transition(String jobId, JobState next, String reason, String sparkAppId) {
        return write(() -> {
            Job job = Job.byId(jobId);
            if (job == null) {
                return false;
            }
            boolean changed = false;
            if (sparkAppId != null && !sparkAppId.equals(job.sparkAppId) && !job.state.isTerminal()) {
                job.sparkAppId = sparkAppId;
                changed = true;
            }
            if (job.state == next || next == JobState.QUEUED || !job.state.canMoveTo(next)) {
                return changed;
            }
            if (next.isTerminal()) {
                end(job, next, reason);
            } else {
                LOG.infof("job %s (pool %s): %s → %s", job.id, job.pool, job.state, next);
                job.state = next;
            }
            return true;
        });
    }

    /**
     * A started attempt failed: with retries left (and {@code retryable}, and no cancel asked for) the job
     * goes back to QUEUED for its next attempt after a backoff; otherwise it ends FAILED.
     */
    public Failed fail(String jobId, String reason, String sparkAppId, boolean retryable) {
        return write(() -> {
            Job job = Job.byId(jobId);
            if (job == null || !job.state.isActive()) {
                return Failed.UNCHANGED;
            }
            if (sparkAppId != null) {
                job.sparkAppId = sparkAppId;
            }
            Instant now = clock.instant();
            Optional<Duration> backoff = retryable && !job.cancelRequested
                    ? retries.next(job.attempt, job.maxRetries, now, RetryPolicy.deadline(job)) : Optional.empty();
            if (backoff.isEmpty()) {
                end(job, JobState.FAILED, reason);
                return Failed.FAILED;
            }
            String why = job.failureReason != null ? job.failureReason : reason;
            record(job, new JobAttempt(job.attempt, job.attemptStartedAt, now, "RETRIED", why, job.sparkAppId));
            LOG.infof("job %s (pool %s): attempt %d of %d failed (%s); retrying in %s", jobId, job.pool, job.attempt,
                    job.maxRetries + 1, why, backoff.get());
            job.attempt++;
            job.state = JobState.QUEUED;
            job.notBefore = now.plus(backoff.get());
            job.failureReason = null;
            job.sparkAppId = null;
            job.tokenHash = null;
            job.attemptStartedAt = null;
            return Failed.RETRY;
        });
    }

    private void end(Job job, JobState next, String reason) {
        JobState previous = job.state;
        job.state = next;
        job.finishedAt = clock.instant();
        endings.ending();
        job.tokenHash = null;
        job.notBefore = null;
        if (next != JobState.SUCCEEDED && job.failureReason == null) {
            job.failureReason = reason;
        }
        if (job.attemptStartedAt != null) {
            record(job, new JobAttempt(job.attempt, job.attemptStartedAt, job.finishedAt, next.name(),
                    job.failureReason, job.sparkAppId));
        }
        if (job.startedAt != null) {
            histogram("sparkport.job.duration", Tags.of("pool", job.pool, "state", next.name()))
                    .record(Duration.between(job.startedAt, job.finishedAt));
        }
        LOG.infof("job %s (pool %s): %s → %s%s", job.id, job.pool, previous, next,
                job.failureReason == null ? "" : ": " + job.failureReason);
    }

    /** A new list, so that the change is seen as one. */
    private static void record(Job job, JobAttempt attempt) {
        List<JobAttempt> attempts = new java.util.ArrayList<>(job.attempts);
        attempts.add(attempt);
        job.attempts = attempts;
    }

    private Timer histogram(String name, Tags tags) {
        return Timer.builder(name).tags(tags).publishPercentileHistogram().register(registry);
    }

    /** Records the failure reason a driver reported itself (the SQL runner does), before it exits. */
    public void reportFailure(String jobId, String reason) {
        write(() -> {
            Job job = Job.byId(jobId);
            if (job != null && !job.state.isTerminal()) {
                job.failureReason = reason;
            }
            return null;
        });
    }

    /** One transaction, tried again on the fresh row when another writer changed the job in between. */
    static <T> T write(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(work::get);
            } catch (RuntimeException e) {
                if (!concurrentChange(e) || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("a job changed concurrently; writing again (%d)", attempt);
            }
        }
    }

    static boolean concurrentChange(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException
                    || t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof jakarta.persistence.LockTimeoutException
                    || t instanceof org.hibernate.exception.LockAcquisitionException
                    || t instanceof org.hibernate.PessimisticLockException) {
                return true;
            }
        }
        return false;
    }
}
