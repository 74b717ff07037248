package io.sparkport.console;

import io.sparkport.schedule.RunStatus;
import io.sparkport.schedule.Schedule;
import java.util.List;

/** A schedule as the console lists it: its timing, its template's pool and kind, its next and latest runs. */
public record ScheduleRow(String id, String name, String cron, String timeZone, String pool, String what,
                          String policy, boolean suspended, String nextRun, String nextRunIso, String lastRun,
                          String lastRunIso, List<Run> runs) {

    static final int RUNS = 5;

    /** A recent run: its job (null when none was created), state, when, and why. */
    public record Run(String jobId, String state, String stateClass, String at, String iso, boolean manual,
                      String reason) {
    }

    static ScheduleRow of(Schedule s, List<RunStatus> recent) {
        String what = s.template == null ? "" : "SQL".equalsIgnoreCase(s.template.type())
                ? "SQL: " + ConsoleFormat.shorten(s.template.sql(), 60)
                : ConsoleFormat.shorten(s.template.appResource(), 40)
                + (s.template.mainClass() == null ? "" : " " + s.template.mainClass());
        return new ScheduleRow(s.id, s.name, s.cron, s.timeZone, s.template == null ? "" : s.template.pool(), what,
                s.concurrencyPolicy.label(), s.suspend,
                s.suspend ? "suspended" : ConsoleFormat.time(s.nextRunAt), s.suspend ? "" : ConsoleFormat.iso(s.nextRunAt),
                ConsoleFormat.time(s.lastRunAt), ConsoleFormat.iso(s.lastRunAt),
                recent.stream().limit(RUNS).map(ScheduleRow::run).toList());
    }

    private static Run run(RunStatus r) {
        return new Run(r.jobId(), r.state(), runClass(r.state()), ConsoleFormat.time(r.at()), ConsoleFormat.iso(r.at()),
                r.manual(), r.reason() == null ? "" : r.reason());
    }

    static String runClass(String state) {
        return switch (state) {
            case "SUCCEEDED" -> "ok";
            case "FAILED" -> "bad";
            case "STARTING", "RUNNING" -> "busy";
            default -> "idle";
        };
    }
}
