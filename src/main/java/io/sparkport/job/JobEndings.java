package io.sparkport.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.TimeUnit;

/**
 * Wakes whoever waits for jobs to end ({@link JobWaiter}) as soon as a transaction that ended a job commits,
 * instead of leaving them to poll the database on a timer. Waiters still read the job's row themselves: a
 * wake-up only says that some job ended (or that there is a new wait to look at).
 */
@ApplicationScoped
public class JobEndings {

    private final TransactionSynchronizationRegistry transactions;
    private long endings;

    public JobEndings(TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
    }

    /** Called in the transaction that ends a job: waiters wake once it commits. */
    void ending() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    ended();
                }
            }
        });
    }

    synchronized void ended() {
        endings++;
        notifyAll();
    }

    /** Wakes the waiters as an ending would: a new wait joined. */
    void wake() {
        ended();
    }

    /** How many job endings were seen so far: read it before reading a job, then {@link #awaitAfter}. */
    public synchronized long seen() {
        return endings;
    }

    /** Waits until a job ended after {@code seen} was read, at most {@code maxMillis}. */
    public synchronized void awaitAfter(long seen, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        for (long left = deadline - System.nanoTime(); endings == seen && left > 0; left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
