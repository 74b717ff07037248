package io.sparkport.schedule;

import io.sparkport.job.JobState;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure: which run records of a schedule to prune. The newest {@code successfulRunHistoryLimit} succeeded
 * runs and the newest {@code failedRunHistoryLimit} failed ones (a failed, cancelled, or never created
 * job) are kept, and so are the newest {@value #SKIPPED_KEPT} skipped slots. A run whose job is still
 * queued or running is never pruned.
 */
public final class RunHistory {

    static final int SKIPPED_KEPT = 10;

    /** How a run counts against the limits. */
    public enum Kind { ACTIVE, SUCCEEDED, FAILED, SKIPPED }

    /** A run record with its key. */
    public record Entry(long seq, Kind kind) {
    }

    private RunHistory() {
    }

    /** How a run with this outcome and (for started runs) job state counts; a started run whose job is gone counts as failed. */
    public static Kind kind(RunOutcome outcome, JobState jobState) {
        return switch (outcome) {
            case SKIPPED -> Kind.SKIPPED;
            case FAILED -> Kind.FAILED;
            case STARTED -> jobState == null ? Kind.FAILED
                    : !jobState.isTerminal() ? Kind.ACTIVE
                    : jobState == JobState.SUCCEEDED ? Kind.SUCCEEDED : Kind.FAILED;
        };
    }

    /** The records to prune, given all of a schedule's run records newest first. */
    public static List<Long> toPrune(List<Entry> newestFirst, int successfulLimit, int failedLimit) {
        List<Long> prune = new ArrayList<>();
        int succeeded = 0;
        int failed = 0;
        int skipped = 0;
        for (Entry e : newestFirst) {
            boolean keep = switch (e.kind()) {
                case ACTIVE -> true;
                case SUCCEEDED -> ++succeeded <= successfulLimit;
                case FAILED -> ++failed <= failedLimit;
                case SKIPPED -> ++skipped <= SKIPPED_KEPT;
            };
            if (!keep) {
                prune.add(e.seq());
            }
        }
        return prune;
    }
}
