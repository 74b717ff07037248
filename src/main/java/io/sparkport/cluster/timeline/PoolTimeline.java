package io.sparkport.cluster.timeline;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.sparkport.SparkportConfig;
import io.sparkport.cluster.ClusterObservation;
import io.sparkport.cluster.Demand;
import io.sparkport.cluster.ScalingDecision;
import io.sparkport.pool.PoolEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Each pool's recent history as the reconcile passes saw it: a sample row whenever the levels change (and a
 * heartbeat row now and then), pruned to {@code sparkport.timeline.retention}; and, in memory, the latest
 * pass of every pool, which the console shows instead of observing the backend itself.
 */
@ApplicationScoped
public class PoolTimeline {

    private static final Logger LOG = Logger.getLogger(PoolTimeline.class);
    static final int MAX_SAMPLES = 20_000;
    static final int MAX_EVENTS = 1_000;

    private final SparkportConfig.TimelineSettings settings;
    private final PoolEvents events;
    private final Clock clock;
    private final Map<String, Sample> lastRecorded = new ConcurrentHashMap<>();
    private final Map<String, Pass> latest = new ConcurrentHashMap<>();

    /** A pool's latest reconcile pass: what it observed, what it decided, the demand it saw. */
    public record Pass(Instant at, ClusterObservation cluster, ScalingDecision decision, Demand demand) {
    }

    public PoolTimeline(SparkportConfig config, PoolEvents events, Clock clock) {
        this.settings = config.timeline();
        this.events = events;
        this.clock = clock;
    }

    /** Called by every reconcile pass; writes a row only when something changed or the heartbeat is due. */
    public void observed(String pool, ClusterObservation cluster, ScalingDecision decision, Demand demand) {
        Instant now = clock.instant();
        latest.put(pool, new Pass(now, cluster, decision, demand));
        Sample sample = Sample.of(now, cluster, decision, demand);
        if (!sample.worthRecording(lastRecorded.get(pool), settings.heartbeat())) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> PoolSample.of(pool, sample).persist());
            lastRecorded.put(pool, sample);
        } catch (RuntimeException e) {
            LOG.warnf(e, "pool %s: cannot record a timeline sample; the next pass tries again", pool);
        }
    }

    public Optional<Pass> latest(String pool) {
        return Optional.ofNullable(latest.get(pool));
    }

    /** The pool's timeline from {@code since} (at most the retention back) until now. */
    public Timeline read(String pool, Instant since) {
        Instant now = clock.instant();
        Instant oldest = now.minus(settings.retention());
        Instant from = since == null || since.isBefore(oldest) ? oldest : since.isAfter(now) ? now : since;
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Sample> samples = PoolSample.<PoolSample>find(
                            "pool = ?1 and sampledAt >= ?2 and sampledAt <= ?3 order by sampledAt, seq", pool, from, now)
                    .page(0, MAX_SAMPLES).list().stream().map(PoolSample::sample).toList();
            Sample before = PoolSample.<PoolSample>find("pool = ?1 and sampledAt < ?2 order by sampledAt desc, seq desc", pool, from)
                    .firstResultOptional().map(PoolSample::sample).orElse(null);
            List<TimelineSeries.EventIn> marks = events.since(pool, from, MAX_EVENTS).stream()
                    .map(e -> new TimelineSeries.EventIn(e.at, e.kind, e.message)).toList();
            return TimelineSeries.build(pool, from, now, before, samples, marks);
        });
    }

    /** The pool's timeline over the last {@code window}. */
    public Timeline readLast(String pool, Duration window) {
        return read(pool, clock.instant().minus(window));
    }

    public Duration retention() {
        return settings.retention();
    }

    @Scheduled(every = "10m", delayed = "1m")
    void prune() {
        Instant cutoff = clock.instant().minus(settings.retention());
        long deleted = QuarkusTransaction.requiringNew().call(() -> PoolSample.delete("sampledAt < ?1", cutoff));
        if (deleted > 0) {
            LOG.debugf("pruned %d timeline samples older than %s", deleted, cutoff);
        }
    }
}
