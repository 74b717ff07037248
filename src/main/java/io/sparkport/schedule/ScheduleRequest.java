package io.sparkport.schedule;

import io.sparkport.job.JobRequest;

/**
 * The body of {@code POST /api/v1/schedules} and {@code PUT /api/v1/schedules/{id}}; field names as in a
 * Kubernetes CronJob where they overlap. {@code template} is the body of {@code POST /api/v1/jobs}.
 * Absent optional fields take their defaults: UTC, Allow, not suspended, 3 and 1 runs of history, no deadline.
 */
public record ScheduleRequest(String name, String cron, String timeZone, JobRequest template, String concurrencyPolicy,
                              Boolean suspend, Integer successfulRunHistoryLimit, Integer failedRunHistoryLimit,
                              String startingDeadline) {
}
