package io.sparkport.sql;

import java.util.function.LongSupplier;

/**
 * The jobs one engine runs for users, as the gateway sees them: a warm-up runs its queries only while the engine
 * has been free of them for a moment, so that it never holds a user's query back by more than one of its own.
 */
final class EngineActivity {

    private final LongSupplier clock;
    private int running;
    private long lastChange;

    /** @param clock milliseconds */
    EngineActivity(LongSupplier clock) {
        this.clock = clock;
        this.lastChange = clock.getAsLong();
    }

    synchronized void started() {
        running++;
        lastChange = clock.getAsLong();
    }

    synchronized void ended() {
        running--;
        lastChange = clock.getAsLong();
    }

    /** Whether no job runs and none started or ended in the last {@code quietMillis}. */
    synchronized boolean quiet(long quietMillis) {
        return running == 0 && clock.getAsLong() - lastChange >= quietMillis;
    }
}
