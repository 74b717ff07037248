package io.sparkport.api;

import io.sparkport.cluster.progress.JobProgress;
import io.sparkport.job.Job;
import io.sparkport.job.JobAttempt;
import io.sparkport.pool.MemorySize;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as the API shows it: what was asked, and where it is in its life. {@code progress} is filled in
 * for a single job ({@code GET /jobs/{id}}) once its driver has reported, and null in listings;
 * {@code sparkUiUrl}, also only for a single job, is the driver's Spark UI while the job runs.
 * {@code engine} is where an SQL job runs ({@code warm} or {@code batch}), null for SPARK jobs.
 * {@code attempt} counts from 1; {@code attempts} are the ended ones, and {@code retryAt} is when a job
 * queued again after a failed attempt may start its next one. A SPARK job is also a batch of the Livy and
 * Kyuubi surfaces: {@code livyId} is its id under {@code /livy/batches}, {@code batchId} under
 * {@code /kyuubi/api/v1/batches}.
 */
public record JobView(String id, String pool, String type, String name, String state, Instant createdAt,
                      Instant startedAt, Instant finishedAt, String failureReason, String sparkAppId,
                      int priority, int cores, String executorMemory, String driverMemory, String sql,
                      String appResource, String mainClass, List<String> args, List<String> pyFiles,
                      Map<String, String> conf, String scheduleId, String engine, JobProgress progress,
                      String sparkUiUrl, int retries, String timeout, int attempt, Instant retryAt,
                      List<JobAttempt> attempts, Long livyId, String batchId) {

    static JobView of(Job j) {
        return of(j, null, null);
    }

    static JobView of(Job j, JobProgress progress, String sparkUiUrl) {
        return new JobView(j.id, j.pool, j.type.name(), j.name, j.state.name(), j.createdAt, j.startedAt,
                j.finishedAt, j.failureReason, j.sparkAppId, j.priority, j.cores,
                new MemorySize(j.executorMemoryMb).toSpark(),
                j.driverMemoryMb == null ? null : new MemorySize(j.driverMemoryMb).toSpark(),
                j.sql, j.appResource, j.mainClass, j.args, j.pyFiles, j.conf, j.scheduleId,
                j.engine == null ? null : j.engine.name().toLowerCase(java.util.Locale.ROOT), progress, sparkUiUrl,
                j.maxRetries, j.timeout() == null ? null : j.timeout().toString(), j.attempt,
                j.state == io.sparkport.job.JobState.QUEUED ? j.notBefore : null, List.copyOf(j.attempts),
                j.type == io.sparkport.job.JobType.SPARK ? j.seq : null,
                j.type == io.sparkport.job.JobType.SPARK ? j.batchId : null);
    }

    /** One page of a job listing; {@code next} is the {@code after} of the following page. */
    public record Page(List<JobView> jobs, String next) {
    }
}
