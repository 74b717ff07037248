package io.sparkport.engine;

import io.sparkport.SparkportConfig;
import io.sparkport.pool.PoolEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Spark Connect client sessions open on the pools' warm engines, as the Connect frontend sees their calls,
 * and the calls that wait for an engine to come up. Both are work of their pool ({@link #work}): its cluster
 * stays up and its engine is not stopped for a batch job while they last. A session ends when its client
 * releases it, when its engine goes, or when it has had no call for {@code sparkport.connect.session-idle-timeout}.
 * Each session belongs to the Sparkport user who opened it: nobody else may use its id.
 */
@ApplicationScoped
public class ClientSessions {

    /** A session as the API shows it. */
    public record View(String id, String user, Instant since, Instant lastActivity, int activeCalls) {
    }

    /** What the frontend learns of a call: its session is the caller's, or someone else's. */
    public sealed interface Use permits Mine, Foreign {
    }

    public record Mine(String sessionId) implements Use {
    }

    public record Foreign(String owner) implements Use {
    }

    private static final class Session {
        final String id;
        final String pool;
        final String user;
        final String endpoint;
        final Instant since;
        volatile Instant lastActivity;
        final AtomicInteger activeCalls = new AtomicInteger();

        Session(String id, String pool, String user, String endpoint, Instant since) {
            this.id = id;
            this.pool = pool;
            this.user = user;
            this.endpoint = endpoint;
            this.since = since;
            this.lastActivity = since;
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastEnded = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    private final PoolEvents events;
    private final Clock clock;

    public ClientSessions(SparkportConfig config, PoolEvents events, Clock clock) {
        this.idleTimeout = config.connect().sessionIdleTimeout();
        this.events = events;
        this.clock = clock;
    }

    /**
     * A call of {@code user} in session {@code id} on the engine at {@code endpoint} starts: the session opens
     * on its first call. A session of someone else is not touched.
     */
    public Use callStarted(String pool, String id, String user, String endpoint) {
        Instant now = clock.instant();
        boolean[] opened = {false};
        Session session = sessions.compute(key(pool, id), (k, found) -> {
            if (found != null && found.endpoint.equals(endpoint)) {
                return found;
            }
            opened[0] = true;
            return new Session(id, pool, user, endpoint, now);
        });
        if (!session.user.equals(user)) {
            return new Foreign(session.user);
        }
        if (opened[0]) {
            events.record(pool, "client-session", "Spark Connect session " + id + " of " + user + " opened");
        }
        session.activeCalls.incrementAndGet();
        session.lastActivity = now;
        return new Mine(id);
    }

    /** The call ended; {@code released}: it was the client's ReleaseSession, and the session ends with it. */
    public void callEnded(String pool, String id, boolean released) {
        Session session = sessions.get(key(pool, id));
        if (session == null) {
            return;
        }
        session.activeCalls.decrementAndGet();
        session.lastActivity = clock.instant();
        if (released) {
            end(session, "released by its client");
        }
    }

    /** A call waits for the pool's engine (which it keeps wanted until {@link #stoppedWaiting}). */
    public void waiting(String pool) {
        waiting.computeIfAbsent(pool, p -> new AtomicInteger()).incrementAndGet();
    }

    public void stoppedWaiting(String pool) {
        AtomicInteger count = waiting.get(pool);
        if (count != null && count.decrementAndGet() <= 0) {
            waiting.remove(pool, count);
            lastEnded.put(pool, clock.instant());
        }
    }

    /**
     * The pool's client work now: its open sessions and waiting calls. Sessions of an engine that is gone
     * ({@code endpoint}, null when none runs) and sessions idle past the timeout end here.
     */
    public int work(String pool, String endpoint) {
        Instant now = clock.instant();
        int open = 0;
        for (Session session : List.copyOf(sessions.values())) {
            if (!session.pool.equals(pool)) {
                continue;
            }
            if (!session.endpoint.equals(endpoint)) {
                end(session, "ended with its SQL engine");
            } else if (idle(session.activeCalls.get(), session.lastActivity, now, idleTimeout)) {
                end(session, "released: no call for " + idleTimeout);
            } else {
                open++;
            }
        }
        AtomicInteger calls = waiting.get(pool);
        return open + (calls == null ? 0 : Math.max(0, calls.get()));
    }

    /** Whether a session with {@code activeCalls} running and its last call at {@code last} is released now. */
    static boolean idle(int activeCalls, Instant last, Instant now, Duration timeout) {
        return activeCalls <= 0 && !last.plus(timeout).isAfter(now);
    }

    /** When the pool's last client session ended (or its last waiting call gave up), if one did. */
    public Optional<Instant> lastEnded(String pool) {
        return Optional.ofNullable(lastEnded.get(pool));
    }

    public List<View> list(String pool) {
        List<View> views = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (s.pool.equals(pool)) {
                views.add(new View(s.id, s.user, s.since, s.lastActivity, Math.max(0, s.activeCalls.get())));
            }
        }
        views.sort(Comparator.comparing(View::since));
        return views;
    }

    /** Open sessions of every pool (for the metrics). */
    public int open() {
        return sessions.size();
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    private void end(Session session, String why) {
        if (sessions.remove(key(session.pool, session.id), session)) {
            lastEnded.put(session.pool, clock.instant());
            events.record(session.pool, "client-session", "Spark Connect session " + session.id + " of " + session.user
                    + " " + why);
        }
    }

    private static String key(String pool, String id) {
        return pool + "\u0000" + id;
    }
}
