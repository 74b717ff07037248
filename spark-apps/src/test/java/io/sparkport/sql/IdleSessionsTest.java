package io.sparkport.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleSessionsTest {

    final AtomicLong now = new AtomicLong(1_000);
    final IdleSessions<String> idle = new IdleSessions<>(2, 60_000, now::get);

    @Test
    void aCleanSessionServesTheNextJobOfItsEngine() {
        assertEquals(List.of(), idle.give("sc://a", "s1"));
        IdleSessions.Taken<String> taken = idle.take("sc://a");
        assertEquals("s1", taken.session());
        assertNull(idle.take("sc://a").session(), "one job at a time per session");
    }

    @Test
    void theMostRecentlyUsedGoesFirstAndTheEngineKeepsAtMostItsShare() {
        idle.give("sc://a", "s1");
        idle.give("sc://a", "s2");
        assertEquals(List.of("s3"), idle.give("sc://a", "s3"), "full: the caller closes it");
        assertEquals("s2", idle.take("sc://a").session());
    }

    @Test
    void sessionsIdleTooLongAreClosedNotReused() {
        idle.give("sc://a", "old");
        now.addAndGet(60_001);
        IdleSessions.Taken<String> taken = idle.take("sc://a");
        assertNull(taken.session());
        assertEquals(List.of("old"), taken.toClose());
    }

    @Test
    void sessionsOfAReplacedEngineAreClosed() {
        idle.give("sc://old", "s1");
        IdleSessions.Taken<String> taken = idle.take("sc://new");
        assertNull(taken.session());
        assertEquals(List.of("s1"), taken.toClose());
        assertEquals(List.of(), idle.drain());
    }
}
