package io.sparkport.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkport.SparkportException;
import io.sparkport.job.Job;
import io.sparkport.job.JobFiles;
import io.sparkport.job.JobState;
import io.sparkport.job.JobStore;
import io.sparkport.job.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jboss.logging.Logger;

/** Receives what the SQL runner reports (a result preview or its failure) and serves stored previews. */
@ApplicationScoped
public class SqlResults {

    private static final Logger LOG = Logger.getLogger(SqlResults.class);

    private final JobFiles files;
    private final JobStore jobs;
    private final ObjectMapper mapper;

    public SqlResults(JobFiles files, JobStore jobs, ObjectMapper mapper) {
        this.files = files;
        this.jobs = jobs;
        this.mapper = mapper;
    }

    /** Accepts a report from a job's driver; the token must match the one the job was launched with. */
    public void accept(String jobId, String token, JsonNode report) {
        Job job = Job.byId(jobId);
        // The token is the job's current attempt's: it was made when that attempt started and is dropped
        // when the attempt ends, so it opens nothing else and nothing later.
        if (job == null || !job.state.isActive() || !ResultTokens.matches(token, job.tokenHash)) {
            throw SparkportException.unauthorized("unknown job, wrong token, or the job is not running");
        }
        if (report.hasNonNull("error")) {
            LOG.infof("job %s (pool %s): SQL runner reported: %s", jobId, job.pool, report.get("error").asText());
            jobs.reportFailure(jobId, report.get("error").asText());
            return;
        }
        SqlResult result = parse(report);
        write(files.result(jobId), result);
    }

    private SqlResult parse(JsonNode report) {
        try {
            return mapper.treeToValue(report, SqlResult.class);
        } catch (IOException e) {
            throw SparkportException.invalid("malformed result report: " + e.getMessage());
        }
    }

    private void write(Path target, SqlResult result) {
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            mapper.writeValue(temp.toFile(), result);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the result at " + target, e);
        }
    }

    /** The stored preview of a finished SQL job. */
    public SqlResult read(Job job) {
        if (job.type != JobType.SQL) {
            throw SparkportException.conflict("job " + job.id + " is a " + job.type + " job: only SQL jobs have a result");
        }
        if (job.state != JobState.SUCCEEDED) {
            throw SparkportException.conflict("job " + job.id + " is " + job.state + ": a result exists once it SUCCEEDED");
        }
        Path path = files.result(job.id);
        if (!Files.exists(path)) {
            throw SparkportException.notFound("job " + job.id + " succeeded but reported no result");
        }
        try {
            return mapper.readValue(path.toFile(), SqlResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the result of job " + job.id, e);
        }
    }
}
