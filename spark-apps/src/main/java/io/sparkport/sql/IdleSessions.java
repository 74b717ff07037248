package io.sparkport.sql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Sessions of the SQL engines that a finished job left clean, ready for the next job on the same engine:
 * a new Spark Connect session costs a query about a quarter of a second more (the engine sets up the session
 * and its executors a class loader for it, where the query's generated code is compiled again). At most
 * {@code perEngine} wait per engine endpoint, none longer than {@code maxIdleMillis} (the engine forgets idle
 * sessions after a while); sessions of any other endpoint than the one asked for are given up (that engine was
 * replaced). What {@link #take} and {@link #give} drop comes back to the caller to close, outside the lock.
 *
 * @param <S> the session type
 */
final class IdleSessions<S> {

    /** What a call hands out, and what the caller must close. */
    record Taken<S>(S session, List<S> toClose) {
    }

    private record Idle<S>(S session, long since) {
    }

    private final int perEngine;
    private final long maxIdleMillis;
    private final LongSupplier clock;
    private final Map<String, Deque<Idle<S>>> idle = new HashMap<>();

    IdleSessions(int perEngine, long maxIdleMillis, LongSupplier clock) {
        this.perEngine = perEngine;
        this.maxIdleMillis = maxIdleMillis;
        this.clock = clock;
    }

    /** The most recently used idle session of the engine, or null; with every stale session to close. */
    synchronized Taken<S> take(String endpoint) {
        List<S> toClose = new ArrayList<>();
        for (Iterator<Map.Entry<String, Deque<Idle<S>>>> it = idle.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Deque<Idle<S>>> e = it.next();
            if (!e.getKey().equals(endpoint)) {
                e.getValue().forEach(i -> toClose.add(i.session()));
                it.remove();
            }
        }
        Deque<Idle<S>> sessions = idle.getOrDefault(endpoint, new ArrayDeque<>());
        long now = clock.getAsLong();
        S found = null;
        while (found == null && !sessions.isEmpty()) {
            Idle<S> next = sessions.pollFirst();
            if (now - next.since() <= maxIdleMillis) {
                found = next.session();
            } else {
                toClose.add(next.session());
            }
        }
        return new Taken<>(found, toClose);
    }

    /** Keeps a clean session for the engine's next job; returns the sessions to close (it, when full). */
    synchronized List<S> give(String endpoint, S session) {
        Deque<Idle<S>> sessions = idle.computeIfAbsent(endpoint, e -> new ArrayDeque<>());
        if (sessions.size() >= perEngine) {
            return List.of(session);
        }
        sessions.addFirst(new Idle<>(session, clock.getAsLong()));
        return List.of();
    }

    /** Every idle session, to close when the gateway stops. */
    synchronized List<S> drain() {
        List<S> all = new ArrayList<>();
        idle.values().forEach(d -> d.forEach(i -> all.add(i.session())));
        idle.clear();
        return all;
    }
}
