package io.sparkport.schedule;

import io.sparkport.job.JobState;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Pure: whether a new run of a schedule starts, given its concurrency policy and the schedule's jobs that
 * are still queued or running; under Replace, which of them to cancel first.
 */
public record RunDecision(boolean start, List<String> cancelJobIds, String reason) {

    /** A job of the schedule that has not ended yet. */
    public record ActiveJob(String id, JobState state) {
    }

    public static RunDecision decide(ConcurrencyPolicy policy, List<ActiveJob> active) {
        if (active.isEmpty() || policy == ConcurrencyPolicy.ALLOW) {
            return new RunDecision(true, List.of(), null);
        }
        String earlier = active.stream().map(j -> j.id() + " (" + j.state() + ")").collect(Collectors.joining(", "));
        if (policy == ConcurrencyPolicy.FORBID) {
            return new RunDecision(false, List.of(),
                    "concurrencyPolicy Forbid: the previous run is still queued or running: job " + earlier);
        }
        return new RunDecision(true, active.stream().map(ActiveJob::id).toList(),
                "concurrencyPolicy Replace: cancelled job " + earlier);
    }
}
