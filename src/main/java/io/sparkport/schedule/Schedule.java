package io.sparkport.schedule;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.sparkport.job.JobRequest;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/**
 * A schedule as stored: its spec (cron, time zone, job template, policies) and its progress.
 * {@code consideredUntil} is the exactly-once mark: every slot at or before it has been dealt with and is
 * never fired again; it moves forward in the same transaction that creates the slot's job.
 */
@Entity
@Table(name = "schedules")
public class Schedule extends PanacheEntityBase {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    @Id
    public String id;

    @Version
    public long version;

    public String name;

    public String cron;

    @Column(name = "time_zone")
    public String timeZone;

    @Convert(converter = TemplateJson.class)
    @Column(name = "template_json", length = 1_000_000)
    public JobRequest template;

    @Enumerated(EnumType.STRING)
    @Column(name = "concurrency_policy")
    public ConcurrencyPolicy concurrencyPolicy;

    public boolean suspend;

    @Column(name = "successful_history_limit")
    public int successfulHistoryLimit;

    @Column(name = "failed_history_limit")
    public int failedHistoryLimit;

    @Column(name = "starting_deadline_s")
    public Long startingDeadlineSeconds;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "considered_until")
    public Instant consideredUntil;

    /** The next slot to deal with; null while suspended. Kept for the ticker's query of due schedules. */
    @Column(name = "next_run_at")
    public Instant nextRunAt;

    @Column(name = "last_run_at")
    public Instant lastRunAt;

    @Column(name = "last_job_id")
    public String lastJobId;

    public CronSchedule cronSchedule() {
        return CronSchedule.of(cron, timeZone);
    }

    public Duration startingDeadline() {
        return startingDeadlineSeconds == null ? null : Duration.ofSeconds(startingDeadlineSeconds);
    }

    public void apply(ScheduleSpec spec) {
        name = spec.name();
        cron = spec.cron().expression().text();
        timeZone = spec.cron().zone().getId();
        template = spec.template();
        concurrencyPolicy = spec.concurrencyPolicy();
        suspend = spec.suspend();
        successfulHistoryLimit = spec.successfulRunHistoryLimit();
        failedHistoryLimit = spec.failedRunHistoryLimit();
        startingDeadlineSeconds = spec.startingDeadline() == null ? null : spec.startingDeadline().toSeconds();
    }

    /** Marks every slot up to {@code instant} as dealt with and works out the next one. */
    public void consideredUntil(Instant instant) {
        consideredUntil = instant;
        nextRunAt = suspend ? null : cronSchedule().next(instant).orElse(null);
    }

    static String newId() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[RANDOM.nextInt(i == 0 ? 26 : ID_CHARS.length)];
        }
        return new String(id);
    }
}
