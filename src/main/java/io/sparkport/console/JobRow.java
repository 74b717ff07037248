package io.sparkport.console;

import io.sparkport.job.Job;
import io.sparkport.job.JobState;

/** A job as a line of a console table. */
public record JobRow(String id, String pool, String type, String name, String state, String stateClass, String created,
                     String createdIso, String took, String reason, String scheduleId) {

    static JobRow of(Job j) {
        String took = ConsoleFormat.between(j.startedAt, j.finishedAt);
        return new JobRow(j.id, j.pool, j.type.name(), j.name == null ? "" : j.name, j.state.name(),
                stateClass(j.state), ConsoleFormat.time(j.createdAt), ConsoleFormat.iso(j.createdAt), took,
                j.failureReason == null ? "" : ConsoleFormat.shorten(j.failureReason, 140), j.scheduleId);
    }

    /** The CSS class of a job state's badge: ok, bad, busy or idle. */
    static String stateClass(JobState state) {
        return switch (state) {
            case SUCCEEDED -> "ok";
            case FAILED -> "bad";
            case STARTING, RUNNING -> "busy";
            case QUEUED, CANCELLED -> "idle";
        };
    }
}
