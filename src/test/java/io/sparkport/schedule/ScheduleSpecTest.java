package io.sparkport.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkport.SparkportException;
import io.sparkport.job.JobRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduleSpecTest {

    static final JobRequest TEMPLATE = new JobRequest("default", "SQL", null, "SELECT 1", null, null, null, null, null,
            null, null, null, null);

    static ScheduleRequest request(String name, String cron, String zone, String policy, Integer ok, Integer failed,
                                   String deadline) {
        return new ScheduleRequest(name, cron, zone, TEMPLATE, policy, null, ok, failed, deadline);
    }

    @Test
    void defaultsAreThoseOfKubernetesCronJobsInUtc() {
        ScheduleSpec s = ScheduleSpec.of(request(" nightly ", "@daily", null, null, null, null, null));
        assertEquals("nightly", s.name());
        assertEquals("UTC", s.cron().zone().getId());
        assertEquals(ConcurrencyPolicy.ALLOW, s.concurrencyPolicy());
        assertFalse(s.suspend());
        assertEquals(3, s.successfulRunHistoryLimit());
        assertEquals(1, s.failedRunHistoryLimit());
        assertNull(s.startingDeadline());
    }

    @Test
    void takesWhatIsGiven() {
        ScheduleSpec s = ScheduleSpec.of(request("n", "0 3 * * *", "Europe/Bucharest", "Forbid", 0, 5, "PT5M"));
        assertEquals(ConcurrencyPolicy.FORBID, s.concurrencyPolicy());
        assertEquals(0, s.successfulRunHistoryLimit());
        assertEquals(5, s.failedRunHistoryLimit());
        assertEquals(Duration.ofMinutes(5), s.startingDeadline());
    }

    static void assertRefused(ScheduleRequest r, String reason) {
        SparkportException e = assertThrows(SparkportException.class, () -> ScheduleSpec.of(r));
        assertEquals(SparkportException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void badFieldsSayWhy() {
        assertRefused(request(null, "@daily", null, null, null, null, null), "name is required");
        assertRefused(request("x".repeat(201), "@daily", null, null, null, null, null), "longer than 200");
        assertRefused(request("n", "@fortnightly", null, null, null, null, null), "unknown macro");
        assertRefused(request("n", "@daily", "Europe/Atlantis", null, null, null, null), "timeZone 'Europe/Atlantis'");
        assertRefused(request("n", "@daily", null, "Sometimes", null, null, null), "concurrencyPolicy 'Sometimes'");
        assertRefused(request("n", "@daily", null, null, -1, null, null), "successfulRunHistoryLimit");
        assertRefused(request("n", "@daily", null, null, null, 101, null), "failedRunHistoryLimit");
        assertRefused(request("n", "@daily", null, null, null, null, "5 minutes"), "ISO-8601");
        assertRefused(request("n", "@daily", null, null, null, null, "PT0S"), "positive");
        assertRefused(new ScheduleRequest("n", "@daily", null, null, null, null, null, null, null), "template is required");
    }
}
