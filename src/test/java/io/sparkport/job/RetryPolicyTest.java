package io.sparkport.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(1));
    static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");

    @Test
    void backsOffExponentiallyUpToTheCap() {
        assertEquals(Optional.of(Duration.ofSeconds(10)), POLICY.next(1, 5, NOW, null));
        assertEquals(Optional.of(Duration.ofSeconds(20)), POLICY.next(2, 5, NOW, null));
        assertEquals(Optional.of(Duration.ofSeconds(40)), POLICY.next(3, 5, NOW, null));
        assertEquals(Optional.of(Duration.ofMinutes(1)), POLICY.next(4, 5, NOW, null));
        assertEquals(Duration.ofMinutes(1), POLICY.backoff(60), "no overflow for many attempts");
    }

    @Test
    void stopsWhenTheRetriesAreUsedUp() {
        assertTrue(POLICY.next(1, 0, NOW, null).isEmpty(), "no retries by default");
        assertTrue(POLICY.next(2, 2, NOW, null).isPresent(), "attempt 2 of 3 may still be retried");
        assertTrue(POLICY.next(3, 2, NOW, null).isEmpty(), "attempt 3 of 3 was the last");
    }

    @Test
    void noRetryThatCouldNotStartBeforeTheTimeout() {
        assertTrue(POLICY.next(1, 3, NOW, NOW.plusSeconds(10)).isEmpty());
        assertTrue(POLICY.next(1, 3, NOW, NOW.plusSeconds(11)).isPresent());
    }

    @Test
    void theDeadlineCountsFromTheFirstStart() {
        Job job = new Job();
        assertNull(RetryPolicy.deadline(job));
        job.timeoutSeconds = 30L;
        assertNull(RetryPolicy.deadline(job), "not started: no deadline yet");
        job.startedAt = NOW;
        assertEquals(NOW.plusSeconds(30), RetryPolicy.deadline(job));
    }
}
