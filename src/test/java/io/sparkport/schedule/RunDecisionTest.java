package io.sparkport.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkport.SparkportException;
import io.sparkport.job.JobState;
import io.sparkport.schedule.RunDecision.ActiveJob;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunDecisionTest {

    static final List<ActiveJob> NONE = List.of();
    static final List<ActiveJob> TWO = List.of(new ActiveJob("a1", JobState.RUNNING), new ActiveJob("b2", JobState.QUEUED));

    @Test
    void withNothingRunningEveryPolicyStarts() {
        for (ConcurrencyPolicy p : ConcurrencyPolicy.values()) {
            assertEquals(new RunDecision(true, List.of(), null), RunDecision.decide(p, NONE), p.label());
        }
    }

    @Test
    void allowOverlaps() {
        assertEquals(new RunDecision(true, List.of(), null), RunDecision.decide(ConcurrencyPolicy.ALLOW, TWO));
    }

    @Test
    void forbidSkipsWhileAnEarlierRunIsQueuedOrRunning() {
        RunDecision d = RunDecision.decide(ConcurrencyPolicy.FORBID, TWO);
        assertFalse(d.start());
        assertEquals(List.of(), d.cancelJobIds());
        assertTrue(d.reason().contains("Forbid") && d.reason().contains("a1 (RUNNING)") && d.reason().contains("b2 (QUEUED)"),
                d.reason());
    }

    @Test
    void replaceCancelsTheEarlierRunsThenStarts() {
        RunDecision d = RunDecision.decide(ConcurrencyPolicy.REPLACE, TWO);
        assertTrue(d.start());
        assertEquals(List.of("a1", "b2"), d.cancelJobIds());
        assertTrue(d.reason().contains("Replace"), d.reason());
    }

    @Test
    void policiesParseInAnyCase() {
        assertEquals(ConcurrencyPolicy.ALLOW, ConcurrencyPolicy.parse(null));
        assertEquals(ConcurrencyPolicy.FORBID, ConcurrencyPolicy.parse("forbid"));
        assertEquals(ConcurrencyPolicy.REPLACE, ConcurrencyPolicy.parse(" Replace "));
        SparkportException e = assertThrows(SparkportException.class, () -> ConcurrencyPolicy.parse("Queue"));
        assertTrue(e.getMessage().contains("Allow, Forbid or Replace"));
        assertNull(RunDecision.decide(ConcurrencyPolicy.ALLOW, TWO).reason());
    }
}
