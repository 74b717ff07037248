package io.sparkport.job;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Which jobs a listing shows; every field may be null (no restriction). {@code python}: whether the
 * application is a .py file. {@code visiblePools} are the pools
 * the caller may see (null: all), {@code createdFrom} and {@code finishedBefore} bound the creation and end
 * times (inclusive).
 */
public record JobFilter(String pool, Set<JobState> states, String schedule, JobType type, Boolean python,
                        String submittedBy, String name, Instant createdFrom, Instant finishedBefore,
                        Collection<String> visiblePools) {

    public static final JobFilter ALL = new JobFilter(null, null, null, null, null, null, null, null, null, null);

    public JobFilter withType(JobType jobType) {
        return new JobFilter(pool, states, schedule, jobType, python, submittedBy, name, createdFrom, finishedBefore,
                visiblePools);
    }

    public JobFilter withName(String jobName) {
        return new JobFilter(pool, states, schedule, type, python, submittedBy, jobName, createdFrom, finishedBefore,
                visiblePools);
    }

    public JobFilter withVisiblePools(Collection<String> pools) {
        return new JobFilter(pool, states, schedule, type, python, submittedBy, name, createdFrom, finishedBefore, pools);
    }

    /** Whether no job can match (the caller sees no pool). */
    boolean matchesNothing() {
        return visiblePools != null && visiblePools.isEmpty() || states != null && states.isEmpty();
    }

    /** The JPQL condition on {@link Job}, its parameters put into {@code params}. */
    String where(Map<String, Object> params) {
        StringBuilder query = new StringBuilder("1 = 1");
        and(query, params, "pool = :pool", "pool", pool);
        and(query, params, "state in :states", "states", states);
        and(query, params, "scheduleId = :schedule", "schedule", schedule);
        and(query, params, "type = :type", "type", type);
        if (python != null) {
            query.append(python ? " and lower(appResource) like '%.py'"
                    : " and (appResource is null or lower(appResource) not like '%.py')");
        }
        and(query, params, "submittedBy = :user", "user", submittedBy);
        and(query, params, "name = :name", "name", name);
        and(query, params, "createdAt >= :createdFrom", "createdFrom", createdFrom);
        and(query, params, "finishedAt <= :finishedBefore", "finishedBefore", finishedBefore);
        and(query, params, "pool in :visible", "visible", visiblePools);
        return query.toString();
    }

    private static void and(StringBuilder query, Map<String, Object> params, String condition, String name, Object value) {
        if (value != null) {
            query.append(" and ").append(condition);
            params.put(name, value);
        }
    }
}
