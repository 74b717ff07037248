package io.sparkport.cluster;

import io.sparkport.cluster.progress.ProgressTracker;
import io.sparkport.job.Job;
import io.sparkport.job.JobFiles;
import io.sparkport.job.JobState;
import io.sparkport.job.JobStore;
import io.sparkport.engine.WarmSqlJobs;
import io.sparkport.job.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Brings the stored state of started jobs up to date with their drivers, stops cancelled ones and those
 * past their timeout, and sends failed attempts back to the queue when they have retries left.
 */
@ApplicationScoped
public class DriverSync {

    /** A driver this service process did not start: the local backend cannot re-attach it, and the reaper stopped it. */
    static final String LOST = "service restarted: the driver could not be re-attached and was stopped";

    private final ClusterBackend backend;
    private final JobStore jobs;
    private final ProgressTracker progress;
    private final WarmSqlJobs warm;
    private final JobFiles files;
    private final Clock clock;

    public DriverSync(ClusterBackend backend, JobStore jobs, ProgressTracker progress, WarmSqlJobs warm, JobFiles files,
                      Clock clock) {
        this.backend = backend;
        this.jobs = jobs;
        this.progress = progress;
        this.warm = warm;
        this.files = files;
        this.clock = clock;
    }

    /**
     * What a pass over unfinished jobs did: whether any job ended (so cluster use changed), and whether it stored
     * anything (so the jobs it was given are out of date; a pass that stored nothing lets the caller keep them).
     */
    public record Synced(boolean ended, boolean stored) {
    }

    public Synced sync(List<Job> unfinished) {
        boolean ended = false;
        boolean stored = false;
        Instant now = clock.instant();
        for (Job job : unfinished) {
            Instant deadline = RetryPolicy.deadline(job);
            if (deadline != null && !now.isBefore(deadline)) {
                ended |= timeOut(job);
                stored = true;
            } else if (job.state.isActive()) {
                Step step = syncOne(job);
                ended |= step == Step.ENDED;
                stored |= step != Step.UNCHANGED;
            }
        }
        return new Synced(ended, stored);
    }

    private enum Step { UNCHANGED, STORED, ENDED }

    private boolean timeOut(Job job) {
        String reason = "timed out: still not finished " + job.timeout() + " after it started";
        if (job.state.isActive()) {
            stop(job, "timed out");
            return end(job, JobState.FAILED, reason, null);
        }
        return jobs.transition(job.id, JobState.FAILED, reason, null);
    }

    private Step syncOne(Job job) {
        if (job.cancelRequested) {
            stop(job, "cancel requested");
            return ended(end(job, JobState.CANCELLED, "cancelled by request", null));
        }
        DriverObservation driver = job.warm() ? warm.observe(job, backend.sqlEngine(job.pool)) : backend.driver(job.id);
        return switch (driver.phase()) {
            case UNKNOWN -> ended(failed(job, LOST, null));
            case STARTING -> {
                Step step = Step.UNCHANGED;
                if (changes(job, JobState.STARTING, driver)) {
                    jobs.transition(job.id, JobState.STARTING, null, driver.sparkAppId());
                    step = Step.STORED;
                }
                if (!job.warm()) {
                    progress.watch(job.id); // reports may come before the backend sees the driver run
                }
                yield step;
            }
            case RUNNING -> {
                Step step = Step.UNCHANGED;
                if (changes(job, JobState.RUNNING, driver)) {
                    jobs.transition(job.id, JobState.RUNNING, null, driver.sparkAppId());
                    step = Step.STORED;
                }
                if (!job.warm()) {
                    progress.watch(job.id); // a warm job's progress is the engine's, shared with other jobs
                }
                yield step;
            }
            case SUCCEEDED -> ended(end(job, JobState.SUCCEEDED, null, driver.sparkAppId()));
            case FAILED -> ended(failed(job, driver.failureReason(), driver.sparkAppId()));
            case KILLED -> ended(failed(job, "driver was killed", driver.sparkAppId()));
        };
    }

    /** end and failed always store, and say whether the job ended (a retry sends it back to the queue). */
    private static Step ended(boolean ended) {
        return ended ? Step.ENDED : Step.STORED;
    }

    /** Kills the job's driver, or interrupts its operations on the pool's SQL engine. */
    private void stop(Job job, String why) {
        if (job.warm()) {
            warm.cancel(job.id, why);
        } else {
            backend.cancelDriver(job.id);
        }
    }

    /** Whether the stored job differs from what its driver shows: a pass over many drivers writes only changes. */
    static boolean changes(Job job, JobState state, DriverObservation driver) {
        return job.state != state
                || (driver.sparkAppId() != null && !driver.sparkAppId().equals(job.sparkAppId));
    }

    /** The progress is kept before the job turns terminal, so that its view never lacks it in between. */
    private boolean end(Job job, JobState state, String reason, String appId) {
        progress.keepFinal(job.id);
        jobs.transition(job.id, state, reason, appId);
        if (job.warm()) {
            warm.release(job.id);
        } else {
            backend.release(job.id);
        }
        return true;
    }

    /** A failed attempt: retried per the job's policy (its log is kept apart) or the job's end. */
    private boolean failed(Job job, String reason, String appId) {
        progress.keepFinal(job.id);
        if (jobs.fail(job.id, reason, appId, true) == JobStore.Failed.RETRY) {
            files.keepAttemptLog(job.id, job.attempt);
        }
        backend.release(job.id);
        return true;
    }
}
