package io.sparkport.pool;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Writes and reads pool events; every event is logged too, with its pool. */
@ApplicationScoped
public class PoolEvents {

    private static final Logger LOG = Logger.getLogger(PoolEvents.class);
    private static final int MAX_MESSAGE = 2000;

    private final Clock clock;

    public PoolEvents(Clock clock) {
        this.clock = clock;
    }

    public void record(String pool, String kind, String message) {
        LOG.infof("pool %s: %s: %s", pool, kind, message);
        QuarkusTransaction.requiringNew().run(() -> {
            PoolEvent event = new PoolEvent();
            event.pool = pool;
            event.at = clock.instant();
            event.kind = kind;
            event.message = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
            event.persist();
        });
    }

    /** Events of the pool after the given sequence number, oldest first. */
    public List<PoolEvent> after(String pool, long after, int limit) {
        return PoolEvent.<PoolEvent>find("pool = ?1 and seq > ?2 order by seq", pool, after).page(0, limit).list();
    }

    /** Events of the pool from the given instant on, oldest first. */
    public List<PoolEvent> since(String pool, Instant since, int limit) {
        return PoolEvent.<PoolEvent>find("from PoolEvent e where e.pool = ?1 and e.at >= ?2 order by e.seq", pool, since).page(0, limit).list();
    }

    /** The pool's newest events, newest first. */
    public List<PoolEvent> latest(String pool, int limit) {
        return PoolEvent.<PoolEvent>find("pool = ?1 order by seq desc", pool).page(0, limit).list();
    }
}
