package io.sparkport.cluster.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineSeriesTest {

    static final Instant SINCE = Instant.parse("2026-11-27T01:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");

    static Sample sample(String at, String state, int current, int desired, int running, int queued) {
        return new Sample(Instant.parse(at), state, current, desired, running, queued, running + queued);
    }

    static double s(String at) {
        return Instant.parse(at).toEpochMilli() / 1000.0;
    }

    @Test
    void aBurstBecomesStepsFromTheWindowsStartToNow() {
        Sample before = sample("2026-11-27T00:10:00Z", "DOWN", 0, 0, 0, 0);
        List<Sample> samples = List.of(
                sample("2026-11-27T02:00:00Z", "STARTING", 0, 2, 0, 4),
                sample("2026-11-27T02:00:20Z", "READY", 2, 2, 2, 2),
                sample("2026-11-27T02:05:00Z", "READY", 1, 1, 0, 0),
                sample("2026-11-27T02:10:00Z", "DOWN", 0, 0, 0, 0));
        List<TimelineSeries.EventIn> events = List.of(
                new TimelineSeries.EventIn(Instant.parse("2026-11-27T00:30:00Z"), "teardown", "before the window"),
                new TimelineSeries.EventIn(Instant.parse("2026-11-27T02:00:00Z"), "start", "started: 4 queued jobs need 4 cores"),
                new TimelineSeries.EventIn(Instant.parse("2026-11-27T02:10:00Z"), "teardown", "torn down: idle for PT5M"));

        Timeline t = TimelineSeries.build("p", SINCE, NOW, before, samples, events);

        assertEquals(List.of(s("2026-11-27T01:00:00Z"), s("2026-11-27T02:00:00Z"), s("2026-11-27T02:00:20Z"),
                s("2026-11-27T02:05:00Z"), s("2026-11-27T02:10:00Z"), s("2026-11-27T04:00:00Z")), t.t());
        assertEquals(List.of(0, 0, 2, 1, 0, 0), t.workersCurrent());
        assertEquals(List.of(0, 2, 2, 1, 0, 0), t.workersDesired());
        assertEquals(List.of(0, 4, 2, 0, 0, 0), t.queuedJobs());
        assertEquals(List.of(0, 0, 2, 0, 0, 0), t.runningJobs());
        assertEquals(List.of(0, 4, 4, 0, 0, 0), t.demandCores());
        assertEquals(List.of("DOWN", "STARTING", "READY", "READY", "DOWN", "DOWN"), t.state());
        assertEquals(List.of("start", "teardown"), t.events().stream().map(Timeline.Event::kind).toList());
        assertEquals(s("2026-11-27T02:10:00Z"), t.events().get(1).t());
        assertEquals(SINCE, t.since());
        assertEquals(NOW, t.until());
    }

    @Test
    void withoutAnySampleTheSeriesIsEmpty() {
        Timeline t = TimelineSeries.build("p", SINCE, NOW, null, List.of(), List.of());
        assertEquals(0, t.points());
        assertTrue(t.workersCurrent().isEmpty());
    }

    @Test
    void anOldLevelAloneStillSpansTheWindow() {
        Timeline t = TimelineSeries.build("p", SINCE, NOW, sample("2026-11-27T00:59:00Z", "READY", 1, 1, 1, 0),
                List.of(), List.of());
        assertEquals(List.of(s("2026-11-27T01:00:00Z"), s("2026-11-27T04:00:00Z")), t.t());
        assertEquals(List.of(1, 1), t.workersCurrent());
    }

    @Test
    void twoSamplesAtTheSameInstantKeepTheLaterAndSamplesOutsideTheWindowAreLeftOut() {
        Timeline t = TimelineSeries.build("p", SINCE, NOW, null, List.of(
                sample("2026-11-27T00:00:00Z", "READY", 9, 9, 9, 9),
                sample("2026-11-27T02:00:00Z", "STARTING", 0, 1, 0, 1),
                sample("2026-11-27T02:00:00Z", "READY", 1, 1, 1, 0),
                sample("2026-11-27T05:00:00Z", "READY", 7, 7, 7, 7)), List.of());
        assertEquals(List.of(s("2026-11-27T02:00:00Z"), s("2026-11-27T04:00:00Z")), t.t());
        assertEquals(List.of("READY", "READY"), t.state());
        assertEquals(List.of(1, 1), t.workersCurrent());
    }

    @Test
    void aSampleAtNowIsNotRepeated() {
        Timeline t = TimelineSeries.build("p", SINCE, NOW, null, List.of(sample("2026-11-27T04:00:00Z", "DOWN", 0, 0, 0, 0)),
                List.of());
        assertEquals(1, t.points());
    }

    @Test
    void aSampleIsWorthARowWhenFirstChangedOrAfterTheHeartbeat() {
        Duration heartbeat = Duration.ofMinutes(5);
        Sample first = sample("2026-11-27T02:00:00Z", "READY", 1, 1, 1, 0);
        assertTrue(first.worthRecording(null, heartbeat));
        assertFalse(sample("2026-11-27T02:04:59Z", "READY", 1, 1, 1, 0).worthRecording(first, heartbeat));
        assertTrue(sample("2026-11-27T02:05:00Z", "READY", 1, 1, 1, 0).worthRecording(first, heartbeat));
        assertTrue(sample("2026-11-27T02:00:01Z", "READY", 2, 1, 1, 0).worthRecording(first, heartbeat));
        assertTrue(sample("2026-11-27T02:00:01Z", "READY", 1, 2, 1, 0).worthRecording(first, heartbeat));
        assertTrue(sample("2026-11-27T02:00:01Z", "READY", 1, 1, 0, 1).worthRecording(first, heartbeat));
        assertTrue(sample("2026-11-27T02:00:01Z", "STOPPING", 1, 1, 1, 0).worthRecording(first, heartbeat));
        assertTrue(new Sample(Instant.parse("2026-11-27T02:00:01Z"), "READY", 1, 1, 1, 0, 2).worthRecording(first, heartbeat));
    }
}
