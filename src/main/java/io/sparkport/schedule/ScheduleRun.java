package io.sparkport.schedule;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * One run of a schedule: a slot that fired (or was skipped), or a manual trigger. The database refuses a
 * second record of the same slot, the last guard of exactly-once.
 */
@Entity
@Table(name = "schedule_runs")
public class ScheduleRun extends PanacheEntityBase {

    static final int MAX_REASON = 2000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(name = "schedule_id")
    public String scheduleId;

    /** The slot the run is for; null for a manual run. */
    public Instant slot;

    @Column(name = "occurred_at")
    public Instant at;

    public boolean manual;

    @Enumerated(EnumType.STRING)
    public RunOutcome outcome;

    @Column(name = "job_id")
    public String jobId;

    public String reason;

    static ScheduleRun of(String scheduleId, Instant slot, Instant at, RunOutcome outcome, String reason) {
        ScheduleRun run = new ScheduleRun();
        run.scheduleId = scheduleId;
        run.slot = slot;
        run.manual = slot == null;
        run.at = at;
        run.outcome = outcome;
        run.reason = clip(reason);
        return run;
    }

    static String clip(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
    }

    /** The schedule's runs, newest first. */
    static List<ScheduleRun> newestFirst(String scheduleId) {
        return list("scheduleId = ?1 order by seq desc", scheduleId);
    }
}
