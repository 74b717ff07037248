package io.sparkport.sql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EngineActivityTest {

    final AtomicLong now = new AtomicLong(1_000);
    final EngineActivity activity = new EngineActivity(now::get);

    @Test
    void aNewEngineIsQuietOnceTheQuietTimeHasPassed() {
        assertFalse(activity.quiet(100));
        now.addAndGet(100);
        assertTrue(activity.quiet(100));
    }

    @Test
    void aRunningJobKeepsItBusyHoweverLongItRuns() {
        now.addAndGet(500);
        activity.started();
        now.addAndGet(10_000);
        assertFalse(activity.quiet(100));
    }

    @Test
    void itIsQuietOnlyAWhileAfterTheLastJobEnded() {
        activity.started();
        activity.started();
        now.addAndGet(300);
        activity.ended();
        now.addAndGet(300);
        assertFalse(activity.quiet(100), "one job still runs");
        activity.ended();
        now.addAndGet(99);
        assertFalse(activity.quiet(100), "the next query of a user may follow at once");
        now.addAndGet(1);
        assertTrue(activity.quiet(100));
    }
}
