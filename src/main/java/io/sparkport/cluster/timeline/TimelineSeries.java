package io.sparkport.cluster.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure: builds a pool's {@link Timeline} over {@code [since, now]} from the samples recorded in it and the
 * last one recorded before it. The level known at {@code since} opens the series, every sample follows
 * (two in the same millisecond keep the later one), and the last level is carried on to {@code now}, so the
 * chart's steps reach the present. No sample at all gives an empty series.
 */
public final class TimelineSeries {

    private TimelineSeries() {
    }

    /** An event as the series takes it. */
    public record EventIn(Instant at, String kind, String message) {
    }

    /**
     * @param before  the last sample recorded before {@code since}, or null
     * @param samples the samples recorded in {@code [since, now]}, oldest first
     * @param events  the pool's events in the window, oldest first
     */
    public static Timeline build(String pool, Instant since, Instant now, Sample before, List<Sample> samples,
                                 List<EventIn> events) {
        List<Sample> points = new ArrayList<>();
        if (before != null) {
            points.add(at(before, since));
        }
        for (Sample s : samples) {
            if (s.at().isBefore(since) || s.at().isAfter(now)) {
                continue;
            }
            if (!points.isEmpty() && !points.get(points.size() - 1).at().isBefore(s.at())) {
                points.remove(points.size() - 1);
            }
            points.add(s);
        }
        if (!points.isEmpty() && points.get(points.size() - 1).at().isBefore(now)) {
            points.add(at(points.get(points.size() - 1), now));
        }
        List<Timeline.Event> marks = events.stream()
                .filter(e -> !e.at().isBefore(since) && !e.at().isAfter(now))
                .map(e -> new Timeline.Event(seconds(e.at()), e.at(), e.kind(), e.message()))
                .toList();
        return new Timeline(pool, since, now,
                points.stream().map(p -> seconds(p.at())).toList(),
                points.stream().map(Sample::workersCurrent).toList(),
                points.stream().map(Sample::workersDesired).toList(),
                points.stream().map(Sample::runningJobs).toList(),
                points.stream().map(Sample::queuedJobs).toList(),
                points.stream().map(Sample::demandCores).toList(),
                points.stream().map(Sample::state).toList(),
                marks);
    }

    private static Sample at(Sample s, Instant at) {
        return new Sample(at, s.state(), s.workersCurrent(), s.workersDesired(), s.runningJobs(), s.queuedJobs(),
                s.demandCores());
    }

    static double seconds(Instant at) {
        return at.toEpochMilli() / 1000.0;
    }
}
