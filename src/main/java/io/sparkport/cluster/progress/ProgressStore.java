package io.sparkport.cluster.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkport.job.JobFiles;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * A finished job's last progress, kept as {@code progress.json} next to its driver log: observed data
 * that outlives the driver, like the log and the SQL result preview, not intent for the database.
 * Also finds the final counts the driver itself printed at the end of that log.
 */
@ApplicationScoped
public class ProgressStore {


    private final JobFiles files;
    private final ObjectMapper mapper;

    public ProgressStore(JobFiles files, ObjectMapper mapper) {
        this.files = files;
        this.mapper = mapper;
    }

    public void write(String jobId, JobProgress progress) {
        Path target = files.progress(jobId);
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            mapper.writeValue(temp.toFile(), progress);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the progress of job " + jobId + " at " + target, e);
        }
    }

    /** The counts the driver printed when its application ended, if its log has them. */
    public Optional<JobProgress> reportedByDriver(String jobId, Instant now) {
        return ProgressReport.findInLog(JobFiles.tail(files.log(jobId)), now);
    }

    public Optional<JobProgress> read(String jobId) {
        Path path = files.progress(jobId);
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(path.toFile(), JobProgress.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the progress of job " + jobId, e);
        }
    }
}
