package io.sparkport.cluster;

import io.sparkport.SparkportConfig;
import io.sparkport.job.DriverSpecs;
import io.sparkport.job.Job;
import io.sparkport.job.JobFiles;
import io.sparkport.job.JobStore;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolEvents;
import io.sparkport.pool.PoolPolicy;
import io.sparkport.sql.CallbackAddress;
import io.sparkport.sql.ResultTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** Starts the drivers of the queued jobs that admission lets in on a ready cluster. */
@ApplicationScoped
public class JobLauncher {

    private static final Logger LOG = Logger.getLogger(JobLauncher.class);

    private final ClusterBackend backend;
    private final JobStore jobs;
    private final JobFiles files;
    private final PoolEvents events;
    private final CallbackAddress callback;
    private final SparkportConfig config;

    public JobLauncher(ClusterBackend backend, JobStore jobs, JobFiles files, PoolEvents events, CallbackAddress callback,
                    SparkportConfig config) {
        this.backend = backend;
        this.jobs = jobs;
        this.files = files;
        this.events = events;
        this.callback = callback;
        this.config = config;
    }

    /** Returns how many drivers were launched. */
    public int launchAdmitted(String pool, PoolPolicy policy, List<Job> unfinished, ClusterObservation cluster) {
        return launchAdmitted(pool, policy, unfinished, cluster, 0);
    }

    /**
     * Returns how many drivers were launched. Jobs of the warm SQL engine are not drivers: they neither
     * queue here nor hold cores; the engine's own cores ({@code engineCores}) are not free for drivers.
     */
    public int launchAdmitted(String pool, PoolPolicy policy, List<Job> unfinished, ClusterObservation cluster,
                              int engineCores) {
        int reserved = engineCores + unfinished.stream().filter(j -> j.state.isActive() && !j.warm()).mapToInt(j -> j.cores).sum();
        java.time.Instant now = java.time.Instant.now();
        List<Admission.Candidate> queue = unfinished.stream()
                .filter(j -> j.admissible(now) && !j.warm())
                .map(j -> new Admission.Candidate(j.id, j.cores))
                .toList();
        List<Admission.Candidate> admitted = Admission.admit(queue, cluster.aliveCores() - reserved);
        Map<String, Job> byId = new HashMap<>();
        unfinished.forEach(j -> byId.put(j.id, j));
        int launched = 0;
        for (Admission.Candidate c : admitted) {
            Job job = byId.get(c.jobId());
            if (launch(job, policy)) {
                launched++;
            }
        }
        return launched;
    }

    private boolean launch(Job job, PoolPolicy policy) {
        String token = ResultTokens.newToken();
        if (!jobs.starting(job.id, ResultTokens.hash(token))) {
            return false;
        }
        try {
            backend.launchDriver(DriverSpecs.of(job, policy, callback.base(), token, config.progressInterval(),
                    config.sql().maxRows(),
                    MemorySize.parse("sparkport.local.driver-memory", config.local().driverMemory()), files.log(job.id)));
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s (pool %s): driver launch failed", job.id, job.pool);
            jobs.fail(job.id, "driver launch failed: " + e.getMessage(), null, true);
            events.record(job.pool, "job-failed", "job " + job.id + ": driver launch failed: " + e.getMessage());
            return false;
        }
    }
}
