package io.sparkport.api.batch;

import io.sparkport.SparkportConfig;
import io.sparkport.SparkportException;
import io.sparkport.auth.Access;
import io.sparkport.cluster.ClusterBackend;
import io.sparkport.job.Job;
import io.sparkport.job.JobFiles;
import io.sparkport.job.JobFilter;
import io.sparkport.job.JobRequest;
import io.sparkport.job.JobService;
import io.sparkport.job.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * What the Livy and Kyuubi surfaces do with jobs, in one place: submit as the caller, find a batch the caller
 * may see, list them, read the driver log, cancel. Authorization is that of {@code /api/v1} jobs.
 */
@ApplicationScoped
public class Batches {

    private final JobService jobs;
    private final JobFiles files;
    private final ClusterBackend backend;
    private final Access access;
    private final String fallbackPool;

    public Batches(JobService jobs, JobFiles files, ClusterBackend backend, Access access, SparkportConfig config) {
        this.jobs = jobs;
        this.files = files;
        this.backend = backend;
        this.access = access;
        this.fallbackPool = config.batches().pool();
    }

    /** The pool of a batch whose request names none. */
    public String fallbackPool() {
        return fallbackPool;
    }

    /** Submits a batch as the caller, who must own its pool; {@code batchId} null: a random one. */
    public Job submit(JobRequest request, UUID batchId) {
        access.requirePool(request.pool());
        return jobs.submit(request, access.caller().name(), batchId);
    }

    /** The batch, when it is one (a SPARK job) and the caller may see it; else a 404 with {@code notFound}. */
    public Job visible(Optional<Job> found, String notFound) {
        Job job = found.filter(j -> j.type == JobType.SPARK)
                .orElseThrow(() -> SparkportException.notFound(notFound));
        access.requirePool(job.pool);
        return job;
    }

    public Optional<Job> bySeq(long seq) {
        return jobs.bySeq(seq);
    }

    public Optional<Job> byBatchId(String batchId) {
        return jobs.byBatchId(batchId);
    }

    /** Batches that match, among those of the caller's pools. */
    public JobService.Found list(JobFilter filter, int from, int size, boolean newestFirst) {
        return jobs.find(filter.withType(JobType.SPARK).withVisiblePools(access.visiblePools()), from, size, newestFirst);
    }

    public JobFiles.LogPage log(Job job, long from, long size) {
        return files.logPage(job.id, from, size);
    }

    /** The driver's Spark UI while the batch runs. */
    public String sparkUiUrl(Job job) {
        return job.state.isActive() ? backend.driver(job.id).uiUrl() : null;
    }

    /** Cancels a batch that has not ended; false when it had (or ended while being cancelled). */
    public boolean cancel(Job job) {
        if (job.state.isTerminal()) {
            return false;
        }
        try {
            jobs.cancel(job.id);
            return true;
        } catch (SparkportException e) {
            if (e.kind() == SparkportException.Kind.CONFLICT) {
                return false; // it ended a moment ago
            }
            throw e;
        }
    }
}
