package io.sparkport.cluster;

import io.sparkport.cluster.progress.ProgressTracker;
import io.sparkport.job.Job;
import io.sparkport.job.JobState;
import io.sparkport.job.JobStore;
import io.sparkport.sql.engine.WarmSqlJobs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Brings the stored state of started jobs up to date with their drivers, and stops cancelled ones. */
@ApplicationScoped
public class DriverSync {

    static final String LOST = "driver lost: the service restarted while the job ran";

    private final ClusterBackend backend;
    private final JobStore jobs;
    private final ProgressTracker progress;
    private final WarmSqlJobs warm;

    public DriverSync(ClusterBackend backend, JobStore jobs, ProgressTracker progress, WarmSqlJobs warm) {
        this.backend = backend;
        this.jobs = jobs;
        this.progress = progress;
        this.warm = warm;
    }

    /** Returns whether any job ended (so cluster use changed). */
    public boolean sync(List<Job> unfinished) {
        boolean ended = false;
        for (Job job : unfinished) {
            if (job.state.isActive()) {
                ended |= syncOne(job);
            }
        }
        return ended;
    }

    private boolean syncOne(Job job) {
        if (job.cancelRequested) {
            if (job.warm()) {
                warm.cancel(job.id);
            } else {
                backend.cancelDriver(job.id);
            }
            return end(job, JobState.CANCELLED, "cancelled by request", null);
        }
        DriverObservation driver = job.warm() ? warm.observe(job, backend.sqlEngine(job.pool)) : backend.driver(job.id);
        return switch (driver.phase()) {
            case UNKNOWN -> end(job, JobState.FAILED, LOST, null);
            case STARTING -> {
                if (changes(job, JobState.STARTING, driver)) {
                    jobs.transition(job.id, JobState.STARTING, null, driver.sparkAppId());
                }
                if (!job.warm()) {
                    progress.watch(job.id); // reports may come before the backend sees the driver run
                }
                yield false;
            }
            case RUNNING -> {
                if (changes(job, JobState.RUNNING, driver)) {
                    jobs.transition(job.id, JobState.RUNNING, null, driver.sparkAppId());
                }
                if (!job.warm()) {
                    progress.watch(job.id); // a warm job's progress is the engine's, shared with other jobs
                }
                yield false;
            }
            case SUCCEEDED -> end(job, JobState.SUCCEEDED, null, driver.sparkAppId());
            case FAILED -> end(job, JobState.FAILED, driver.failureReason(), driver.sparkAppId());
            case KILLED -> end(job, JobState.FAILED, "driver was killed", driver.sparkAppId());
        };
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
}
