package io.sparkport.api;

import io.sparkport.pool.PoolEvent;
import java.time.Instant;

/** A pool event; {@code seq} is what {@code ?after=} takes to read only newer events. */
public record EventView(long seq, Instant at, String kind, String message) {

    static EventView of(PoolEvent e) {
        return new EventView(e.seq, e.at, e.kind, e.message);
    }
}
