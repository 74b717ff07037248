package io.sparkport.engine;

import io.sparkport.cluster.SqlEngineObservation;
import io.sparkport.SparkportConfig;
import io.sparkport.job.Job;
import io.sparkport.job.JobState;
import io.sparkport.job.JobStore;
import io.sparkport.pool.PoolEvents;
import io.sparkport.pool.PoolStorage;
import io.sparkport.engine.WarmSqlJobs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Hands the queued jobs of a pool's warm SQL engine to it once it is READY. They need no cores of their
 * own: every one starts at once, and the engine's FAIR scheduler shares its executors between them.
 */
@ApplicationScoped
public class WarmSqlLauncher {

    private static final Logger LOG = Logger.getLogger(WarmSqlLauncher.class);

    private final JobStore jobs;
    private final WarmSqlJobs warm;
    private final PoolStorage storage;
    private final PoolEvents events;
    private final int maxRows;

    public WarmSqlLauncher(JobStore jobs, WarmSqlJobs warm, PoolStorage storage, PoolEvents events, SparkportConfig config) {
        this.jobs = jobs;
        this.warm = warm;
        this.storage = storage;
        this.events = events;
        this.maxRows = config.sql().maxRows();
    }

    /** Returns how many jobs were handed to the engine. */
    public int launch(String pool, List<Job> unfinished, SqlEngineObservation engine) {
        if (!engine.ready()) {
            return 0;
        }
        int launched = 0;
        for (Job job : unfinished) {
            if (job.warm() && job.state == JobState.QUEUED && jobs.starting(job.id, null)) {
                try {
                    warm.run(job, engine, storage.root(pool), maxRows);
                    launched++;
                } catch (RuntimeException e) {
                    LOG.errorf(e, "job %s (pool %s): the SQL engine did not take it", job.id, pool);
                    jobs.transition(job.id, JobState.FAILED, "the SQL engine did not take the job: " + e.getMessage(), null);
                    events.record(pool, "job-failed", "job " + job.id + ": the SQL engine did not take it: " + e.getMessage());
                }
            }
        }
        return launched;
    }
}
