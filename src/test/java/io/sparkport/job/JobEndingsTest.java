package io.sparkport.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A waiter wakes on an ending after what it saw, and only waits out its time when nothing ended. */
class JobEndingsTest {

    private final JobEndings endings = new JobEndings(null);

    @Test
    void anEndingBeforeTheWaitIsNotMissed() throws Exception {
        long seen = endings.seen();
        endings.ended(); // between reading the job and starting to wait
        long start = System.nanoTime();
        endings.awaitAfter(seen, 60_000);
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 30, "returned at once");
        assertEquals(seen + 1, endings.seen());
    }

    @Test
    void anEndingWakesAWaiter() throws Exception {
        long seen = endings.seen();
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            try {
                endings.awaitAfter(seen, 60_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        endings.ended();
        waiter.get(30, TimeUnit.SECONDS); // a missed wake-up would wait the full minute
    }

    @Test
    void withoutAnEndingTheWaitLastsItsTime() throws Exception {
        long start = System.nanoTime();
        endings.awaitAfter(endings.seen(), 50);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
    }
}
