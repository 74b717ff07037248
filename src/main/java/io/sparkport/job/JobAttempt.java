package io.sparkport.job;

import java.time.Instant;

/**
 * One finished attempt of a job that may be retried: when it started and ended, how it ended
 * ({@code FAILED}, or {@code RETRIED} when another attempt followed) and why.
 */
public record JobAttempt(int attempt, Instant startedAt, Instant finishedAt, String outcome, String reason,
                         String sparkAppId) {
}
