package io.sparkport.schedule;

import io.quarkus.panache.common.Sort;
import io.sparkport.SparkportException;
import io.sparkport.job.Job;
import io.sparkport.job.JobService;
import io.sparkport.job.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/** Schedules as users see them: create, read, replace, delete, and their recent runs. Firing is {@link ScheduleRunner}'s. */
@ApplicationScoped
public class ScheduleService {

    private static final Logger LOG = Logger.getLogger(ScheduleService.class);
    static final int RECENT_RUNS = 20;

    private final JobService jobs;
    private final Clock clock;

    public ScheduleService(JobService jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @Transactional
    public Schedule create(ScheduleRequest request) {
        ScheduleSpec spec = validate(request);
        requireFreeName(spec.name(), null);
        Schedule s = new Schedule();
        s.id = Schedule.newId();
        s.apply(spec);
        s.createdAt = clock.instant();
        s.updatedAt = s.createdAt;
        s.consideredUntil(s.createdAt);
        s.persist();
        LOG.infof("schedule %s (%s): created, %s, next run at %s", s.id, s.name, spec.cron(), s.nextRunAt);
        return s;
    }

    /**
     * Replaces the whole spec. A new cron expression or time zone counts from now: slots of the new
     * timing that lie before the change are never caught up. Resuming a suspended schedule is different:
     * as in Kubernetes, its latest slot missed while suspended may still start within the starting deadline.
     */
    @Transactional
    public Schedule replace(String id, ScheduleRequest request) {
        Schedule s = get(id);
        ScheduleSpec spec = validate(request);
        requireFreeName(spec.name(), id);
        boolean newTiming = !spec.cron().expression().text().equals(s.cron) || !spec.cron().zone().getId().equals(s.timeZone);
        s.apply(spec);
        Instant now = clock.instant();
        s.updatedAt = now;
        s.consideredUntil(newTiming && now.isAfter(s.consideredUntil) ? now : s.consideredUntil);
        LOG.infof("schedule %s (%s): updated, %s%s, next run at %s", s.id, s.name, spec.cron(),
                s.suspend ? ", suspended" : "", s.nextRunAt);
        return s;
    }

    /** The request that would create the schedule as it is now; what a PATCH is merged into. */
    public ScheduleRequest request(Schedule s) {
        return new ScheduleRequest(s.name, s.cron, s.timeZone, s.template, s.concurrencyPolicy.label(), s.suspend,
                s.successfulHistoryLimit, s.failedHistoryLimit,
                s.startingDeadline() == null ? null : s.startingDeadline().toString());
    }

    public Schedule get(String id) {
        Schedule s = Schedule.findById(id);
        if (s == null) {
            throw SparkportException.notFound("no schedule '" + id + "'");
        }
        return s;
    }

    public List<Schedule> list() {
        return Schedule.listAll(Sort.by("name"));
    }

    /** Deletes the schedule and its run records; jobs it started keep running and stay listed. */
    @Transactional
    public void delete(String id) {
        Schedule s = get(id);
        ScheduleRun.delete("scheduleId", id);
        s.delete();
        LOG.infof("schedule %s (%s): deleted", id, s.name);
    }

    /** The newest runs of the schedule with their jobs' states. */
    public List<RunStatus> recentRuns(String id) {
        List<ScheduleRun> runs = ScheduleRun.<ScheduleRun>find("scheduleId = ?1 order by seq desc", id)
                .page(0, RECENT_RUNS).list();
        Map<String, JobState> states = jobStates(runs);
        return runs.stream().map(r -> new RunStatus(r.jobId, state(r, states.get(r.jobId)), r.slot, r.at, r.manual,
                r.reason)).toList();
    }

    private static String state(ScheduleRun run, JobState jobState) {
        return run.outcome == RunOutcome.STARTED ? (jobState == null ? "DELETED" : jobState.name()) : run.outcome.name();
    }

    /** The states of the runs' jobs by job id; jobs that are gone are absent (and a null id finds nothing). */
    static Map<String, JobState> jobStates(List<ScheduleRun> runs) {
        Map<String, JobState> states = new HashMap<>();
        List<String> ids = runs.stream().map(r -> r.jobId).filter(Objects::nonNull).toList();
        if (!ids.isEmpty()) {
            Job.<Job>list("id in ?1", ids).forEach(j -> states.put(j.id, j.state));
        }
        return states;
    }

    private ScheduleSpec validate(ScheduleRequest request) {
        ScheduleSpec spec = ScheduleSpec.of(request);
        try {
            jobs.validate(spec.template());
        } catch (SparkportException e) {
            throw new SparkportException(e.kind(), "template: " + e.getMessage(), e);
        }
        return spec;
    }

    private static void requireFreeName(String name, String id) {
        Schedule other = Schedule.find("name", name).firstResult();
        if (other != null && !other.id.equals(id)) {
            throw SparkportException.conflict("schedule name '" + name + "' is taken by schedule " + other.id);
        }
    }
}
