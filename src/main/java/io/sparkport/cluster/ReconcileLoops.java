package io.sparkport.cluster;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.sparkport.pool.Pool;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs one reconcile loop per pool: never two passes of a pool at once, a kick during a pass runs
 * another pass right after it, a pass may ask to come back sooner, and failures back off
 * exponentially. A scheduled tick kicks every pool as a safety net.
 */
@ApplicationScoped
public class ReconcileLoops {

    private static final Logger LOG = Logger.getLogger(ReconcileLoops.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final PoolReconciler reconciler;
    private final Map<String, Loop> loops = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;

    public ReconcileLoops(PoolReconciler reconciler) {
        this.reconciler = reconciler;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "sparkport-reconcile-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static final class Loop {
        final String pool;
        boolean running;
        boolean pending;
        int failures;

        Loop(String pool) {
            this.pool = pool;
        }
    }

    void onKick(@Observes(during = TransactionPhase.AFTER_SUCCESS) PoolKick kick) {
        kick(kick.pool());
    }

    @Scheduled(every = "${sparkport.reconcile-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        Set<String> pools = new HashSet<>(loops.keySet());
        pools.addAll(QuarkusTransaction.requiringNew().call(
                () -> Pool.<Pool>listAll().stream().map(p -> p.name).toList()));
        pools.forEach(this::kick);
    }

    public void kick(String pool) {
        if (executor.isShutdown()) {
            return;
        }
        Loop loop = loops.computeIfAbsent(pool, Loop::new);
        synchronized (loop) {
            if (loop.running) {
                loop.pending = true;
                return;
            }
            loop.running = true;
        }
        executor.execute(() -> run(loop));
    }

    private void run(Loop loop) {
        Duration next;
        try {
            next = reconciler.reconcile(loop.pool);
            loop.failures = 0;
        } catch (RuntimeException e) {
            loop.failures++;
            next = backoff(loop.failures);
            LOG.errorf(e, "pool %s: reconcile pass failed (%d in a row), retrying in %s", loop.pool, loop.failures, next);
        }
        boolean again;
        synchronized (loop) {
            loop.running = false;
            again = loop.pending;
            loop.pending = false;
        }
        if (again) {
            kick(loop.pool);
        } else if (next != null && !executor.isShutdown()) {
            executor.schedule(() -> kick(loop.pool), next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    static Duration backoff(int failures) {
        Duration d = Duration.ofMillis(500L << Math.min(failures, 10));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /** Stops the loops before the backend stops its processes (observers of lower priority run first). */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("a reconcile pass did not finish within 10 s of shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
