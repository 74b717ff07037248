package io.sparkport.schedule;

import io.sparkport.SparkportException;
import io.sparkport.job.Job;
import io.sparkport.job.JobService;
import io.sparkport.job.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Starts the runs of schedules: the side effects around the pure decisions of {@link CatchUp},
 * {@link RunDecision} and {@link RunHistory}. Each firing is one transaction that locks the schedule,
 * marks the slot as dealt with, records the run and creates the job through {@link JobService}; either all
 * of it commits or none, so a restart or a second replica never fires a slot twice.
 */
@ApplicationScoped
public class ScheduleRunner {

    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class);
    private static final List<JobState> UNFINISHED = List.of(JobState.QUEUED, JobState.STARTING, JobState.RUNNING);

    private final JobService jobs;
    private final Clock clock;

    public ScheduleRunner(JobService jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * Deals with the schedule as of {@code now}: starts (or skips) its latest due slot, at most one, and
     * does nothing for a slot already dealt with. The ticker calls it with the clock's time; tests call it
     * with a later time to fire a slot without waiting for it.
     *
     * @return the run recorded, if a slot was due
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<ScheduleRun> fire(String id, Instant now) {
        Schedule s = Schedule.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (s == null || s.suspend) {
            return Optional.empty();
        }
        CatchUp.Outcome due = CatchUp.decide(s.cronSchedule(), s.consideredUntil, now, s.startingDeadline());
        if (due instanceof CatchUp.NotDue notDue) {
            s.nextRunAt = notDue.next();
            return Optional.empty();
        }
        if (due instanceof CatchUp.Missed missed) {
            s.consideredUntil(missed.slot());
            LOG.warnf("schedule %s (%s): slot %s missed its startingDeadline %s; skipped", s.id, s.name,
                    missed.slot(), s.startingDeadline());
            return Optional.of(record(s, missed.slot(), now, RunOutcome.SKIPPED, "missed: not started within the"
                    + " startingDeadline " + s.startingDeadline() + " of its time (the service was not running)"));
        }
        CatchUp.Fire fire = (CatchUp.Fire) due;
        s.consideredUntil(fire.slot());
        return Optional.of(start(s, fire.slot(), now,
                fire.missedEarlier() ? "catch-up: earlier slots were missed and are not run" : null));
    }

    /** Starts a run now, outside the cron timing; the concurrency policy still applies (Forbid gives a 409). */
    @Transactional
    public Job runNow(String id) {
        Schedule s = Schedule.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            throw SparkportException.notFound("no schedule '" + id + "'");
        }
        return jobs.get(start(s, null, clock.instant(), "manual run").jobId);
    }

    /**
     * The run for {@code slot} (null: manual): skipped when the policy forbids it, otherwise recorded first
     * (the database refuses a second record of a slot), then the job is created in the same transaction.
     */
    private ScheduleRun start(Schedule s, Instant slot, Instant now, String note) {
        boolean manual = slot == null;
        RunDecision decision = RunDecision.decide(s.concurrencyPolicy, activeJobs(s.id));
        if (!decision.start()) {
            if (manual) {
                throw SparkportException.conflict(decision.reason());
            }
            LOG.infof("schedule %s (%s): slot %s skipped: %s", s.id, s.name, slot, decision.reason());
            return record(s, slot, now, RunOutcome.SKIPPED, decision.reason());
        }
        ScheduleRun run = record(s, slot, now, RunOutcome.STARTED, join(note, decision.reason()));
        Job job;
        try {
            job = jobs.validate(s.template);
        } catch (SparkportException e) {
            if (manual) {
                throw new SparkportException(e.kind(), "template: " + e.getMessage(), e);
            }
            LOG.warnf("schedule %s (%s): slot %s cannot start: %s", s.id, s.name, slot, e.getMessage());
            run.outcome = RunOutcome.FAILED;
            run.reason = ScheduleRun.clip(join(note, "the template cannot be submitted: " + e.getMessage()));
            return run;
        }
        decision.cancelJobIds().forEach(jobs::cancel);
        job.scheduleId = s.id;
        jobs.enqueue(job);
        run.jobId = job.id;
        s.lastRunAt = now;
        s.lastJobId = job.id;
        LOG.infof("schedule %s (%s): %s started job %s in pool %s%s", s.id, s.name, manual ? "manual run" : "slot " + slot,
                job.id, job.pool, run.reason == null ? "" : " (" + run.reason + ")");
        return run;
    }

    private static ScheduleRun record(Schedule s, Instant slot, Instant now, RunOutcome outcome, String reason) {
        ScheduleRun run = ScheduleRun.of(s.id, slot, now, outcome, reason);
        run.persist();
        Schedule.getEntityManager().flush();
        return run;
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }

    private static List<RunDecision.ActiveJob> activeJobs(String scheduleId) {
        return Job.<Job>list("scheduleId = ?1 and state in ?2 order by seq", scheduleId, UNFINISHED).stream()
                .map(j -> new RunDecision.ActiveJob(j.id, j.state)).toList();
    }

    /** Deletes the finished runs beyond the schedule's history limits, and their jobs with their logs. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int prune(String id) {
        Schedule s = Schedule.findById(id);
        if (s == null) {
            return 0;
        }
        List<ScheduleRun> runs = ScheduleRun.newestFirst(id);
        Map<String, JobState> states = ScheduleService.jobStates(runs);
        Set<Long> prune = Set.copyOf(RunHistory.toPrune(runs.stream()
                .map(r -> new RunHistory.Entry(r.seq, RunHistory.kind(r.outcome, states.get(r.jobId)))).toList(),
                s.successfulHistoryLimit, s.failedHistoryLimit));
        for (ScheduleRun run : runs) {
            if (prune.contains(run.seq)) {
                if (run.jobId != null && states.containsKey(run.jobId)) {
                    jobs.forget(run.jobId);
                }
                run.delete();
            }
        }
        if (!prune.isEmpty()) {
            LOG.infof("schedule %s (%s): pruned %d finished runs beyond the history limits", s.id, s.name, prune.size());
        }
        return prune.size();
    }
}
