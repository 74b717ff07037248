package io.sparkport.job;

import io.sparkport.engine.SqlEngineSettings;
import io.sparkport.SparkportException;
import io.sparkport.cluster.ClusterBackend;
import io.sparkport.cluster.PoolKick;
import io.sparkport.pool.Pool;
import io.sparkport.pool.PoolPath;
import io.sparkport.pool.PoolStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/** Jobs as users see them: submit, read, list, cancel. Running them is the reconciler's business. */
@ApplicationScoped
public class JobService {

    public static final int MAX_PAGE = 500;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final ClusterBackend backend;
    private final PoolStorage storage;
    private final Event<PoolKick> kicks;
    private final Clock clock;
    private final JobFiles files;
    private final SqlEngineSettings warmSql;
    private final JobLimits limits;
    private final JobEndings endings;

    public JobService(ClusterBackend backend, PoolStorage storage, Event<PoolKick> kicks, Clock clock, JobFiles files,
                      SqlEngineSettings warmSql, io.sparkport.SparkportConfig config, JobEndings endings) {
        this.backend = backend;
        this.endings = endings;
        this.warmSql = warmSql;
        this.storage = storage;
        this.kicks = kicks;
        this.clock = clock;
        this.files = files;
        this.limits = JobLimits.of(config.limits());
    }

    @Transactional
    public Job submit(JobRequest request) {
        return enqueue(validate(request));
    }

    /** Submits on behalf of a caller, who is recorded as the job's submitter. */
    @Transactional
    public Job submit(JobRequest request, String submittedBy) {
        return submit(request, submittedBy, null);
    }

    /** As above, with the batch id the client chose (a UUID; null: a random one). */
    @Transactional
    public Job submit(JobRequest request, String submittedBy, java.util.UUID batchId) {
        Job job = validate(request);
        job.submittedBy = submittedBy;
        job.batchId = batchId == null ? null : batchId.toString();
        return enqueue(job);
    }

    /**
     * Validates a submission without storing anything (the pool exists, the request fits its policy, the
     * application's files are in the pool) and returns the job to store; the schedules check their job
     * templates through here too. Not transactional on its own, so a refusal never spoils a caller's transaction.
     */
    public Job validate(JobRequest request) {
        if (request.pool() == null || request.pool().isBlank()) {
            throw SparkportException.invalid("pool is required");
        }
        Pool pool = Pool.findById(request.pool());
        if (pool == null) {
            throw SparkportException.invalid("pool '" + request.pool() + "' does not exist");
        }
        Job job = JobRequests.toJob(request, pool.policy(), backend.supportsPython(), warmSql.available(), limits);
        requireInPool(job.pool, job.appResource);
        job.pyFiles.forEach(f -> requireInPool(job.pool, f));
        return job;
    }

    /** Stores a job from {@link #validate} as QUEUED and asks its pool's loop for a pass once that commits. */
    @Transactional
    public Job enqueue(Job job) {
        job.id = newId();
        if (job.batchId == null) {
            job.batchId = java.util.UUID.randomUUID().toString();
        }
        job.createdAt = clock.instant();
        job.persist();
        kicks.fire(new PoolKick(job.pool));
        return job;
    }

    private void requireInPool(String pool, String resource) {
        if (resource == null || resource.toLowerCase(Locale.ROOT).matches("^(file|https?):.*")) {
            return;
        }
        if (!storage.exists(pool, PoolPath.parse(resource))) {
            throw SparkportException.invalid("'" + resource + "' is not a file in pool " + pool + "; upload it first");
        }
    }

    public Job get(String id) {
        Job job = Job.byId(id);
        if (job == null) {
            throw SparkportException.notFound("no job '" + id + "'");
        }
        return job;
    }

    /** Newest first; {@code after} is the id of the last job of the previous page. */
    public List<Job> list(String pool, JobState state, String schedule, int limit, String after) {
        return list(pool, state, schedule, limit, after, null);
    }

    /** As above, among the jobs of {@code visiblePools} only (null: all pools). */
    public List<Job> list(String pool, JobState state, String schedule, int limit, String after,
                          java.util.Collection<String> visiblePools) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw SparkportException.invalid("limit must be between 1 and " + MAX_PAGE);
        }
        JobFilter filter = new JobFilter(pool, state == null ? null : java.util.Set.of(state), schedule, null, null,
                null, null, null, null, visiblePools);
        if (filter.matchesNothing()) {
            return List.of();
        }
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        String where = filter.where(params);
        if (after != null) {
            where += " and seq < :after";
            params.put("after", get(after).seq);
        }
        return Job.<Job>find(where + " order by seq desc", params).page(0, limit).list();
    }

    /** One page of a listing by position, as the Livy and Kyuubi surfaces page: {@code total} counts every match. */
    public record Found(long total, List<Job> jobs) {
    }

    /** Jobs {@code [from, from + size)} of those that match, oldest first unless {@code newestFirst}. */
    public Found find(JobFilter filter, int from, int size, boolean newestFirst) {
        if (from < 0 || size < 0 || size > MAX_PAGE) {
            throw SparkportException.invalid("from must not be negative and size must be between 0 and " + MAX_PAGE);
        }
        if (filter.matchesNothing()) {
            return new Found(0, List.of());
        }
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        String where = filter.where(params);
        long total = Job.count(where, params);
        List<Job> jobs = size == 0 || from >= total ? List.of()
                : Job.<Job>find(where + " order by seq " + (newestFirst ? "desc" : "asc"), params).range(from, from + size - 1).list();
        return new Found(total, jobs);
    }

    /** A job by its seq, the integer the Livy surface shows as its id. */
    public java.util.Optional<Job> bySeq(long seq) {
        return Job.<Job>findByIdOptional(seq);
    }

    /** A job by its batch id (the Kyuubi surface's id). */
    public java.util.Optional<Job> byBatchId(String batchId) {
        return java.util.Optional.ofNullable(Job.byBatchId(batchId));
    }

    /**
     * Cancels a queued job at once; a started one is stopped by the reconciler's next pass. A pass may start the
     * job at the same moment (a READY engine takes a SQL job within milliseconds): the cancel is then written
     * again on the fresh row.
     */
    public Job cancel(String id) {
        return JobStore.write(() -> cancelOnce(id));
    }

    private Job cancelOnce(String id) {
        Job job = get(id);
        if (job.state.isTerminal()) {
            throw SparkportException.conflict("job " + id + " has already ended: " + job.state);
        }
        if (job.state == JobState.QUEUED) {
            job.state = JobState.CANCELLED;
            job.finishedAt = clock.instant();
            job.failureReason = "cancelled while queued";
            endings.ending();
        }
        job.cancelRequested = true;
        kicks.fire(new PoolKick(job.pool));
        return job;
    }

    /** Deletes an ended job: its record, driver log and result preview (its result files in the pool stay). */
    @Transactional
    public void forget(String id) {
        Job job = get(id);
        if (!job.state.isTerminal()) {
            throw SparkportException.conflict("job " + id + " has not ended yet: " + job.state);
        }
        job.delete();
        files.delete(id);
    }

    static String newId() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[RANDOM.nextInt(i == 0 ? 26 : ID_CHARS.length)];
        }
        return new String(id);
    }
}
