package io.sparkport.cluster.progress;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkport.SparkportException;
import io.sparkport.job.Job;
import io.sparkport.job.JobStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps the latest progress of every started job as its driver reports it: the listener Sparkport adds to
 * every driver POSTs its counts every {@code sparkport.progress-interval} while they change (see
 * {@link ProgressReport}), so neither a reconcile pass nor an API request waits for a driver, and no driver
 * has to serve its UI to the service. When a job ends, its last progress is stored, since the driver goes.
 *
 * <p>The final counts come from the line the listener prints into the driver log at the application's end;
 * for a driver that could not print it (killed, cancelled) the last report is kept, up to one interval old.
 */
@ApplicationScoped
public class ProgressTracker {

    private static final Logger LOG = Logger.getLogger(ProgressTracker.class);

    private final JobStore jobs;
    private final ProgressStore store;
    private final Clock clock;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();

    /** A started job; {@code latest} stays null until its driver first reports. */
    private static final class Watched {
        volatile JobProgress latest;
    }

    public ProgressTracker(JobStore jobs, ProgressStore store, Clock clock) {
        this.jobs = jobs;
        this.store = store;
        this.clock = clock;
    }

    /** Starts taking reports for a job whose driver was started; idempotent, cheap enough for every pass. */
    public void watch(String jobId) {
        watched.computeIfAbsent(jobId, id -> new Watched());
    }

    /**
     * A report from a job's driver, which must present the job's token while the job has not ended. Reports
     * of jobs not (or no longer) watched are dropped, so a late one cannot outlive {@link #keepFinal}.
     */
    public void report(String jobId, String token, JsonNode report) {
        Job job = jobs.reportingDriver(jobId, token);
        JobProgress progress = ProgressReport.parse(report, clock.instant()).orElseThrow(() -> SparkportException.invalid(
                "a progress report needs the objects stages, tasks and jobs, each with completed and total"));
        boolean followed = watched.computeIfPresent(job.id, (id, w) -> {
            w.latest = progress;
            return w;
        }) != null;
        if (followed && job.sparkAppId == null) {
            ProgressReport.appId(report).ifPresent(appId -> jobs.transition(job.id, job.state, null, appId));
        }
    }

    /**
     * Stores the final counts of a job whose driver has ended, the driver's own report or else the last one it
     * sent, and stops following it.
     */
    public void keepFinal(String jobId) {
        Watched w = watched.remove(jobId);
        try {
            store.reportedByDriver(jobId, clock.instant())
                    .or(() -> Optional.ofNullable(w).map(x -> x.latest))
                    .ifPresent(p -> store.write(jobId, p));
        } catch (RuntimeException e) {
            LOG.warnf(e, "job %s: cannot store its final progress", jobId);
        }
    }

    /** The job's progress: the stored one once it ended, the latest report while it runs, else empty. */
    public Optional<JobProgress> of(Job job) {
        if (job.state.isTerminal()) {
            return store.read(job.id);
        }
        return Optional.ofNullable(watched.get(job.id)).map(w -> w.latest);
    }
}
