package io.sparkport.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Due slots, missed slots and catch-up, with time as a parameter (what the injected Clock says). */
class CatchUpTest {

    static final CronSchedule HOURLY = CronSchedule.of("@hourly", "Europe/Bucharest");
    static final Instant T10 = Instant.parse("2026-05-01T10:00:00Z");

    static Instant t(String time) {
        return Instant.parse("2026-05-01T" + time + "Z");
    }

    @Test
    void nothingIsDueBeforeTheNextSlot() {
        assertEquals(new CatchUp.NotDue(t("11:00:00")), CatchUp.decide(HOURLY, T10, t("10:59:59"), null));
    }

    @Test
    void aDueSlotFiresOnceEvenIfAskedAgain() {
        assertEquals(new CatchUp.Fire(t("11:00:00"), false), CatchUp.decide(HOURLY, T10, t("11:00:01"), null));
        // the slot is now dealt with (considered until 11:00): asking again (a restart, a second replica) fires nothing
        assertEquals(new CatchUp.NotDue(t("12:00:00")), CatchUp.decide(HOURLY, t("11:00:00"), t("11:00:01"), null));
        assertEquals(new CatchUp.NotDue(t("12:00:00")), CatchUp.decide(HOURLY, t("11:00:00"), t("11:30:00"), null));
    }

    @Test
    void afterAnOutageOnlyTheLatestMissedSlotRuns() {
        // down from 10:00 to 15:20: 11:00 ... 15:00 were missed; one run, for 15:00
        assertEquals(new CatchUp.Fire(t("15:00:00"), true), CatchUp.decide(HOURLY, T10, t("15:20:00"), null));
        assertEquals(new CatchUp.Fire(t("15:00:00"), true),
                CatchUp.decide(HOURLY, T10, t("15:20:00"), Duration.ofMinutes(30)), "within the deadline");
    }

    @Test
    void aSlotOlderThanTheStartingDeadlineIsMissedNotRun() {
        assertEquals(new CatchUp.Missed(t("15:00:00")),
                CatchUp.decide(HOURLY, T10, t("15:20:00"), Duration.ofMinutes(5)));
        assertEquals(new CatchUp.Fire(t("15:00:00"), true),
                CatchUp.decide(HOURLY, T10, t("15:05:00"), Duration.ofMinutes(5)), "exactly at the deadline still runs");
        // the missed slot is then dealt with, and the next one runs on time
        assertEquals(new CatchUp.NotDue(t("16:00:00")), CatchUp.decide(HOURLY, t("15:00:00"), t("15:20:00"),
                Duration.ofMinutes(5)));
    }

    @Test
    void aLongOutageOfAMinutelyScheduleIsOneRun() {
        CronSchedule everyMinute = CronSchedule.of("* * * * *", "UTC");
        assertEquals(new CatchUp.Fire(Instant.parse("2026-05-08T10:00:00Z"), true),
                CatchUp.decide(everyMinute, T10, Instant.parse("2026-05-08T10:00:30Z"), null));
    }

    @Test
    void slotsDealtWithAheadOfTimeAreNotFiredAgain() {
        // a test hook (or a clock running ahead on another replica) fired 12:00 already
        assertEquals(new CatchUp.NotDue(t("13:00:00")), CatchUp.decide(HOURLY, t("12:00:00"), t("11:30:00"), null));
    }

    @Test
    void catchUpRespectsDaylightSaving() {
        CronSchedule daily = CronSchedule.of("30 3 * * *", "Europe/Bucharest");
        // down over the spring-forward night: the 03:30 slot of the 29th ran at 04:00 EEST (01:00Z)
        assertEquals(new CatchUp.Fire(Instant.parse("2026-03-29T01:00:00Z"), false),
                CatchUp.decide(daily, Instant.parse("2026-03-28T12:00:00Z"), Instant.parse("2026-03-29T05:00:00Z"), null));
    }
}
