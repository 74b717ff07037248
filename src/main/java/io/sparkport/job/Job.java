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

    public static Job byId(String id) {
        return find("id", id).firstResult();
    }
}
