package io.sparkport.schedule;

/** What became of one slot (or manual trigger) of a schedule. */
public enum RunOutcome {
    /** A job was created; its state is the run's state. */
    STARTED,
    /** No job: the concurrency policy forbade it, or the slot was missed past its starting deadline. */
    SKIPPED,
    /** No job: the template could not be submitted any more (its pool is gone, a file is missing...). */
    FAILED
}
