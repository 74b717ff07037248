package io.sparkport.api;

import io.sparkport.job.JobRequest;
import io.sparkport.schedule.RunStatus;
import io.sparkport.schedule.Schedule;
import java.time.Instant;
import java.util.List;

/** A schedule as the API shows it: its spec, and its status with the recent runs (newest first). */
public record ScheduleView(String id, String name, String cron, String timeZone, JobRequest template,
                           String concurrencyPolicy, boolean suspend, int successfulRunHistoryLimit,
                           int failedRunHistoryLimit, String startingDeadline, Instant createdAt, Instant updatedAt,
                           Status status) {

    /** {@code nextRunAt} is null while the schedule is suspended. */
    public record Status(Instant lastRunAt, Instant nextRunAt, String lastJobId, List<Run> runs) {
    }

    /** {@code state} is the job's state, or SKIPPED / FAILED when no job was created; {@code slot} is null for manual runs. */
    public record Run(String jobId, String state, Instant slot, Instant at, boolean manual, String reason) {
    }

    static ScheduleView of(Schedule s, List<RunStatus> runs) {
        return new ScheduleView(s.id, s.name, s.cron, s.timeZone, s.template, s.concurrencyPolicy.label(), s.suspend,
                s.successfulHistoryLimit, s.failedHistoryLimit,
                s.startingDeadline() == null ? null : s.startingDeadline().toString(), s.createdAt, s.updatedAt,
                new Status(s.lastRunAt, s.suspend ? null : s.nextRunAt, s.lastJobId, runs.stream()
                        .map(r -> new Run(r.jobId(), r.state(), r.slot(), r.at(), r.manual(), r.reason())).toList()));
    }
}
