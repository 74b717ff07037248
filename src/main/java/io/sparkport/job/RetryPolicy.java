package io.sparkport.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Pure: whether a failed attempt is retried, and after which backoff (doubling per attempt, capped). */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff) {

    /**
     * @param attempt    the attempt that failed, from 1
     * @param maxRetries retries the job asked for
     * @param deadline   the job's timeout deadline, or null: a retry that could not start before it is not made
     * @return the backoff before the next attempt, or empty when the job has failed for good
     */
    public Optional<Duration> next(int attempt, int maxRetries, Instant now, Instant deadline) {
        if (attempt > maxRetries) {
            return Optional.empty();
        }
        Duration backoff = backoff(attempt);
        if (deadline != null && !now.plus(backoff).isBefore(deadline)) {
            return Optional.empty();
        }
        return Optional.of(backoff);
    }

    Duration backoff(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /** When a job's timeout runs out: its first start plus the timeout, or null without either. */
    public static Instant deadline(Job job) {
        return job.startedAt == null || job.timeoutSeconds == null ? null : job.startedAt.plusSeconds(job.timeoutSeconds);
    }
}
