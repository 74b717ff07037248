package io.sparkport.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkport.SparkportException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Slots as instants across time zones and daylight-saving changes. Europe/Bucharest in 2026: spring forward
 * on 29 March at 03:00 EET (+02) to 04:00 EEST (+03), i.e. at 01:00Z; fall back on 25 October at 04:00 EEST
 * to 03:00 EET, also at 01:00Z, so 03:00-03:59 happens twice.
 */
class CronScheduleTest {

    static final String BUCHAREST = "Europe/Bucharest";

    static List<Instant> slots(String cron, String zone, String after, int count) {
        CronSchedule s = CronSchedule.of(cron, zone);
        List<Instant> out = new ArrayList<>();
        Instant t = Instant.parse(after);
        for (int i = 0; i < count; i++) {
            t = s.next(t).orElseThrow();
            out.add(t);
        }
        return out;
    }

    static List<Instant> instants(String... texts) {
        return Arrays.stream(texts).map(Instant::parse).toList();
    }

    @Test
    void aDailyTimeFollowsTheZonesOffsetThroughTheYear() {
        assertEquals(instants("2026-01-15T01:30:00Z", "2026-01-16T01:30:00Z"),
                slots("30 3 * * *", BUCHAREST, "2026-01-15T00:00:00Z", 2), "winter: EET, +02");
        assertEquals(instants("2026-07-15T00:30:00Z", "2026-07-16T00:30:00Z"),
                slots("30 3 * * *", BUCHAREST, "2026-07-15T00:00:00Z", 2), "summer: EEST, +03");
        assertEquals(instants("2026-07-15T03:30:00Z"), slots("0 9 * * *", "Asia/Kolkata", "2026-07-15T00:00:00Z", 1),
                "+05:30 all year");
        assertEquals(instants("2026-07-15T09:00:00Z"), slots("0 9 * * *", "UTC", "2026-07-15T00:00:00Z", 1));
        assertEquals(instants("2026-07-15T13:00:00Z"), slots("0 9 * * *", "America/New_York", "2026-07-15T00:00:00Z", 1));
    }

    @Test
    void springForwardRunsASkippedDailyTimeWhenTheClocksJump() {
        assertEquals(instants("2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"),
                slots("30 3 * * *", BUCHAREST, "2026-03-28T00:00:00Z", 3),
                "03:30 does not exist on the 29th: it runs at 04:00 EEST, once");
        assertEquals(instants("2026-03-29T01:00:00Z", "2026-03-30T00:00:00Z"),
                slots("0 3 * * *", BUCHAREST, "2026-03-28T12:00:00Z", 2));
        assertEquals(instants("2026-03-29T01:00:00Z", "2026-03-30T01:00:00Z"),
                slots("0 4 * * *", BUCHAREST, "2026-03-28T12:00:00Z", 2), "04:00 EEST exists");
        assertEquals(instants("2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:00:00Z"),
                slots("0,30 3,4 * * *", BUCHAREST, "2026-03-28T12:00:00Z", 3),
                "03:00, 03:30 and 04:00 land on the same instant and fire once");
        assertEquals(instants("2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"),
                slots("30 2 * * *", "America/New_York", "2026-03-07T12:00:00Z", 2), "02:30 → 03:00 EDT");
    }

    @Test
    void springForwardSkipsWildcardTimesSoHourlyStaysHourly() {
        assertEquals(instants("2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z", "2026-03-29T02:30:00Z"),
                slots("30 * * * *", BUCHAREST, "2026-03-29T00:00:00Z", 3), "02:30 EET, (03:30 missing), 04:30 EEST");
        assertEquals(instants("2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z"),
                slots("@hourly", BUCHAREST, "2026-03-28T23:30:00Z", 2), "02:00 EET then 04:00 EEST, an hour apart");
        assertEquals(instants("2026-03-28T01:45:00Z", "2026-03-30T00:00:00Z"),
                slots("*/15 3 * * *", BUCHAREST, "2026-03-28T01:30:00Z", 2), "no 03:xx on the 29th");
    }

    @Test
    void fallBackRunsADailyTimeOnceAtItsFirstOccurrence() {
        assertEquals(instants("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"),
                slots("30 3 * * *", BUCHAREST, "2026-10-24T00:00:00Z", 3), "03:30 EEST on the 25th, not 03:30 EET");
        assertEquals(instants("2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"),
                slots("30 1 * * *", "America/New_York", "2026-11-01T00:00:00Z", 2));
    }

    @Test
    void fallBackRunsWildcardTimesInBothOccurrencesOfTheHour() {
        assertEquals(instants("2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:30:00Z"),
                slots("30 * * * *", BUCHAREST, "2026-10-25T00:00:00Z", 3), "03:30 EEST, 03:30 EET, 04:30 EET");
        assertEquals(instants("2026-10-25T00:45:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:15:00Z"),
                slots("*/15 * * * *", BUCHAREST, "2026-10-25T00:30:00Z", 3), "every 15 minutes of real time");
    }

    @Test
    void halfHourDaylightSavingOfLordHowe() {
        // 5 April 2026: 02:00 (+11) back to 01:30 (+10:30); 01:30-01:59 happens twice
        assertEquals(instants("2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"),
                slots("45 1 * * *", "Australia/Lord_Howe", "2026-04-04T12:00:00Z", 2));
        assertEquals(instants("2026-04-04T14:45:00Z", "2026-04-04T15:15:00Z", "2026-04-04T16:15:00Z"),
                slots("45 * * * *", "Australia/Lord_Howe", "2026-04-04T14:30:00Z", 3));
    }

    @Test
    void nextIsStrictlyAfter() {
        CronSchedule s = CronSchedule.of("0 * * * *", "UTC");
        assertEquals(Optional.of(Instant.parse("2026-05-01T11:00:00Z")), s.next(Instant.parse("2026-05-01T10:00:00Z")));
        assertEquals(Optional.of(Instant.parse("2026-05-01T10:00:00Z")), s.next(Instant.parse("2026-05-01T09:59:59.999Z")));
    }

    @Test
    void latestFindsTheLastSlotOfAWindowCheaply() {
        CronSchedule hourly = CronSchedule.of("@hourly", BUCHAREST);
        Instant after = Instant.parse("2025-05-01T10:00:00Z");
        assertEquals(Optional.of(Instant.parse("2026-05-01T10:00:00Z")),
                hourly.latest(after, Instant.parse("2026-05-01T10:20:00Z")), "a year of missed hours: the last one");
        assertEquals(Optional.of(Instant.parse("2026-05-01T10:00:00Z")),
                hourly.latest(after, Instant.parse("2026-05-01T10:00:00Z")), "the end is included");
        assertEquals(Optional.empty(), hourly.latest(Instant.parse("2026-05-01T10:00:00Z"),
                Instant.parse("2026-05-01T10:59:59Z")), "the start is excluded");
        CronSchedule leap = CronSchedule.of("0 0 29 2 *", "UTC");
        assertEquals(Optional.of(Instant.parse("2028-02-29T00:00:00Z")),
                leap.latest(Instant.parse("2020-03-01T00:00:00Z"), Instant.parse("2031-01-01T00:00:00Z")));
    }

    @Test
    void unknownTimeZonesAreRefused() {
        SparkportException e = assertThrows(SparkportException.class, () -> CronSchedule.of("@daily", "Mars/Olympus"));
        assertTrue(e.getMessage().contains("timeZone 'Mars/Olympus' is unknown"), e.getMessage());
        assertThrows(SparkportException.class, () -> CronSchedule.of("@daily", ""));
    }
}
