package io.sparkport.console;

import io.sparkport.SparkportException;
import io.sparkport.cluster.progress.ProgressTracker;
import io.sparkport.job.Job;
import io.sparkport.job.JobFiles;
import io.sparkport.job.JobRequest;
import io.sparkport.job.JobState;
import io.sparkport.job.JobType;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolStorage;
import io.sparkport.sql.ResultCsv;
import io.sparkport.sql.SqlResult;
import io.sparkport.sql.SqlResults;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;

/** Gathers what the console shows of one job through the same services as the API: progress, log, result. */
@ApplicationScoped
public class JobDetails {

    private final JobFiles files;
    private final SqlResults results;
    private final ProgressTracker progress;
    private final PoolStorage storage;

    public JobDetails(JobFiles files, SqlResults results, ProgressTracker progress, PoolStorage storage) {
        this.files = files;
        this.results = results;
        this.progress = progress;
        this.storage = storage;
    }

    public JobDetail of(Job job) {
        SqlResult result = null;
        String note = null;
        if (job.type == JobType.SQL && job.state == JobState.SUCCEEDED) {
            try {
                result = results.read(job);
            } catch (SparkportException e) {
                note = e.getMessage();
            }
        }
        List<String> log = JobFiles.tail(files.log(job.id));
        return JobDetail.of(job, progress.of(job).orElse(null), log, result, note);
    }

    /** The full result as CSV (the files in the pool, or the preview when they are gone), as the API serves it. */
    public StreamingOutput csv(Job job) {
        SqlResult preview = results.read(job);
        return out -> ResultCsv.write(storage, job.pool, preview, out);
    }

    /** The request that submits the same job again (not as part of its schedule). */
    static JobRequest again(Job j) {
        return new JobRequest(j.pool, j.type.name(), j.name, j.sql, j.appResource, j.mainClass, j.args, j.pyFiles,
                j.conf, j.cores, new MemorySize(j.executorMemoryMb).toSpark(),
                j.driverMemoryMb == null ? null : new MemorySize(j.driverMemoryMb).toSpark(), j.priority);
    }
}
