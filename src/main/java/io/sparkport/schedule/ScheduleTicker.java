package io.sparkport.schedule;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Drives the schedules from the database, where they live: every tick fires the schedules whose next run
 * is due, so nothing needs registering at start-up and a slot missed while the service was down is found
 * on the first tick (and caught up at most once). A schedule whose firing fails backs off exponentially.
 */
@ApplicationScoped
public class ScheduleTicker {

    private static final Logger LOG = Logger.getLogger(ScheduleTicker.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final ScheduleRunner runner;
    private final Clock clock;
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    private record Failure(int count, Instant retryAt) {
    }

    public ScheduleTicker(ScheduleRunner runner, Clock clock) {
        this.runner = runner;
        this.clock = clock;
    }

    @Scheduled(every = "${sparkport.schedules.tick-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        Instant now = clock.instant();
        List<String> due = QuarkusTransaction.requiringNew().call(() -> Schedule.<Schedule>list(
                "suspend = false and nextRunAt <= ?1 order by nextRunAt", now).stream().map(s -> s.id).toList());
        for (String id : due) {
            Failure failure = failures.get(id);
            if (failure != null && now.isBefore(failure.retryAt())) {
                continue;
            }
            try {
                if (runner.fire(id, now).isPresent()) {
                    runner.prune(id);
                }
                failures.remove(id);
            } catch (RuntimeException e) {
                int count = failure == null ? 1 : failure.count() + 1;
                Duration wait = backoff(count);
                failures.put(id, new Failure(count, now.plus(wait)));
                LOG.errorf(e, "schedule %s: firing failed (%d in a row), retrying in %s", id, count, wait);
            }
        }
    }

    /** Finished runs beyond the limits also go between firings, once their jobs end. */
    @Scheduled(every = "${sparkport.schedules.prune-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        List<String> ids = QuarkusTransaction.requiringNew().call(
                () -> Schedule.<Schedule>listAll().stream().map(s -> s.id).toList());
        for (String id : ids) {
            try {
                runner.prune(id);
            } catch (RuntimeException e) {
                LOG.errorf(e, "schedule %s: pruning its run history failed; trying again later", id);
            }
        }
    }

    static Duration backoff(int failures) {
        Duration d = Duration.ofSeconds(1L << Math.min(failures, 10));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
