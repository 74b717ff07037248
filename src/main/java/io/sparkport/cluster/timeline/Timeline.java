package io.sparkport.cluster.timeline;

import java.time.Instant;
import java.util.List;

/**
 * A pool's timeline over a window, in columns ready for a chart: {@code t} holds epoch seconds, and the
 * other lists hold the level from that instant on (a step chart). {@code events} are the pool's events of
 * the window (cluster started, scaled, torn down, incidents) with their reasons.
 */
public record Timeline(String pool, Instant since, Instant until, List<Double> t, List<Integer> workersCurrent,
                       List<Integer> workersDesired, List<Integer> runningJobs, List<Integer> queuedJobs,
                       List<Integer> demandCores, List<String> state, List<Event> events) {

    /** A pool event placed on the timeline: {@code t} in epoch seconds. */
    public record Event(double t, Instant at, String kind, String message) {
    }

    public int points() {
        return t.size();
    }
}
