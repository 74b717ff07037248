package io.sparkport.pool;

import io.quarkus.runtime.StartupEvent;
import io.sparkport.SparkportConfig;
import io.sparkport.SparkportException;
import io.sparkport.job.Job;
import io.sparkport.job.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import io.sparkport.cluster.PoolKick;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Data pools: their policy in the database, their files in storage. */
@ApplicationScoped
public class PoolService {

    public static final String DEFAULT_POOL = "default";
    static final String DEFAULT_STORAGE = "10Gi";

    private final SparkportConfig config;
    private final PoolStorage storage;
    private final Clock clock;
    private final Event<PoolKick> kicks;
    private final Event<PoolCreated> created;
    private final Event<PoolDeleted> deleted;

    public PoolService(SparkportConfig config, PoolStorage storage, Clock clock, Event<PoolKick> kicks,
                       Event<PoolCreated> created, Event<PoolDeleted> deleted) {
        this.config = config;
        this.storage = storage;
        this.clock = clock;
        this.kicks = kicks;
        this.created = created;
        this.deleted = deleted;
    }

    @Transactional
    void createDefault(@Observes StartupEvent event) {
        if (Pool.findById(DEFAULT_POOL) == null) {
            SparkportConfig.DefaultPool d = config.defaultPool();
            create(new PoolRequest(DEFAULT_POOL,
                    new PoolRequest.Workers(d.minWorkers(), d.maxWorkers(), d.workerCores(), d.workerMemory()),
                    d.idleTimeout().toString(), null, null));
        }
    }

    @Transactional
    public Pool create(PoolRequest request) {
        return create(request, null);
    }

    /** Creates the pool; {@code creator} (a non-admin caller), when given, becomes one of its owners. */
    @Transactional
    public Pool create(PoolRequest request, String creator) {
        java.util.List<String> owners = io.sparkport.auth.Owners.validate(request.owners());
        owners = owners == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(owners);
        if (creator != null && !owners.contains(creator)) {
            owners.add(creator);
        }
        String name = PoolName.validate(request.name());
        PoolPolicy policy = policy(request, null);
        String size = StorageSize.validate(request.storage() == null || request.storage().size() == null
                ? DEFAULT_STORAGE : request.storage().size());
        if (Pool.findById(name) != null) {
            throw SparkportException.conflict("pool '" + name + "' already exists");
        }
        Pool pool = new Pool();
        pool.name = name;
        pool.apply(policy);
        pool.storageSize = size;
        pool.owners = owners;
        pool.createdAt = clock.instant();
        pool.persist();
        storage.create(name);
        created.fire(new PoolCreated(name, size));
        return pool;
    }

    /**
     * Changes the policy fields the request carries; the reconcile loop applies them on its next pass,
     * also while the cluster runs.
     */
    @Transactional
    public Pool update(String name, PoolRequest request) {
        Pool pool = get(name);
        if (request.name() != null && !request.name().equals(name)) {
            throw SparkportException.invalid("a pool cannot be renamed (name '" + request.name() + "')");
        }
        pool.apply(policy(request, pool.policy()));
        if (request.storage() != null && request.storage().size() != null) {
            pool.storageSize = StorageSize.validate(request.storage().size());
        }
        if (request.owners() != null) {
            pool.owners = io.sparkport.auth.Owners.validate(request.owners());
        }
        kicks.fire(new PoolKick(name));
        return pool;
    }

    public Pool get(String name) {
        Pool pool = Pool.findById(name);
        if (pool == null) {
            throw SparkportException.notFound("no pool '" + name + "'");
        }
        return pool;
    }

    public List<Pool> list() {
        return Pool.listAll(io.quarkus.panache.common.Sort.by("name"));
    }

    /** Deletes the pool and its files; refused while it has unfinished jobs. Its cluster goes on the next pass. */
    @Transactional
    public void delete(String name) {
        Pool pool = get(name);
        long unfinished = Job.count("pool = ?1 and state in ?2", name,
                List.of(JobState.QUEUED, JobState.STARTING, JobState.RUNNING));
        if (unfinished > 0) {
            throw SparkportException.conflict("pool '" + name + "' has " + unfinished + " queued or running jobs;"
                    + " cancel them or wait for them to end");
        }
        pool.delete();
        storage.deleteAll(name);
        deleted.fire(new PoolDeleted(name));
        kicks.fire(new PoolKick(name));
    }

    /** The request's policy over {@code base} (or the defaults): absent fields keep their value. */
    static PoolPolicy policy(PoolRequest r, PoolPolicy base) {
        PoolRequest.Workers w = r.workers() == null ? new PoolRequest.Workers(null, null, null, null) : r.workers();
        return new PoolPolicy(
                w.min() != null ? w.min() : base != null ? base.minWorkers() : 0,
                w.max() != null ? w.max() : base != null ? base.maxWorkers() : 2,
                w.cores() != null ? w.cores() : base != null ? base.workerCores() : 1,
                w.memory() != null ? MemorySize.parseForSpark("workers.memory", w.memory())
                        : base != null ? base.workerMemory() : MemorySize.parse("workers.memory", "1g"),
                r.idleTimeout() != null ? duration("idleTimeout", r.idleTimeout())
                        : base != null ? base.idleTimeout() : Duration.ofMinutes(5),
                r.scaleDownDelay() != null ? duration("scaleDownDelay", r.scaleDownDelay())
                        : base != null ? base.scaleDownDelay() : PoolPolicy.DEFAULT_SCALE_DOWN_DELAY);
    }

    static Duration duration(String field, String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw SparkportException.invalid(field + " '" + text + "' is not an ISO-8601 duration like PT5M");
        }
    }
}
