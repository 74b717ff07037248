package io.sparkport.files;

/**
 * The number of requests being handled, so that a stop can wait for them (the JDK 17 server's own
 * {@code stop(delay)} waits the whole delay even when idle, JDK-8304065), and since when none is.
 */
final class InFlight {

    private int count;
    private long idleSince = System.nanoTime();

    synchronized void begin() {
        count++;
    }

    synchronized void end() {
        count--;
        idleSince = System.nanoTime();
        if (count == 0) {
            notifyAll();
        }
    }

    /** Whether no request is in flight and none ended within the given time. */
    synchronized boolean idleFor(long nanos) {
        return count == 0 && System.nanoTime() - idleSince >= nanos;
    }

    /** Waits until no request is in flight, at most the given time; returns whether none is. */
    synchronized boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (count > 0) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
