package io.sparkport.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prometheus view of each pool's loop: workers (current, desired), jobs (queued, running), and counters
 * of scale and teardown actions. Gauges are set by every reconcile pass.
 */
@ApplicationScoped
public class PoolMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();

    public PoolMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void observed(String pool, ClusterObservation cluster, ScalingDecision decision, Demand demand) {
        set("sparkport.pool.workers", pool, "kind", "current", cluster.workers().size());
        set("sparkport.pool.workers", pool, "kind", "desired", decision.desiredWorkers());
        set("sparkport.pool.jobs", pool, "state", "queued", demand.queuedJobs());
        set("sparkport.pool.jobs", pool, "state", "running", demand.activeJobs());
    }

    void acted(String pool, ScalingDecision.Action action) {
        registry.counter("sparkport.pool.actions", Tags.of("pool", pool, "action", action.name().toLowerCase())).increment();
    }

    private void set(String name, String pool, String key, String value, int n) {
        gauges.computeIfAbsent(name + '|' + pool + '|' + value, k -> {
            AtomicInteger holder = new AtomicInteger();
            Gauge.builder(name, holder, AtomicInteger::get).tags(Tags.of("pool", pool, key, value)).register(registry);
            return holder;
        }).set(n);
    }
}
