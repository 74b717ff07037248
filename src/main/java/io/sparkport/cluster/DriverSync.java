package io.sparkport.cluster;

import io.sparkport.cluster.progress.ProgressTracker;
import io.sparkport.job.Job;
import io.sparkport.job.JobState;
import io.sparkport.job.JobStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Brings the stored state of started jobs up to date with their drivers, and stops cancelled ones. */
@ApplicationScoped
public class DriverSync {

    static final String LOST = "driver lost: the service restarted while the job ran";

    private final ClusterBackend backend;
    private final JobStore jobs;
    private final ProgressTracker progress;

    public DriverSync(ClusterBackend backend, JobStore jobs, ProgressTracker progress) {
        this.backend = backend;
        this.jobs = jobs;
        this.progress = progress;
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
            backend.cancelDriver(job.id);
            return end(job, JobState.CANCELLED, "cancelled by request", null);
        }
        DriverObservation driver = backend.driver(job.id);
        return switch (driver.phase()) {
            case UNKNOWN -> end(job, JobState.FAILED, LOST, null);
            case STARTING -> {
                if (changes(job, JobState.STARTING, driver)) {
                    jobs.transition(job.id, JobState.STARTING, null, driver.sparkAppId());
                }
                yield false;
            }
            case RUNNING -> {
                if (changes(job, JobState.RUNNING, driver)) {
                    jobs.transition(job.id, JobState.RUNNING, null, driver.sparkAppId());
                }
                progress.watch(job.id);
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
        backend.release(job.id);
        return true;
    }
}
