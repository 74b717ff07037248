package io.sparkport.cluster.progress;

import java.time.Instant;
import java.util.List;

/**
 * How far a job's Spark application has come, as its driver last reported it, received at {@code observedAt}:
 * stages and tasks completed out of those known so far (Spark learns of a query's later stages only as it
 * plans them, so totals may grow while a job runs), the Spark jobs behind them, and the stages running now.
 */
public record JobProgress(Count stages, Count tasks, List<String> activeStages, Count jobs, Instant observedAt) {

    public record Count(int completed, int total) {

        /** Never more completed than the total: a snapshot may catch a count between two updates. */
        public static Count of(int completed, int total) {
            int t = Math.max(total, 0);
            return new Count(Math.max(0, Math.min(completed, t)), t);
        }
    }
}
