package io.sparkport.schedule;

import static io.sparkport.schedule.RunHistory.Kind.ACTIVE;
import static io.sparkport.schedule.RunHistory.Kind.FAILED;
import static io.sparkport.schedule.RunHistory.Kind.SKIPPED;
import static io.sparkport.schedule.RunHistory.Kind.SUCCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkport.job.JobState;
import io.sparkport.schedule.RunHistory.Entry;
import io.sparkport.schedule.RunHistory.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RunHistoryTest {

    /** Runs numbered from the newest (highest seq) down. */
    static List<Entry> newestFirst(Kind... kinds) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            out.add(new Entry(kinds.length - i, kinds[i]));
        }
        return out;
    }

    @Test
    void keepsTheNewestSucceededAndFailedRunsWithinTheirLimits() {
        // seq: 7=S 6=F 5=S 4=S 3=F 2=S 1=S
        List<Entry> runs = newestFirst(SUCCEEDED, FAILED, SUCCEEDED, SUCCEEDED, FAILED, SUCCEEDED, SUCCEEDED);
        assertEquals(List.of(3L, 2L, 1L), RunHistory.toPrune(runs, 3, 1));
        assertEquals(List.of(), RunHistory.toPrune(runs, 5, 2));
        assertEquals(List.of(7L, 6L, 5L, 4L, 3L, 2L, 1L), RunHistory.toPrune(runs, 0, 0));
    }

    @Test
    void neverPrunesARunStillQueuedOrRunning() {
        List<Entry> runs = newestFirst(ACTIVE, SUCCEEDED, ACTIVE, SUCCEEDED, FAILED, ACTIVE);
        assertEquals(List.of(3L, 2L), RunHistory.toPrune(runs, 1, 0));
        assertEquals(List.of(5L, 3L, 2L), RunHistory.toPrune(runs, 0, 0));
    }

    @Test
    void keepsTheNewestSkippedSlotsUpToAFixedNumber() {
        List<Entry> runs = new ArrayList<>();
        LongStream.rangeClosed(1, 15).map(i -> 16 - i).forEach(seq -> runs.add(new Entry(seq, SKIPPED)));
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), RunHistory.toPrune(runs, 3, 1));
    }

    @Test
    void howRunsCount() {
        assertEquals(ACTIVE, RunHistory.kind(RunOutcome.STARTED, JobState.QUEUED));
        assertEquals(ACTIVE, RunHistory.kind(RunOutcome.STARTED, JobState.RUNNING));
        assertEquals(SUCCEEDED, RunHistory.kind(RunOutcome.STARTED, JobState.SUCCEEDED));
        assertEquals(FAILED, RunHistory.kind(RunOutcome.STARTED, JobState.FAILED));
        assertEquals(FAILED, RunHistory.kind(RunOutcome.STARTED, JobState.CANCELLED));
        assertEquals(FAILED, RunHistory.kind(RunOutcome.STARTED, null), "its job is gone");
        assertEquals(FAILED, RunHistory.kind(RunOutcome.FAILED, null));
        assertEquals(SKIPPED, RunHistory.kind(RunOutcome.SKIPPED, null));
    }
}
