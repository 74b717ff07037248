package io.sparkport.job;

import io.sparkport.SparkportConfig;
import io.sparkport.SparkportException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files Sparkport keeps per job under {@code <data-dir>/jobs/<id>/}: the driver log, the SQL result
 * preview and the final progress.
 */
@ApplicationScoped
public class JobFiles {

    private static final int TAIL_BYTES = 64 * 1024;

    private final Path jobsDir;

    public JobFiles(SparkportConfig config) {
        this.jobsDir = config.dataDir().toAbsolutePath().normalize().resolve("jobs");
    }

    /** The last lines of a log (its last 64 KiB), where a driver's failure or final report stands. */
    public static List<String> tail(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public Path log(String jobId) {
        return jobsDir.resolve(jobId).resolve("driver.log");
    }

    /** Appends one line to the job's log (jobs on a warm SQL engine have no driver writing one). */
    public void appendLog(String jobId, String line) {
        Path log = log(jobId);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log of job " + jobId, e);
        }
    }

    /** The log of an earlier attempt of a retried job. */
    public Path attemptLog(String jobId, int attempt) {
        return jobsDir.resolve(jobId).resolve("driver-attempt-" + attempt + ".log");
    }

    /** Moves the driver log aside as the log of the attempt that just failed, so the next attempt starts a fresh one. */
    public void keepAttemptLog(String jobId, int attempt) {
        Path log = log(jobId);
        try {
            if (Files.exists(log)) {
                Files.move(log, attemptLog(jobId, attempt), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the log of attempt " + attempt + " of job " + jobId, e);
        }
    }

    public Path result(String jobId) {
        return jobsDir.resolve(jobId).resolve("result.json");
    }

    /** Deletes the job's directory (driver log, result preview); nothing happens when there is none. */
    public void delete(String jobId) {
        Path dir = jobsDir.resolve(jobId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the files of job " + jobId, e);
        }
    }

    public Path progress(String jobId) {
        return jobsDir.resolve(jobId).resolve("progress.json");
    }

    /** Lines {@code [offset, offset + limit)} of the driver log, each ending in a newline; empty before the driver starts. */
    public String logLines(String jobId, long offset, long limit) {
        if (offset < 0 || limit < 0) {
            throw SparkportException.invalid("offset and limit must not be negative");
        }
        return lines(jobId, offset, limit).stream().map(l -> l + "\n").collect(Collectors.joining());
    }

    /** A page of the driver log: its lines and where they stand (see {@link LogWindow}). */
    public record LogPage(LogWindow window, List<String> lines) {
    }

    public LogPage logPage(String jobId, long from, long size) {
        LogWindow window = LogWindow.of(lineCount(jobId), from, size);
        return new LogPage(window, lines(jobId, window.from(), window.size()));
    }

    private long lineCount(String jobId) {
        try (Stream<String> lines = open(jobId)) {
            return lines.count();
        }
    }

    private List<String> lines(String jobId, long offset, long limit) {
        try (Stream<String> lines = open(jobId)) {
            return lines.skip(offset).limit(limit).toList();
        }
    }

    /** The driver log's lines (none before the driver starts); the stream must be closed. */
    private Stream<String> open(String jobId) {
        Path log = log(jobId);
        if (!Files.exists(log)) {
            return Stream.empty();
        }
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(log), StandardCharsets.UTF_8));
            return reader.lines().onClose(() -> {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (java.nio.file.NoSuchFileException e) {
            return Stream.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of job " + jobId, e);
        }
    }
}
