package io.sparkport.cluster.timeline;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A {@link Sample} as stored. */
@Entity
@Table(name = "pool_samples")
public class PoolSample extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    public String pool;

    @Column(name = "sampled_at")
    public Instant sampledAt;

    public String state;

    @Column(name = "workers_current")
    public int workersCurrent;

    @Column(name = "workers_desired")
    public int workersDesired;

    @Column(name = "running_jobs")
    public int runningJobs;

    @Column(name = "queued_jobs")
    public int queuedJobs;

    @Column(name = "demand_cores")
    public int demandCores;

    static PoolSample of(String pool, Sample s) {
        PoolSample row = new PoolSample();
        row.pool = pool;
        row.sampledAt = s.at();
        row.state = s.state();
        row.workersCurrent = s.workersCurrent();
        row.workersDesired = s.workersDesired();
        row.runningJobs = s.runningJobs();
        row.queuedJobs = s.queuedJobs();
        row.demandCores = s.demandCores();
        return row;
    }

    Sample sample() {
        return new Sample(sampledAt, state, workersCurrent, workersDesired, runningJobs, queuedJobs, demandCores);
    }
}
