package io.sparkport.job;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sparkport.SparkportException;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Answers whoever waits for a job's end (the synchronous SQL endpoint, {@code GET /jobs/{id}?wait=}) without
 * holding a request thread per wait: one thread of its own reads the rows of all awaited jobs in one query
 * whenever a job's end commits ({@link JobEndings}) and every 200 ms besides, and completes each wait on a
 * worker thread once its job ended or its time is up. Waits are measured in elapsed time (nanoTime), not by
 * the service's clock.
 */
@ApplicationScoped
public class JobWaiter {

    private static final Logger LOG = Logger.getLogger(JobWaiter.class);
    /** How long waits go without reading their jobs' rows when no job ends. */
    static final long RECHECK_MILLIS = 200;
    /** How long the thread sleeps with nothing to wait for (a new wait wakes it). */
    private static final long IDLE_MILLIS = 60_000;

    private record Waiting(String id, long deadline, CompletableFuture<Job> answer) {
    }

    private final JobEndings endings;
    private final Executor workers;
    private final Function<List<String>, Map<String, Job>> rows;
    private final Queue<Waiting> joining = new ConcurrentLinkedQueue<>();
    private Thread thread;
    private volatile boolean stopped;

    @Inject
    public JobWaiter(JobEndings endings, Vertx vertx) {
        this(endings, task -> vertx.executeBlocking(() -> {
            task.run();
            return null;
        }, false), JobWaiter::read);
    }

    JobWaiter(JobEndings endings, Executor workers, Function<List<String>, Map<String, Job>> rows) {
        this.endings = endings;
        this.workers = workers;
        this.rows = rows;
    }

    /**
     * The job's row once it is in a final state, or as it is when {@code wait} is over (a zero wait answers
     * with the row as read next); a 404 problem when the job no longer exists.
     */
    public CompletionStage<Job> awaitEnd(String id, Duration wait) {
        Waiting waiting = new Waiting(id, System.nanoTime() + wait.toNanos(), new CompletableFuture<>());
        joining.add(waiting);
        start();
        endings.wake();
        return waiting.answer;
    }

    private synchronized void start() {
        if (thread == null && !stopped) {
            thread = new Thread(this::run, "job-waiter");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        List<Waiting> waiting = new ArrayList<>();
        while (!stopped) {
            long seen = endings.seen();
            for (Waiting w = joining.poll(); w != null; w = joining.poll()) {
                waiting.add(w);
            }
            try {
                if (!waiting.isEmpty()) {
                    answer(waiting);
                }
                endings.awaitAfter(seen, pause(waiting));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Completes the waits whose job ended (or vanished) or whose time is up, and drops them from the list. */
    private void answer(List<Waiting> waiting) {
        Map<String, Job> jobs;
        try {
            jobs = rows.apply(waiting.stream().map(Waiting::id).distinct().toList());
        } catch (RuntimeException e) {
            LOG.warnf(e, "reading %d awaited jobs failed; trying again in %d ms", waiting.size(), RECHECK_MILLIS);
            expire(waiting, e);
            return;
        }
        long now = System.nanoTime();
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            Job job = jobs.get(w.id());
            if (job == null || job.state.isTerminal() || now - w.deadline() >= 0) {
                it.remove();
                workers.execute(job != null ? () -> w.answer().complete(job)
                        : () -> w.answer().completeExceptionally(SparkportException.notFound("job " + w.id() + " does not exist")));
            }
        }
    }

    /** After a failed read: the waits whose time is up get the failure. */
    private void expire(List<Waiting> waiting, RuntimeException failure) {
        long now = System.nanoTime();
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (now - w.deadline() >= 0) {
                it.remove();
                workers.execute(() -> w.answer().completeExceptionally(failure));
            }
        }
    }

    /** Until the next recheck or the nearest deadline, whichever first. */
    private static long pause(List<Waiting> waiting) {
        if (waiting.isEmpty()) {
            return IDLE_MILLIS;
        }
        long now = System.nanoTime();
        long nearest = waiting.stream().mapToLong(w -> w.deadline() - now).min().orElse(0);
        return Math.max(1, Math.min(RECHECK_MILLIS, TimeUnit.NANOSECONDS.toMillis(nearest + 999_999)));
    }

    private static Map<String, Job> read(List<String> ids) {
        return QuarkusTransaction.requiringNew().call(() -> Job.<Job>list("id in ?1", ids).stream()
                .collect(Collectors.toMap(job -> job.id, job -> job)));
    }
}
