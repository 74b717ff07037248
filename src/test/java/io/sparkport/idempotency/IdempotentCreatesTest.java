package io.sparkport.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkport.SparkportException;
import io.sparkport.job.JobRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdempotentCreatesTest {

    final IdempotentCreates creates = new IdempotentCreates(Clock.systemUTC(), Duration.ofHours(24));

    static JobRequest job(String sql, Map<String, String> conf) {
        return new JobRequest("p", "SQL", null, sql, null, null, List.of(), null, conf, 1, null, null, null);
    }

    @Test
    void theSameRequestHashesTheSameWhateverTheOrderOfItsConf() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("spark.a", "1");
        ab.put("spark.b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("spark.b", "2");
        ba.put("spark.a", "1");
        assertEquals(creates.hash(job("SELECT 1", ab)), creates.hash(job("SELECT 1", ba)));
        assertNotEquals(creates.hash(job("SELECT 1", ab)), creates.hash(job("SELECT 2", ab)));
    }

    @Test
    void keysAreVisibleAsciiOfBoundedLength() {
        assertEquals("order-42_a.b:c", IdempotentCreates.check("order-42_a.b:c"));
        for (String bad : new String[] {"", " ", "a b", "é", "x\u0000", "x".repeat(201)}) {
            assertThrows(SparkportException.class, () -> IdempotentCreates.check(bad), bad);
        }
    }

    @Test
    void aKeyIsForgottenOnceItsRetentionHasPassed() {
        Instant used = Instant.parse("2026-11-27T10:00:00Z");
        Duration day = Duration.ofHours(24);
        assertFalse(IdempotentCreates.expired(used, used.plus(day).minusMillis(1), day));
        assertTrue(IdempotentCreates.expired(used, used.plus(day), day));
        assertTrue(IdempotentCreates.expired(used, used.plus(Duration.ofDays(3)), day));
    }
}
