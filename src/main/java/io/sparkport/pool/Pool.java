package io.sparkport.pool;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/** A data pool as stored: its name, the policy of its cluster and the storage asked for it. */
@Entity
@Table(name = "pools")
public class Pool extends PanacheEntityBase {

    @Id
    public String name;

    @Column(name = "min_workers")
    public int minWorkers;

    @Column(name = "max_workers")
    public int maxWorkers;

    @Column(name = "worker_cores")
    public int workerCores;

    @Column(name = "worker_memory_mb")
    public long workerMemoryMb;

    @Column(name = "idle_timeout_s")
    public long idleTimeoutSeconds;

    @Column(name = "scale_down_delay_s")
    public long scaleDownDelaySeconds;

    @Column(name = "storage_size")
    public String storageSize;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Users and {@code group:<name>} entries that may use the pool besides admins. */
    @jakarta.persistence.Convert(converter = OwnersJson.class)
    @Column(name = "owners_json", length = 10_000)
    public java.util.List<String> owners = new java.util.ArrayList<>();

    public PoolPolicy policy() {
        return new PoolPolicy(minWorkers, maxWorkers, workerCores, new MemorySize(workerMemoryMb),
                Duration.ofSeconds(idleTimeoutSeconds), Duration.ofSeconds(scaleDownDelaySeconds));
    }

    public void apply(PoolPolicy policy) {
        minWorkers = policy.minWorkers();
        maxWorkers = policy.maxWorkers();
        workerCores = policy.workerCores();
        workerMemoryMb = policy.workerMemory().mebibytes();
        idleTimeoutSeconds = policy.idleTimeout().toSeconds();
        scaleDownDelaySeconds = policy.scaleDownDelay().toSeconds();
    }
}
