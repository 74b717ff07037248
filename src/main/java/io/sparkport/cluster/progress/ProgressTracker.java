package io.sparkport.cluster.progress;

import io.sparkport.SparkportConfig;
import io.sparkport.cluster.ClusterBackend;
import io.sparkport.cluster.DriverObservation;
import io.sparkport.cluster.DriverPhase;
import io.sparkport.job.Job;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the latest progress of every running job, read from its driver's Spark UI on a thread of its own
 * every {@code sparkport.progress-interval}, so that neither a reconcile pass nor an API request waits
 * for a driver. When a job ends, its last progress is stored, since the UI goes with the driver.
 *
 * <p>A driver stops its UI before it exits, so the UI never shows the final counts. Drivers print them at
 * their application's end (the listener Sparkport adds, see {@link FinalProgressLine}), and those are kept;
 * for a driver that could not (killed, cancelled) the last counts read from its UI are, up to one interval old.
 */
@ApplicationScoped
public class ProgressTracker {

    private static final Logger LOG = Logger.getLogger(ProgressTracker.class);

    private final ClusterBackend backend;
    private final SparkUiClient ui;
    private final ProgressStore store;
    private final Clock clock;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;

    /** A running job; {@code latest} stays null until its UI first answers. */
    private static final class Watched {
        volatile JobProgress latest;
    }

    public ProgressTracker(ClusterBackend backend, SparkUiClient ui, ProgressStore store, Clock clock,
                           SparkportConfig config) {
        this.backend = backend;
        this.ui = ui;
        this.store = store;
        this.clock = clock;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sparkport-progress");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(config.progressInterval().toMillis(), 100);
        poller.scheduleWithFixedDelay(this::pollAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Starts following a job whose driver runs; idempotent, and cheap enough for every reconcile pass. */
    public void watch(String jobId) {
        watched.computeIfAbsent(jobId, id -> new Watched());
    }

    /**
     * Stores the final counts of a job whose driver has ended, the driver's own report or else what was last
     * read from its UI, and stops following it.
     */
    public void keepFinal(String jobId) {
        Watched w = watched.get(jobId);
        try {
            store.reportedByDriver(jobId, clock.instant())
                    .or(() -> Optional.ofNullable(w).map(x -> x.latest))
                    .ifPresent(p -> store.write(jobId, p));
        } catch (RuntimeException e) {
            LOG.warnf(e, "job %s: cannot store its final progress", jobId);
        }
        watched.remove(jobId);
    }

    /** The job's progress: the latest read while it runs, the stored one once it ended, else empty. */
    public Optional<JobProgress> of(Job job) {
        Watched w = watched.get(job.id);
        if (w != null && w.latest != null) {
            return Optional.of(w.latest);
        }
        return job.state.isTerminal() ? store.read(job.id) : Optional.empty();
    }

    private void pollAll() {
        try {
            watched.forEach(this::poll);
        } catch (RuntimeException e) {
            LOG.warnf(e, "reading job progress failed; trying again in the next round");
        }
    }

    private void poll(String jobId, Watched w) {
        DriverObservation driver = backend.driver(jobId);
        if (driver.phase() == DriverPhase.RUNNING) {
            ui.read(driver.uiUrl(), driver.sparkAppId(), clock.instant()).ifPresent(p -> w.latest = p);
        }
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }
}
