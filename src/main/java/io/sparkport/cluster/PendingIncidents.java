package io.sparkport.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What went wrong in each pool's cluster, kept until the reconciler takes it ({@link ClusterBackend#takeIncidents}). */
public final class PendingIncidents {

    private final Map<String, List<String>> byPool = new ConcurrentHashMap<>();

    public void add(String pool, String what) {
        byPool.computeIfAbsent(pool, p -> new CopyOnWriteArrayList<>()).add(what);
    }

    /** The pool's incidents since the last call, oldest first. */
    public List<String> take(String pool) {
        List<String> found = byPool.remove(pool);
        return found == null ? List.of() : List.copyOf(found);
    }
}
