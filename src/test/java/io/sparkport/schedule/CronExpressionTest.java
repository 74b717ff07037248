package io.sparkport.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkport.SparkportException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing and wall-clock matching of 5-field Unix cron expressions (no time zones here). */
class CronExpressionTest {

    static List<LocalDateTime> next(String cron, String from, int count) {
        CronExpression e = CronExpression.parse(cron);
        List<LocalDateTime> out = new ArrayList<>();
        LocalDateTime t = LocalDateTime.parse(from);
        for (int i = 0; i < count; i++) {
            t = e.firstAtOrAfter(t);
            out.add(t);
            t = t.plusMinutes(1);
        }
        return out;
    }

    static List<LocalDateTime> times(String... texts) {
        return java.util.Arrays.stream(texts).map(LocalDateTime::parse).toList();
    }

    @Test
    void everyMinuteStepsRangesAndLists() {
        assertEquals(times("2026-05-01T10:00", "2026-05-01T10:01"), next("* * * * *", "2026-05-01T10:00", 2));
        assertEquals(times("2026-05-01T10:00", "2026-05-01T10:15", "2026-05-01T10:30"),
                next("*/15 * * * *", "2026-05-01T09:59:30", 3), "seconds round up to the next minute");
        assertEquals(times("2026-05-01T10:10", "2026-05-01T10:30", "2026-05-01T10:50", "2026-05-01T11:10"),
                next("10/20 * * * *", "2026-05-01T10:00", 4), "N/step is N-max/step");
        assertEquals(times("2026-05-01T09:05", "2026-05-01T17:05", "2026-05-02T09:05"),
                next("5 9,17 * * *", "2026-05-01T00:00", 3));
        assertEquals(times("2026-05-01T08:00", "2026-05-01T10:00", "2026-05-01T12:00", "2026-05-02T08:00"),
                next("0 8-12/2 * * *", "2026-05-01T00:00", 4));
    }

    @Test
    void macrosAreTheirExpressions() {
        assertEquals(times("2027-01-01T00:00"), next("@yearly", "2026-05-01T10:00", 1));
        assertEquals(times("2027-01-01T00:00"), next("@annually", "2026-05-01T10:00", 1));
        assertEquals(times("2026-06-01T00:00"), next("@monthly", "2026-05-01T10:00", 1));
        assertEquals(times("2026-05-03T00:00"), next("@weekly", "2026-05-01T10:00", 1), "Sunday midnight");
        assertEquals(times("2026-05-02T00:00"), next("@daily", "2026-05-01T10:00", 1));
        assertEquals(times("2026-05-02T00:00"), next("@MIDNIGHT", "2026-05-01T10:00", 1));
        assertEquals(times("2026-05-01T11:00"), next("@hourly", "2026-05-01T10:00:01", 1));
    }

    @Test
    void namesAndSundayAsSeven() {
        assertEquals(times("2026-05-04T09:00", "2026-05-05T09:00"), next("0 9 * may mon-fri", "2026-05-02T00:00", 2));
        assertEquals(next("0 0 * * 0", "2026-05-01T00:00", 3), next("0 0 * * 7", "2026-05-01T00:00", 3));
        assertEquals(next("0 0 * * SUN", "2026-05-01T00:00", 3), next("0 0 * * 5-7", "2026-05-01T00:00", 9).stream()
                .filter(t -> t.getDayOfWeek() == java.time.DayOfWeek.SUNDAY).toList());
        assertEquals(times("2026-02-01T00:00", "2026-03-01T00:00"), next("0 0 1 JAN-MAR/1 *", "2026-01-15T00:00", 2));
    }

    @Test
    void restrictedDayFieldsMatchEitherAsInUnixCron() {
        // 1st of the month OR Mondays: Tuesday 1 September, then Monday 7 September
        assertEquals(times("2026-09-01T00:00", "2026-09-07T00:00"), next("0 0 1 * MON", "2026-08-31T12:00", 2));
        // a star in either day field means both must match: Mondays only
        assertEquals(times("2026-09-07T00:00", "2026-09-14T00:00"), next("0 0 * * MON", "2026-09-01T00:00", 2));
        assertEquals(times("2026-09-07T00:00"), next("0 0 ? * MON", "2026-09-01T00:00", 1), "? is a star");
    }

    @Test
    void rareDaysAreFoundAndImpossibleOnesRefused() {
        assertEquals(times("2028-02-29T00:00", "2032-02-29T00:00"), next("0 0 29 2 *", "2026-01-01T00:00", 2));
        assertEquals(times("2026-05-31T12:00", "2026-07-31T12:00"), next("0 12 31 * *", "2026-05-01T00:00", 2));
        SparkportException e = assertThrows(SparkportException.class, () -> CronExpression.parse("0 0 30 2 *"));
        assertTrue(e.getMessage().contains("never fires"), e.getMessage());
    }

    @Test
    void fixedTimeMeansNoStarInMinuteOrHour() {
        assertTrue(CronExpression.parse("30 3 * * *").fixedTime());
        assertTrue(CronExpression.parse("@daily").fixedTime());
        assertTrue(CronExpression.parse("0 1-5 * * *").fixedTime());
        assertFalse(CronExpression.parse("@hourly").fixedTime());
        assertFalse(CronExpression.parse("*/15 3 * * *").fixedTime());
        assertFalse(CronExpression.parse("0 * * * *").fixedTime());
    }

    static void assertRefused(String cron, String reason) {
        SparkportException e = assertThrows(SparkportException.class, () -> CronExpression.parse(cron), cron);
        assertEquals(SparkportException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains(reason), cron + " → " + e.getMessage());
    }

    @Test
    void invalidExpressionsSayWhy() {
        assertRefused(null, "cron is required");
        assertRefused("  ", "cron is required");
        assertRefused("* * * *", "expected 5 fields");
        assertRefused("0 0 * * * *", "got 6 fields");
        assertRefused("61 * * * *", "minute value 61 is out of range 0-59");
        assertRefused("0 24 * * *", "hour value 24 is out of range 0-23");
        assertRefused("0 0 0 * *", "day-of-month value 0 is out of range 1-31");
        assertRefused("0 0 * 13 *", "month value 13");
        assertRefused("0 0 * * 8", "day-of-week value 8");
        assertRefused("*/0 * * * *", "step '0' must be a positive number");
        assertRefused("5-3 * * * *", "goes backwards");
        assertRefused("1,,2 * * * *", "empty or malformed");
        assertRefused("0 0 * FOO *", "month value 'FOO' is not a number");
        assertRefused("a b c d e", "minute value 'a' is not a number");
        assertRefused("@every 5m", "unknown macro");
        assertRefused("@reboot", "unknown macro");
        assertRefused("TZ=Europe/Bucharest 0 3 * * *", "timeZone field");
        assertRefused("1-2-3 * * * *", "malformed");
    }
}
