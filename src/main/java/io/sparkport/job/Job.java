package io.sparkport.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as stored: the intent (what to run, where, with which resources) and its observed life.
 * {@code seq} orders jobs (newest first in listings, FIFO in the queue); {@code id} is the public name.
 */
@Entity
@Table(name = "jobs")
public class Job extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Version
    public long version;

    @Column(unique = true, nullable = false)
    public String id;

    public String pool;

    @Enumerated(EnumType.STRING)
    public JobType type;

    public String name;

    @Enumerated(EnumType.STRING)
    public JobState state;

    public int priority;

    public int cores;

    @Column(name = "executor_memory_mb")
    public long executorMemoryMb;

    @Column(name = "driver_memory_mb")
    public Long driverMemoryMb;

    @Column(name = "sql_text", length = 1_000_000)
    public String sql;

    @Column(name = "app_resource", length = 2048)
    public String appResource;

    @Column(name = "main_class")
    public String mainClass;

    @Convert(converter = JsonConverters.StringList.class)
    @Column(name = "args_json", length = 1_000_000)
    public List<String> args;

    @Convert(converter = JsonConverters.StringList.class)
    @Column(name = "py_files_json", length = 100_000)
    public List<String> pyFiles;

    @Convert(converter = JsonConverters.StringMap.class)
    @Column(name = "conf_json", length = 1_000_000)
    public Map<String, String> conf;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "failure_reason", length = 4000)
    public String failureReason;

    @Column(name = "spark_app_id")
    public String sparkAppId;

    /** SHA-256 of the token the driver presents when it reports back; the token itself is never stored. */
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "cancel_requested")
    public boolean cancelRequested;

    /** Where an SQL job runs; null for SPARK jobs (and SQL jobs stored before engines existed: batch). */
    @Enumerated(EnumType.STRING)
    public JobEngine engine;

    /** The schedule that started the job, if one did. */
    @Column(name = "schedule_id")
    public String scheduleId;

    /** An SQL job that runs on its pool's warm SQL engine rather than with a driver of its own. */
    public boolean warm() {
        return engine == JobEngine.WARM;
    }

    /** Retries after a failed attempt (0: none); each attempt gets a new driver and a new token. */
    @Column(name = "max_retries")
    public int maxRetries;

    /** The current attempt, from 1. */
    public int attempt = 1;

    /** How long the job may take from its first start, across attempts; null: no limit. */
    @Column(name = "timeout_s")
    public Long timeoutSeconds;

    /** When the current attempt started (startedAt is the first attempt's start). */
    @Column(name = "attempt_started_at")
    public Instant attemptStartedAt;

    /** A retried job waits QUEUED until then (its backoff). */
    @Column(name = "not_before")
    public Instant notBefore;

    /** The attempts that ended before the current one, oldest first. */
    @Convert(converter = JsonConverters.Attempts.class)
    @Column(name = "attempts_json", length = 100_000)
    public List<JobAttempt> attempts = new java.util.ArrayList<>();

    /** The job's id on the Kyuubi batch surface: a UUID, the client's {@code kyuubi.batch.id} where it chose one. */
    @Column(name = "batch_id", unique = true)
    public String batchId;

    /** The caller who submitted the job. */
    @Column(name = "submitted_by")
    public String submittedBy;

    public java.time.Duration timeout() {
        return timeoutSeconds == null ? null : java.time.Duration.ofSeconds(timeoutSeconds);
    }

    /** Whether admission may start the job now: it is queued and not waiting out a retry backoff. */
    public boolean admissible(Instant now) {
        return state == JobState.QUEUED && (notBefore == null || !notBefore.isAfter(now));
    }

    public static Job byId(String id) {
        return find("id", id).firstResult();
    }

    public static Job byBatchId(String batchId) {
        return find("batchId", batchId).firstResult();
    }
}
