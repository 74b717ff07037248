package io.sparkport.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job is in its life: QUEUED → STARTING → RUNNING → SUCCEEDED | FAILED | CANCELLED; a failed
 * attempt of a job with retries left goes from STARTING or RUNNING back to QUEUED (never through FAILED).
 */
public enum JobState {
    QUEUED,
    STARTING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** States in which a driver may exist and hold cores of the pool's cluster. */
    public static final Set<JobState> ACTIVE = EnumSet.of(STARTING, RUNNING);

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public boolean isActive() {
        return ACTIVE.contains(this);
    }

    /** Whether the state machine allows the move; a terminal state never changes again. */
    public boolean canMoveTo(JobState next) {
        return switch (this) {
            case QUEUED -> next == STARTING || next == FAILED || next == CANCELLED;
            case STARTING -> next == RUNNING || next == QUEUED || next.isTerminal();
            case RUNNING -> next == QUEUED || next.isTerminal();
            case SUCCEEDED, FAILED, CANCELLED -> false;
        };
    }
}
